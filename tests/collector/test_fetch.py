"""The network edge against a real local server: statuses, timeouts, sizes, redirects, gzip, 304."""
from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib

import pytest

from collector.errors import (
    BodyTooLargeError,
    FetchTimeoutError,
    HTTPStatusError,
    TooManyRedirectsError,
    UnsafeURLError,
)
from collector.http import Fetcher
from collector.safety import check_url_async
from tests.collector.conftest import make_settings
from tests.collector.server import LocalServer


def fetcher(**changes: object) -> Fetcher:
    return Fetcher(make_settings(**changes).collector)


async def test_plain_and_gzip_bodies_with_user_agent(server: LocalServer) -> None:
    server.route("/plain", "hello", etag='"v1"')
    server.route("/gz", "compressed hello " * 100, gzip=True)
    async with fetcher(user_agent="briefbot-test/1") as f:
        plain = await f.fetch(server.url("/plain"))
        gz = await f.fetch(server.url("/gz"))
    assert plain.status == 200 and plain.body == b"hello" and plain.headers["etag"] == '"v1"'
    assert gz.body == b"compressed hello " * 100
    assert server.requests[0][1]["User-Agent"] == "briefbot-test/1"


async def test_conditional_get_gives_304(server: LocalServer) -> None:
    server.route("/feed", "<rss/>", etag='"abc"', last_modified="Mon, 02 Mar 2026 08:00:00 GMT")
    async with fetcher() as f:
        first = await f.fetch(server.url("/feed"))
        again = await f.fetch(server.url("/feed"), etag=first.headers["etag"])
        by_date = await f.fetch(server.url("/feed"), last_modified=first.headers["last-modified"])
    assert first.status == 200 and again.not_modified and by_date.not_modified
    assert again.body == b""


@pytest.mark.parametrize("status", [404, 500])
async def test_error_status_is_named(server: LocalServer, status: int) -> None:
    server.route("/x", "oops", status=status)
    async with fetcher() as f:
        with pytest.raises(HTTPStatusError, match=f"HTTP {status}"):
            await f.fetch(server.url("/x"))


async def test_read_timeout(server: LocalServer) -> None:
    server.route("/slow", "late", delay=3.0)
    async with fetcher(read_timeout=0.3, total_timeout=5.0) as f:
        with pytest.raises(FetchTimeoutError):
            await f.fetch(server.url("/slow"))


async def test_slow_drip_is_cut_by_the_total_deadline(server: LocalServer) -> None:
    server.route("/drip", b"x" * 2000, drip=0.02)  # 40 s in total, each byte well inside the read timeout
    start = time.monotonic()
    async with fetcher(read_timeout=2.0, total_timeout=0.5) as f:
        with pytest.raises(FetchTimeoutError, match="did not finish within 0.5s"):
            await f.fetch(server.url("/drip"))
    assert time.monotonic() - start < 2.0


async def test_50_mb_body_is_refused_while_streaming(server: LocalServer) -> None:
    server.route("/big", b"y" * 1_000_000, chunk_repeat=50)  # chunked: no Content-Length to trust
    server.route("/declared", b"z" * 2_000_000)
    tracemalloc.start()
    async with fetcher(max_body_bytes=1_000_000) as f:
        with pytest.raises(BodyTooLargeError, match="exceeds 1000000 bytes"):
            await f.fetch(server.url("/big"))
        with pytest.raises(BodyTooLargeError, match="over the 1000000-byte limit"):
            await f.fetch(server.url("/declared"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8_000_000


def _gzip_bomb(megabytes: int) -> bytes:
    comp = zlib.compressobj(1, zlib.DEFLATED, 31)
    block = b"\0" * 1_000_000
    return b"".join(comp.compress(block) for _ in range(megabytes)) + comp.flush()


async def test_gzip_bomb_is_refused_by_decompressed_size(server: LocalServer) -> None:
    bomb = _gzip_bomb(100)
    assert len(bomb) < 1_000_000
    server.route("/bomb", bomb, raw_gzip=True, content_type="application/rss+xml")
    tracemalloc.start()
    async with fetcher(max_body_bytes=5_000_000) as f:
        with pytest.raises(BodyTooLargeError, match="after decompression"):
            await f.fetch(server.url("/bomb"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 30_000_000
    assert gzip.decompress(_gzip_bomb(1)) == b"\0" * 1_000_000


async def test_redirects_followed_loops_and_chains_refused(server: LocalServer) -> None:
    server.route("/old", redirect="/new", status=301)
    server.route("/new", "moved here")
    server.route("/loop-a", redirect="/loop-b")
    server.route("/loop-b", redirect="/loop-a")
    for i in range(10):
        server.route(f"/hop{i}", redirect=f"/hop{i + 1}")
    async with fetcher(max_redirects=3) as f:
        moved = await f.fetch(server.url("/old"))
        with pytest.raises(TooManyRedirectsError, match="redirect loop"):
            await f.fetch(server.url("/loop-a"))
        with pytest.raises(TooManyRedirectsError, match="more than 3 redirects"):
            await f.fetch(server.url("/hop0"))
    assert moved.body == b"moved here" and moved.url == server.url("/new")


async def test_private_address_refused_before_any_request(server: LocalServer) -> None:
    server.route("/feed", "<rss/>")
    async with fetcher(allow_private_networks=False) as f:
        with pytest.raises(UnsafeURLError, match="loopback address"):
            await f.fetch(server.url("/feed"))
    assert server.hits("/feed") == 0


async def test_every_redirect_hop_is_checked(server: LocalServer) -> None:
    """The first hop stands in for a public host; the redirect targets get the real policy."""
    server.route("/to-metadata", redirect="http://169.254.169.254/latest/meta-data/")
    server.route("/to-private", redirect="http://10.1.2.3/admin")
    server.route("/to-loopback", redirect=server.url("/feed"))
    server.route("/to-file", redirect="file:///etc/passwd")
    server.route("/feed", "<rss/>")
    checked: list[str] = []

    async def policy(url: str) -> None:
        checked.append(url)
        if url.startswith(server.url("/to-")):  # the "public" first hop
            return
        await check_url_async(url, allow_private=False)

    cases = [("/to-metadata", "cloud metadata"), ("/to-private", "private address"),
             ("/to-loopback", "loopback address"), ("/to-file", "only http and https")]
    async with Fetcher(make_settings().collector, check=policy) as f:
        for path, why in cases:
            with pytest.raises(UnsafeURLError, match=why):
                await f.fetch(server.url(path))
    assert len(checked) == 8 and server.hits("/feed") == 0
