"""The benchmark's news server: N feeds x M entries with article pages, simulated latency, ETag/304.

Runs in its own process (asyncio, HTTP/1.1 keep-alive) so it never shares the collector's GIL.
"""
from __future__ import annotations

import asyncio
import random
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

PLACES = ["Velmora", "Drelland", "Ostvik", "Kessarine", "Loburg", "Marrowgate", "Tolvane", "Quessa", "Brindhal",
          "Orvenna", "Saltmere", "Ystrad Vale"]
PEOPLE = ["Ansel Brook", "Iris Kellan", "Tomas Verrin", "Mara Quell", "Jonah Petrakis", "Lena Ostrova",
          "Hugo Marchetti", "Edda Lindqvist", "Rafael Dunmore", "Sabine Arkwright"]
BODIES = ["harbour authority", "city council", "regional assembly", "dock workers' union", "teachers' guild",
          "weather office", "transport ministry", "farmers' cooperative", "port police", "health board"]
VERBS = ["demanded", "warned", "announced", "rejected", "approved", "postponed", "criticised", "proposed",
         "confirmed", "denied"]
OBJECTS = ["a new tram line", "higher night-shift pay", "the flood barrier budget", "a ban on heavy lorries",
           "talks on Thursday", "the closure of the mountain pass", "cheaper grain prices", "a school merger",
           "an inquiry into the bridge repairs", "a curfew for the old quarter", "an emergency shelter plan",
           "the ferry timetable for winter"]
TAILS = ["after a tense meeting on Monday", "despite protests outside the town hall", "before the spring election",
         "according to officials", "citing rising costs", "as rain continued across the valley",
         "in a statement late on Tuesday", "following weeks of negotiation"]


def sentence(rng: random.Random) -> str:
    """One fictional news sentence."""
    return (f"{rng.choice(PEOPLE)} of the {rng.choice(PLACES)} {rng.choice(BODIES)} {rng.choice(VERBS)} "
            f"{rng.choice(OBJECTS)} {rng.choice(TAILS)}, with {rng.randint(2, 900)} residents affected.")


def article(feed: int, entry: int, sentences: int = 24) -> tuple[str, str]:
    """(title, text) of one generated article; deterministic."""
    rng = random.Random(feed * 100_003 + entry)
    title = f"{rng.choice(PLACES)} {rng.choice(BODIES)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    paras = [" ".join(sentence(rng) for _ in range(4)) for _ in range(sentences // 4)]
    return title, "\n\n".join(paras)


def page(base: str, feed: int, entry: int) -> bytes:
    """An article page with navigation, the article and a footer."""
    title, text = article(feed, entry)
    body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="canonical" href="{base}/article/{feed}/{entry}"></head><body>'
            f'<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
            f"<article><h1>{title}</h1><p class=\"byline\">By {PEOPLE[entry % len(PEOPLE)]}</p>{body}</article>"
            f"<aside>Most read: markets, weather, ferries</aside><footer>Outlet {feed} &copy; 2026</footer>"
            f"</body></html>").encode()


def feed_xml(base: str, feed: int, entries: int) -> bytes:
    """An RSS 2.0 feed whose items link to the article pages."""
    start = datetime(2026, 3, 2, 6, 0, tzinfo=timezone.utc)
    items = []
    for e in range(entries):
        title, text = article(feed, e)
        when = format_datetime(start + timedelta(minutes=e * 7), usegmt=True)
        items.append(f"<item><title>{title}</title><link>{base}/article/{feed}/{e}</link>"
                     f"<guid>{base}/article/{feed}/{e}</guid><pubDate>{when}</pubDate>"
                     f"<description>{text.split(chr(10))[0][:300]}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Outlet {feed}</title>'
            f"<link>{base}/</link><description>News</description>{''.join(items)}</channel></rss>").encode()


class NewsServer:
    """HTTP/1.1 keep-alive server with a per-response latency drawn from [low, high] seconds."""

    def __init__(self, entries: int, low: float, high: float) -> None:
        self.entries, self.low, self.high = entries, low, high
        self.base = ""
        self.rng = random.Random(7)

    def respond(self, path: str, headers: dict[str, str]) -> tuple[int, str, bytes, str | None]:
        parts = path.strip("/").split("/")
        if parts[0] == "feed" and len(parts) == 2:
            etag = f'"feed-{parts[1]}-v1"'
            if headers.get("if-none-match") == etag:
                return 304, "", b"", etag
            return 200, "application/rss+xml", feed_xml(self.base, int(parts[1]), self.entries), etag
        if parts[0] == "article" and len(parts) == 3:
            return 200, "text/html; charset=utf-8", page(self.base, int(parts[1]), int(parts[2])), None
        return 404, "text/plain", b"not found", None

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
                await asyncio.sleep(self.rng.uniform(self.low, self.high))
                status, ctype, body, etag = self.respond(path, headers)
                out = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'X'}", f"Content-Length: {len(body)}"]
                if ctype:
                    out.append(f"Content-Type: {ctype}")
                if etag:
                    out.append(f"ETag: {etag}")
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode() + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError, ValueError):
            pass
        finally:
            writer.close()


def serve(entries: int, low: float, high: float, port_queue) -> None:  # noqa: ANN001 - multiprocessing queue
    """Process entry point: serve until killed; puts the port on port_queue once listening."""
    async def main() -> None:
        news = NewsServer(entries, low, high)
        server = await asyncio.start_server(news.handle, "127.0.0.1", 0, backlog=1024)
        port = server.sockets[0].getsockname()[1]
        news.base = f"http://127.0.0.1:{port}"
        port_queue.put(port)
        async with server:
            await server.serve_forever()

    asyncio.run(main())
