"""A tiny HTTP server on 127.0.0.1 (random port, own thread) serving the demo's prepared routes."""
from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

from bot.demo.site import Routes

log = logging.getLogger(__name__)


class _Handler(BaseHTTPRequestHandler):
    server: "DemoServer"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        """Serve a route, or 404."""
        found = self.server.routes.get(urlsplit(self.path).path)
        if found is None:
            self.send_error(404, "no such demo page")
            return
        content_type, body = found
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        """Requests go to the debug log, not stderr."""
        log.debug("demo server: " + format, *args)


class DemoServer(ThreadingHTTPServer):
    """Serves `routes` on 127.0.0.1 at a free port; use as a context manager."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: Routes = {}
        self._thread = threading.Thread(target=self.serve_forever, name="briefbot-demo-http", daemon=True)

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> "DemoServer":
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)
