"""Collection at scale: N feeds x M entries with article pages on a local server with simulated latency.

Measures a full first pass (fetch + extract + summarize + store), a second pass (all 304s), the network
edge alone, and two sequential baselines in the same run (both measured on --sequential-feeds feeds and
extrapolated): a plain fetch loop (httpx.Client, fetch only) and the like-for-like sequential full pipeline
(fetch, parse, extract, summarize, story-match and store, one article at a time); prints a Markdown table.

    /tmp/venv/bin/python bench/bench_collect.py            # 1,000 feeds x 20 entries
    /tmp/venv/bin/python bench/bench_collect.py --quick    # 60 feeds x 20 entries
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from bench.collect_server import page, serve  # noqa: E402
from collector.entries import prepare_entry, process_entry, summarize_entry, warm_up  # noqa: E402
from collector.feeds import parse_feed  # noqa: E402
from collector.http import Fetcher  # noqa: E402
from collector.models import Article, Source  # noqa: E402
from collector.pipeline import collect_sources_async  # noqa: E402
from config import load_settings  # noqa: E402
from storage import open_store  # noqa: E402


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--feeds", type=int, default=1000)
    p.add_argument("--entries", type=int, default=20)
    p.add_argument("--latency-ms", type=float, nargs=2, default=(50.0, 100.0), metavar=("MIN", "MAX"))
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 1) - 1),
                   help="processes for extract/summarize (default: as `briefbot collect`, one per core but one)")
    p.add_argument("--sequential-feeds", type=int, default=10, help="feeds (with pages) the sequential loop runs")
    p.add_argument("--no-pages", action="store_true", help="feeds only: summarize the feeds' own text")
    p.add_argument("--quick", action="store_true", help="60 feeds, 3 sequential feeds")
    p.add_argument("--story-vectors", action="store_true", help="[collector] story_vectors = true (lead vectors)")
    args = p.parse_args()
    if args.quick:
        args.feeds, args.sequential_feeds = min(args.feeds, 60), min(args.sequential_feeds, 3)
    return args


def stamp(what: str) -> None:
    """Progress on stderr."""
    print(f"[{time.strftime('%H:%M:%S')}] {what}...", file=sys.stderr, flush=True)


def maxrss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_pid(_: int = 0) -> int:
    time.sleep(0.5)
    return os.getpid()


def cpu_seconds() -> float:
    """User + system CPU seconds of this process so far."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def worker_rss(_: int = 0) -> tuple[int, tuple[float, float]]:
    time.sleep(0.2)  # keep this worker busy so the next call lands on another one
    return os.getpid(), (maxrss_mb(), cpu_seconds())


def cpu_costs(base: str, vectors: bool, n: int = 100) -> tuple[float, float]:
    """Per-article CPU ms of extraction and of summarizing+signing, measured in this process after a warm-up."""
    pages = [page(base, 99_999, i) for i in range(n)]
    warm_up()  # imports and lazy word lists, as the worker processes pay them before a pass
    start = time.process_time()
    fed = datetime(2026, 3, 2, 6, 0, tzinfo=timezone.utc)  # feed entries carry a date, as the bench's feeds do
    prepared = [prepare_entry(p, f"{base}/article/99999/{i}", "", None, None, fed) for i, p in enumerate(pages)]
    extract = (time.process_time() - start) / n * 1000
    start = time.process_time()
    for p in prepared:
        summarize_entry(p.text, p.title, p.published, p.url, vectors)
    return extract, (time.process_time() - start) / n * 1000


def sequential(base: str, feeds: int, entries: int, pages: bool) -> tuple[float, int]:
    """A plain loop: each feed, then each of its pages, one request after another."""
    start = time.perf_counter()
    requests = 0
    with httpx.Client(timeout=30) as client:
        for f in range(feeds):
            client.get(f"{base}/feed/{f}").raise_for_status()
            requests += 1
            for e in range(entries if pages else 0):
                client.get(f"{base}/article/{f}/{e}").raise_for_status()
                requests += 1
    return time.perf_counter() - start, requests


def sequential_full(base: str, feeds: int, settings, tmp: str) -> tuple[float, int]:  # noqa: ANN001
    """The like-for-like baseline: each feed, then each entry fetched, extracted, summarized, stored, in turn."""
    from collector.stories import StoryIndex

    index = StoryIndex(settings.collector.story_threshold)
    start = time.perf_counter()
    stored = 0
    with open_store(f"sqlite:///{tmp}/sequential.db") as store, httpx.Client(timeout=30) as client:
        for f in range(feeds):
            source = store.add_source(Source(url=f"{base}/feed/{f}", name=f"Outlet {f}"))
            r = client.get(source.url)
            feed = parse_feed(r.content, source.url, content_type=r.headers.get("content-type", ""))
            for e in feed.entries:
                done = process_entry(client.get(e.link).content, e.link, e.text, e.title, e.author, e.published,
                                     settings.collector.story_vectors)
                if done is None:
                    continue
                p, summary, signature, _error = done
                saved = store.save_article(Article(
                    url=p.url, title=p.title, text=p.text, source=source.label, source_id=source.id,
                    canonical_url=p.canonical_url, guid=e.guid, author=p.author, published=p.published,
                    fingerprint=p.fingerprint, minhash=signature, story_id=index.find(signature), summary=summary))
                index.add(saved.id, saved.story_id, signature)
                stored += 1
    return time.perf_counter() - start, stored


def in_child(ctx, func: Callable[..., Any], *args: Any) -> Any:  # noqa: ANN001 - a multiprocessing context
    """func(*args) in a fresh process, so that its imports and memory stay out of the collector process."""
    with ProcessPoolExecutor(1, mp_context=ctx) as child:
        return child.submit(func, *args).result()


def network_edge(settings, urls: list[str]) -> float:  # noqa: ANN001
    """Seconds to fetch every URL through the collector's Fetcher."""
    return asyncio.run(_network_edge(settings, urls))


async def _network_edge(settings, urls: list[str]) -> float:  # noqa: ANN001
    """Fetch every URL through the collector's Fetcher (limits, safety, streaming) and drop the bodies."""
    start = time.perf_counter()
    async with Fetcher(settings.collector) as fetcher:
        async def one(url: str) -> int:
            return len((await fetcher.fetch(url)).body)
        await asyncio.gather(*(one(u) for u in urls))
    return time.perf_counter() - start


def main() -> None:
    args = parse_args()
    ctx = multiprocessing.get_context("spawn")
    ports = ctx.Queue()
    lo, hi = (v / 1000 for v in args.latency_ms)
    server = ctx.Process(target=serve, args=(args.entries, lo, hi, ports), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{ports.get(timeout=30)}"
    pages = not args.no_pages
    settings = load_settings(env={}, overrides={"collector": {
        "allow_private_networks": True, "concurrency": args.concurrency,
        # All simulated outlets share one host:port here, so the per-host limit is raised to the global one.
        "per_host_concurrency": args.concurrency, "fetch_pages": pages, "total_timeout": 60.0,
        "story_vectors": args.story_vectors,
    }})
    total_requests = args.feeds * (1 + (args.entries if pages else 0))
    try:
        stamp("cpu costs")
        # In a child process too: the collector process itself never imports nltk or trafilatura.
        extract_ms, summarize_ms = in_child(ctx, cpu_costs, base, args.story_vectors)
        stamp("sequential loop")
        seq_s, seq_n = sequential(base, args.sequential_feeds, args.entries, pages)
        seq_total = seq_s / seq_n * total_requests
        stamp("sequential full pipeline")
        with tempfile.TemporaryDirectory() as tmp:  # in a child: its imports stay out of the collector process
            full_s, full_n = in_child(ctx, sequential_full, base, args.sequential_feeds, settings, tmp)
        full_total = full_s / max(1, full_n) * args.feeds * args.entries
        urls = [f"{base}/feed/{f}" for f in range(args.feeds)]
        urls += [f"{base}/article/{f}/{e}" for f in range(args.feeds) for e in range(args.entries)] if pages else []
        stamp("network edge")
        # In its own process, so the collector process's peak memory below is the collector's own.
        edge_s = in_child(ctx, network_edge, settings, urls)
        stamp("first pass")
        with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/bench.db") as store, \
                ProcessPoolExecutor(args.workers, mp_context=ctx, initializer=warm_up) as pool:
            while len(set(pool.map(worker_pid, range(args.workers)))) < args.workers:
                pass  # every worker started and warmed up (imports, first extraction) before timing
            sources = store.ensure_sources([Source(url=f"{base}/feed/{f}", name=f"Outlet {f}")
                                            for f in range(args.feeds)])
            timings: dict[str, float] = {}
            cpu_before, workers_before = cpu_seconds(), dict(pool.map(worker_rss, range(args.workers * 3)))
            first = asyncio.run(collect_sources_async(sources, store, settings, executor=pool, timings=timings))
            cpu_main = cpu_seconds() - cpu_before
            workers_after = dict(pool.map(worker_rss, range(args.workers * 3)))
            cpu_workers = sum(after[1] - workers_before.get(pid, (0.0, 0.0))[1] for pid, after in workers_after.items())
            stored = store.count_articles()
            rss_first = maxrss_mb()
            stamp("second pass")
            second = asyncio.run(collect_sources_async(store.list_sources(), store, settings, executor=pool))
            workers = dict(pool.map(worker_rss, range(args.workers * 3)))
    finally:
        server.kill()
    articles = args.feeds * args.entries
    print_table(args, locals())


def print_table(args: argparse.Namespace, v: dict) -> None:  # noqa: ANN001
    first, second = v["first"], v["second"]
    seq_note = (f"measured on {args.sequential_feeds} feeds ({v['seq_n']} requests, {v['seq_s']:.1f}s), "
                f"extrapolated to {v['total_requests']} requests")
    mode = "feeds only (--no-pages)" if args.no_pages else "feeds + article pages"
    print(f"\n### Collection at scale: {args.feeds} feeds x {args.entries} entries, {mode}, "
          f"latency {args.latency_ms[0]:g}-{args.latency_ms[1]:g} ms, concurrency {args.concurrency}, "
          f"{args.workers} worker processes, {os.cpu_count()} cores, story_vectors = "
          f"{'true' if args.story_vectors else 'false'}\n")
    print("| run | wall time | requests | articles/s | speed-up vs sequential | notes |")
    print("|---|---:|---:|---:|---:|---|")
    seq = v["seq_total"]
    full = v["full_total"]
    print(f"| sequential loop (httpx.Client) | {seq:.1f}s | {v['total_requests']} | "
          f"{v['articles'] / seq:.1f} | 1.0x | fetch only; {seq_note} |")
    print(f"| sequential full pipeline (fetch + extract + summarize + store, one at a time) | {full:.1f}s | "
          f"{v['total_requests']} | {v['articles'] / full:.1f} | {seq / full:.1f}x | like-for-like baseline; "
          f"measured on {args.sequential_feeds} feeds ({v['full_n']} articles stored, {v['full_s']:.1f}s), "
          f"extrapolated per article |")
    edge = v["edge_s"]
    print(f"| collector network edge only (Fetcher) | {edge:.1f}s | {v['total_requests']} | "
          f"{v['articles'] / edge:.1f} | {seq / edge:.1f}x | same requests, bodies dropped |")
    print(f"| collector first pass (full) | {first.seconds:.1f}s | {v['total_requests']} | "
          f"{first.new_articles / first.seconds:.1f} | {seq / first.seconds:.1f}x | {first.line()}; "
          f"{v['stored']} stored; **{full / first.seconds:.1f}x** the sequential full pipeline |")
    print(f"| collector second pass (all 304) | {second.seconds:.2f}s | {args.feeds} | - | "
          f"{seq / second.seconds:.0f}x | {second.line()} |")
    cpu_floor = v["articles"] * (v["extract_ms"] + v["summarize_ms"]) / 1000 / max(1, args.workers)
    print("\n| breakdown | value |")
    print("|---|---:|")
    print(f"| extraction per article (one core) | {v['extract_ms']:.1f} ms |")
    print(f"| summarize + story signature per article (one core) | {v['summarize_ms']:.1f} ms |")
    print(f"| CPU floor of the first pass ({v['articles']} articles / {args.workers} workers) | {cpu_floor:.1f}s |")
    for name, secs in sorted(v["timings"].items()):
        print(f"| task-seconds in {name} (summed over concurrent tasks) | {secs:.0f}s |")
    print(f"| peak memory, collector process after the first pass (ru_maxrss) | {v['rss_first']:.0f} MB |")
    print(f"| peak memory, collector process at the end (ru_maxrss) | {maxrss_mb():.0f} MB |")
    n = max(1, first.new_articles)
    print(f"| CPU of the collector process in the first pass (fetch, parse, store) | {v['cpu_main']:.0f}s "
          f"= {v['cpu_main'] / n * 1000:.1f} ms/article |")
    print(f"| CPU of the worker processes in the first pass (extract, summarize) | {v['cpu_workers']:.0f}s "
          f"= {v['cpu_workers'] / n * 1000:.1f} ms/article |")
    print(f"| CPU floor incl. the collector process ((main + workers) CPU / {os.cpu_count()} cores) | "
          f"{(v['cpu_main'] + v['cpu_workers']) / (os.cpu_count() or 1):.0f}s |")
    peaks = ", ".join(f"{mb:.0f}" for mb, _cpu in sorted(v["workers"].values()))
    print(f"| peak memory, worker processes (ru_maxrss each) | {peaks} MB |")
    total = maxrss_mb() + sum(mb for mb, _cpu in v["workers"].values())
    print(f"| **peak memory, collector process + workers (sum of each one's peak, an upper bound)** | "
          f"**{total:.0f} MB** |")


if __name__ == "__main__":
    main()
