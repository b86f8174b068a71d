"""A tiny static web server for the bundled sample trade-press site.

    with serve() as base:          # base is "http://127.0.0.1:PORT", no trailing slash
        ...fetch f"{base}/civic-ledger/comment/rss.xml"...

    python -m crawler.samplesite.server [--port 8000]

Only the standard library. Files are served from ``SITE_DIR`` (or the directory given):
``/x/`` serves ``x/index.html``; a directory asked for without its slash is redirected;
there are no directory listings; anything missing is a 404 with a small HTML body. The
literal ``{{BASE}}`` in text files (HTML, XML, RSS, robots.txt) is replaced by the origin the
client asked for, because sitemaps, feeds and robots.txt need absolute URLs and the port is
only known once the server is listening.

The server also answers as a plain HTTP proxy for any host (``http_proxy=http://127.0.0.1:PORT``):
``tradepress demo`` crawls the sample site as ``http://sample.tradepress.example/`` through it,
so the archive's URLs stay the same from one demo run to the next whatever the port.
"""

from __future__ import annotations

import argparse
import posixpath
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITE_DIR = Path(__file__).resolve().parent / "site"
PLACEHOLDER = b"{{BASE}}"

HTML = "text/html; charset=utf-8"
# Suffix -> Content-Type. Pages without a suffix (e.g. /build-review/opinion/some-slug) and
# `.article` pages are HTML.
CONTENT_TYPES = {
    ".html": HTML,
    ".htm": HTML,
    ".article": HTML,
    "": HTML,
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
}
# Content types whose body gets {{BASE}} substituted.
TEXT_PREFIXES = ("text/", "application/xml", "application/rss+xml", "application/atom+xml",
                 "application/json", "image/svg+xml")

NOT_FOUND_BODY = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>404 Not Found</title></head>
<body>
<h1>Page not found</h1>
<p>Sorry, the page you asked for does not exist or has been removed.</p>
</body>
</html>
"""


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


class SampleSiteServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its site directory and its own base URL."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], directory: Path):
        self.site_dir = Path(directory).resolve()
        super().__init__(address, SampleSiteHandler)
        host, port = self.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"


class SampleSiteHandler(BaseHTTPRequestHandler):
    server: SampleSiteServer
    server_version = "TradepressSampleSite/1.0"
    protocol_version = "HTTP/1.1"
    timeout = 15  # seconds an idle keep-alive connection is kept open

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        """Quiet: tests and demos should not print a line per request."""

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    # -- helpers -------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The origin the client asked for: the server itself, or a sample host when the
        server is used as an HTTP proxy (``GET http://sample.tradepress.example/... HTTP/1.1``)."""
        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            return f"{parts.scheme}://{parts.netloc}"
        host = self.headers.get("Host")
        return f"http://{host}" if host else self.server.base_url

    def _respond(self, send_body: bool) -> None:
        url_path = urlsplit(self.path).path or "/"
        target = self._resolve(url_path)
        if target is None:
            self._send(HTTPStatus.NOT_FOUND, HTML, NOT_FOUND_BODY.encode("utf-8"), send_body)
            return
        if target.is_dir():
            # A directory asked for without its trailing slash: redirect, as web servers do.
            index = target / "index.html"
            if not index.is_file():
                self._send(HTTPStatus.NOT_FOUND, HTML, NOT_FOUND_BODY.encode("utf-8"), send_body)
                return
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", self.base_url + url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        ctype = content_type(target)
        try:
            data = target.read_bytes()
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, HTML, NOT_FOUND_BODY.encode("utf-8"), send_body)
            return
        if ctype.startswith(TEXT_PREFIXES) and PLACEHOLDER in data:
            data = data.replace(PLACEHOLDER, self.base_url.encode("ascii"))
        self._send(HTTPStatus.OK, ctype, data, send_body,
                   last_modified=formatdate(target.stat().st_mtime, usegmt=True))

    def _resolve(self, url_path: str) -> Path | None:
        """The file (or directory) for a URL path, or None if there is none to serve."""
        path = unquote(url_path)
        if "\x00" in path or "\\" in path:
            return None
        trailing = path.endswith("/")
        normal = posixpath.normpath(path)
        parts = [p for p in normal.split("/") if p and p not in (".", "..")]
        if ".." in path.split("/"):
            return None
        root = self.server.site_dir
        target = root.joinpath(*parts) if parts else root
        try:
            target = target.resolve()
            target.relative_to(root)
        except (OSError, ValueError):
            return None
        if trailing or not parts:
            index = target / "index.html"
            return index if index.is_file() else None
        if target.is_file() or target.is_dir():
            return target
        return None

    def _send(self, status: HTTPStatus, ctype: str, data: bytes, send_body: bool,
              last_modified: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if last_modified:
            self.send_header("Last-Modified", last_modified)
        self.end_headers()
        if send_body:
            self.wfile.write(data)


@contextmanager
def serve(directory: str | Path = SITE_DIR, port: int = 0) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a random free port by default) in a daemon thread.

    Yields the base URL, e.g. ``"http://127.0.0.1:54321"``; shuts the server down on exit.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"no such site directory: {directory}")
    httpd = SampleSiteServer(("127.0.0.1", port), directory)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                              name="samplesite-server", daemon=True)
    thread.start()
    try:
        yield httpd.base_url
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crawler.samplesite.server",
        description="Serve the bundled sample trade-press site on 127.0.0.1 until Ctrl-C.")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: any free)")
    parser.add_argument("--directory", default=str(SITE_DIR), help="site directory to serve")
    args = parser.parse_args(argv)
    with serve(args.directory, port=args.port) as base:
        print(f"Serving the sample trade-press site at {base}/", flush=True)
        for name in ("civic-ledger", "nursing-practice", "build-review"):
            print(f"  {base}/{name}/", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("\nStopped.", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
