"""A small real HTTP/1.1 server on 127.0.0.1 for tests: a per-test route table of canned responses.

    with LocalServer() as server:
        server.route("/feed.xml", body=b"<rss ...>", content_type="application/rss+xml", etag='"v1"')
        server.url("/feed.xml")  # -> http://127.0.0.1:PORT/feed.xml
"""
from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Route:
    """One canned response: status, body, headers, and misbehaviours (drip, delay, gzip, redirect)."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answer 304 when If-None-Match matches
    last_modified: str | None = None  # answer 304 when If-Modified-Since matches exactly
    gzip: bool = False  # compress body (or serve `body` as-is when it is already gzip: set raw_gzip)
    raw_gzip: bool = False  # body is already gzip-compressed; just add Content-Encoding
    redirect: str | None = None  # Location header (status defaults to 302)
    delay: float = 0.0  # seconds before the headers
    drip: float = 0.0  # seconds between single bytes of the body
    chunk_repeat: int = 0  # stream `body` this many times with chunked encoding (huge bodies, no memory)
    send_length: bool = True


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up early (size limits, deadlines) are expected here: no tracebacks for them."""

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 (port chosen by the OS) serving a route table."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[BaseHTTPRequestHandler], Route]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        return self._httpd.server_address[1]

    def url(self, path: str = "/") -> str:
        """An absolute URL on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **kwargs: object) -> Route:
        """Serve `body` (and the Route options) at `path`; returns the Route."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        if "redirect" in kwargs and "status" not in kwargs:
            kwargs["status"] = 302
        route = Route(body=data, **kwargs)  # type: ignore[arg-type]
        self.routes[path] = route
        return route

    def hits(self, path: str) -> int:
        """How many requests reached `path`."""
        with self._lock:
            return sum(1 for p, _ in self.requests if p == path)

    def start(self) -> "LocalServer":
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _make_handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence access logs
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            path = self.path
            with server._lock:
                server.requests.append((path, dict(self.headers.items())))
            route = server.routes.get(path) or server.routes.get(path.split("?", 1)[0])
            if callable(route):
                route = route(self)
            if route is None:
                route = Route(b"not found", status=404)
            try:
                _respond(self, route)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    return Handler


def _respond(h: BaseHTTPRequestHandler, r: Route) -> None:
    if r.delay:
        time.sleep(r.delay)
    if (r.etag and h.headers.get("If-None-Match") == r.etag) or (
        r.last_modified and h.headers.get("If-Modified-Since") == r.last_modified
    ):
        h.send_response(304)
        h.send_header("Content-Length", "0")
        h.end_headers()
        return
    body = gzip.compress(r.body) if r.gzip else r.body
    h.send_response(r.status)
    if r.content_type:
        h.send_header("Content-Type", r.content_type)
    if r.gzip or r.raw_gzip:
        h.send_header("Content-Encoding", "gzip")
    if r.etag:
        h.send_header("ETag", r.etag)
    if r.last_modified:
        h.send_header("Last-Modified", r.last_modified)
    if r.redirect:
        h.send_header("Location", r.redirect)
    for key, value in r.headers.items():
        h.send_header(key, value)
    if r.chunk_repeat:
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        for _ in range(r.chunk_repeat):
            h.wfile.write(b"%x\r\n%s\r\n" % (len(body), body))
        h.wfile.write(b"0\r\n\r\n")
        return
    if r.send_length:
        h.send_header("Content-Length", str(len(body)))
    else:
        h.send_header("Connection", "close")
        h.close_connection = True
    h.end_headers()
    if r.drip:
        for i in range(len(body)):
            h.wfile.write(body[i:i + 1])
            h.wfile.flush()
            time.sleep(r.drip)
        return
    h.wfile.write(body)
