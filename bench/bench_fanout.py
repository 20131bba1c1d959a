"""Digest fan-out: N subscribed chats against the fake Bot API with Telegram's limits enforced.

The fake (tests/fakes/telegram_api.py) runs in a child process, so the CPU time measured here is the bot
side only (runner, Sender, PTB, SQLite store). Limits: 30 msg/s global, 1/s per private chat, 20/min per
group; a few 429s are injected during the run on top of the server's own. Lost and duplicated messages
are counted from the fake's records against the delivery parts persisted in the store. Baselines in the
same run (fewer messages): a naive concurrent sender that retries after 429, and a sequential loop
sleeping 1/30 s between sends.

    /tmp/venv/bin/python bench/bench_fanout.py --chats 10000   # the full run (~6-7 minutes)
    /tmp/venv/bin/python bench/bench_fanout.py --quick         # 300 chats, small baselines
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402
from telegram.error import RetryAfter  # noqa: E402

from bot.delivery import Sender, build_bot, retry_seconds  # noqa: E402
from bot.digests import run_due_digests  # noqa: E402
from config import load_settings  # noqa: E402
from storage import Store, open_store  # noqa: E402
from storage.schema import chats, subscriptions  # noqa: E402
from tests.fakes.digest_news import save_story  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402
from tests.fakes.telegram_limits import max_in_window  # noqa: E402

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)  # past 08:00 in Berlin, UTC and Tokyo
ZONES = ("Europe/Berlin", "UTC", "Asia/Tokyo")
TOPICS = ("", "ferry", "dam", "school", "hearing")  # "" = all stories; "hearing" = long, multi-part digests
LIMIT = 30.0


def serve_fake(conn: Any, latency: float) -> None:
    """Child process: run the fake and answer commands from the parent over a pipe."""
    with FakeTelegram() as fake:
        fake.latency = latency
        fake.enforce_limits(global_per_s=LIMIT, per_chat_per_s=1, group_per_min=20)
        conn.send((fake.base_url, fake.token))
        while True:
            cmd, args = conn.recv()
            if cmd == "stop":
                return
            if cmd == "fail_next":
                fake.fail_next(*args)
            elif cmd == "block":
                fake.block(*args)
            elif cmd == "count":
                conn.send(len(fake.messages))
            elif cmd == "records":
                conn.send(([(m.chat_id, m.text, m.time) for m in fake.sent()], fake.count("sendMessage", 429),
                           fake.flood_rejections))


class RemoteFake:
    """The parent's handle on the fake in its child process."""

    def __init__(self, latency: float) -> None:
        self.conn, child = mp.Pipe()
        self.proc = mp.get_context("spawn").Process(target=serve_fake, args=(child, latency), daemon=True)
        self.proc.start()
        self.base_url, self.token = self.conn.recv()

    def call(self, cmd: str, *args: Any) -> Any:
        """Send a command; return the answer for queries."""
        self.conn.send((cmd, args))
        return self.conn.recv() if cmd in ("count", "records") else None

    def stop(self) -> None:
        """Stop the child process."""
        self.conn.send(("stop", ()))
        self.proc.join(10)


def seed(store: Store, n_chats: int, n_blocked: int) -> list[int]:
    """Stories for a few shared digests, n chats (every 25th a group) bulk-inserted; returns blocked ids."""
    # 5 topics x 3 zones = 15 distinct renderings shared by all chats.
    for n, title in enumerate(["Velmora ferry strike enters third week", "Kessel dam inspection finds cracks",
                               "School board of Orrin votes on new calendar", "Ferry operator meets unions"]):
        save_story(store, n, title, collected=NOW - timedelta(hours=2, minutes=n))
    for n in range(10, 15):
        save_story(store, n, f"Harbour hearing day {n}", collected=NOW - timedelta(hours=3, minutes=n), long=True)
    rows, subs = [], []
    for i in range(1, n_chats + 1):
        group = i % 25 == 0
        chat_id = -1000000 - i if group else i
        rows.append({"id": chat_id, "type": "group" if group else "private", "title": f"Chat {i}",
                     "timezone": ZONES[i % len(ZONES)], "digest_time": "08:00", "active": True, "created": NOW})
        # 10% everything and 5% the long "hearing" stories (two-part digests), 85% one of three topics
        topic = TOPICS[0] if i % 20 < 2 else TOPICS[4] if i % 20 == 2 else TOPICS[1 + i % 3]
        subs.append({"chat_id": chat_id, "kind": "topic" if topic else "all", "query": topic, "created": NOW})
    with store.db.write() as conn:  # bench shortcut: one bulk insert instead of 3 store calls per chat
        conn.execute(insert(chats), rows)
        conn.execute(insert(subscriptions), subs)
    step = max(1, n_chats // max(1, n_blocked))
    return [i for i in range(step // 2 + 1, n_chats + 1, step) if i % 25][:n_blocked]


async def inject_429s(fake: RemoteFake, total: int, count: int, stop: asyncio.Event) -> int:
    """Inject one 429 (retry_after 1) each time another total/count messages went out."""
    injected, every = 0, max(1, total // (count + 1))
    while not stop.is_set() and injected < count:
        if fake.call("count") >= every * (injected + 1):
            fake.call("fail_next", "sendMessage", 429, None, 1, 1)
            injected += 1
        await asyncio.sleep(0.25)
    return injected


def verdict(records: list[tuple[Any, str, float]], expected: Counter[tuple[Any, str]]) -> dict[str, Any]:
    """Lost/duplicated messages and the achieved rate from the fake's records."""
    got = Counter((chat_id, text) for chat_id, text, _ in records)
    times = sorted(t for *_, t in records)
    span = (times[-1] - times[0]) if len(times) > 1 else 0.0
    return {"delivered": len(records), "lost": sum((expected - got).values()),
            "duplicated": sum((got - expected).values()),
            "rate": (len(times) - 1) / span if span else 0.0, "max_1s": max_in_window(times, 1.0) if times else 0}


async def run_briefbot(n_chats: int, n_429: int, latency: float, workdir: Path) -> dict[str, Any]:
    """The digest runner with the Sender, on a fresh store and fake."""
    settings = load_settings(env={}, overrides={"general": {"data_dir": str(workdir)}})
    store = open_store(f"sqlite:///{workdir / 'fanout.db'}")
    blocked = seed(store, n_chats, max(1, n_chats // 500))
    fake = RemoteFake(latency)
    for chat_id in blocked:
        fake.call("block", chat_id)
    bot = build_bot(fake.token, fake.base_url, pool_size=64)
    stop = asyncio.Event()
    async with bot:
        sender = Sender(bot, settings.bot)
        injector = asyncio.create_task(inject_429s(fake, n_chats, n_429, stop))
        cpu, wall = time.process_time(), time.monotonic()
        report = await run_due_digests(sender, store, settings, NOW)
        cpu, wall = time.process_time() - cpu, time.monotonic() - wall
        stop.set()
        injected = await injector
    records, seen_429, rejected = fake.call("records")
    fake.stop()
    expected: Counter[tuple[Any, str]] = Counter()
    for chat in store.list_chats():
        delivery = store.get_delivery(chat.id, NOW.astimezone(timezone.utc).date())
        if delivery is not None and delivery.status == "sent":
            expected.update((chat.id, part) for part in delivery.parts)
    store.close()
    result = verdict(records, expected)
    result.update(name="briefbot Sender + digest runner", messages=sum(expected.values()), seen_429=seen_429,
                  injected=injected, recovered=sender.stats.retry_after, wall=wall,
                  cpu_per_1k=1000 * cpu / max(1, result["delivered"]),
                  note=f"{n_chats} chats, {report.renders} renders, {report.blocked} blocked -> inactive, "
                       f"{report.sent} sent; limit 429s by window: {rejected}")
    return result


async def run_baseline(kind: str, n_msgs: int, latency: float) -> dict[str, Any]:
    """A baseline sender: 'naive' (all at once, retry after 429) or 'sequential' (sleep 1/30 s)."""
    fake = RemoteFake(latency)
    bot = build_bot(fake.token, fake.base_url, pool_size=64)
    texts = {i: f"<b>Digest</b> for chat {i}: Velmora ferry strike &amp; Kessel dam" for i in range(1, n_msgs + 1)}
    retries = 0
    gate = asyncio.Semaphore(200)

    async def send(chat_id: int) -> None:
        nonlocal retries
        async with gate:
            while True:
                try:
                    await bot.send_message(chat_id, texts[chat_id], parse_mode="HTML")
                    return
                except RetryAfter as exc:
                    retries += 1
                    await asyncio.sleep(retry_seconds(exc))

    async with bot:
        cpu, wall = time.process_time(), time.monotonic()
        if kind == "naive":
            await asyncio.gather(*(send(i) for i in texts))
        else:
            for i in texts:
                await send(i)
                await asyncio.sleep(1 / LIMIT)
        cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    records, seen_429, rejected = fake.call("records")
    fake.stop()
    result = verdict(records, Counter((i, t) for i, t in texts.items()))
    name = ("naive gather, retry after 429 (no pacing)" if kind == "naive"
            else "sequential send + sleep(1/30 s)")
    result.update(name=name, messages=n_msgs, seen_429=seen_429, injected=0, recovered=retries, wall=wall,
                  cpu_per_1k=1000 * cpu / max(1, result["delivered"]), note=f"{n_msgs} chats; limit 429s by window: {rejected}")
    return result


def table(rows: list[dict[str, Any]]) -> str:
    """The Markdown results table."""
    head = ("| sender | messages | delivered | lost | duplicated | msg/s (server) | % of 30/s | max in any 1 s "
            "| 429s seen (injected) | 429s retried | CPU s / 1k msgs | wall s | notes |")
    lines = [head, "|" + "---|" * 13]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['messages']} | {r['delivered']} | {r['lost']} | {r['duplicated']} "
            f"| {r['rate']:.2f} | {100 * r['rate'] / LIMIT:.1f}% | {r['max_1s']} | {r['seen_429']} ({r['injected']}) "
            f"| {r['recovered']} | {r['cpu_per_1k']:.2f} | {r['wall']:.1f} | {r['note']} |")
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> None:
    """Run our sender, then the baselines, and print the table."""
    with tempfile.TemporaryDirectory(prefix="bench_fanout_") as tmp:
        rows = [await run_briefbot(args.chats, args.inject_429, args.latency, Path(tmp))]
    for kind in ("naive", "sequential"):
        rows.append(await run_baseline(kind, args.baseline, args.latency))
    print(f"\nDigest fan-out against the fake Bot API (limits 30/s global, 1/s per chat, 20/min per group; "
          f"{args.latency * 1000:.0f} ms simulated latency)\n")
    print(table(rows))


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--chats", type=int, default=10000, help="subscribed chats (default 10000)")
    p.add_argument("--baseline", type=int, default=600, help="messages for each baseline (default 600)")
    p.add_argument("--inject-429", type=int, default=None, help="429s injected during the run")
    p.add_argument("--latency", type=float, default=0.05, help="simulated Bot API latency, seconds")
    p.add_argument("--quick", action="store_true", help="300 chats, 150-message baselines")
    args = p.parse_args()
    if args.quick:
        args.chats, args.baseline = min(args.chats, 300), min(args.baseline, 150)
    if args.inject_429 is None:
        args.inject_429 = max(3, args.chats // 1000)
    return args


if __name__ == "__main__":
    asyncio.run(main_async(parse_args()))
