"""A tiny static web server for the bundled sample trade-press site.

    with serve_sample_site() as base:          # base is "http://127.0.0.1:PORT", no trailing slash
        ...fetch f"{base}/civic-ledger/comment/rss.xml"...

    with serve_site() as site:     # the same server, plus run-time edits and a request log
        site.replace("/civic-ledger/", "<p>a new front page</p>")
        site.remove("/build-review/letters/some-letter", status=410)
        ...crawl site.url..., then assert on site.requests
        site.restore("/civic-ledger/")   # or site.reset() for everything

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

**The Ward Round** (``/ward-round/``, ``crawler/samplesite/subscriber.py``, pages in
``subscriber/``): a fictional subscriber-only weekly, served dynamically, also through the
proxy. Anonymous readers get teasers behind a paywall box; ``/ward-round/login`` (a form with
a CSRF token, ``POST``) sets a ``wr_session`` cookie that unlocks the full text.
``site.subscriber`` sets how sessions expire and the form's password field, and counts logins
and page views (see that module). ``serve_sample_site()`` serves it too; the demo has no
profile for it. ``POST`` is answered there only (elsewhere ``405``); the request log records
a ``POST``'s method, path and headers, never its body.

For tests of recrawls, page versions and conditional requests:

* **Run-time edits** (``serve_site()``, which yields a ``SampleSite``). ``site.replace(path,
  body)`` makes a URL path serve other content from then on (the path need not exist on disk;
  ``{{BASE}}`` is still substituted in text); ``site.remove(path, status=404)`` makes it answer
  404 (or 410, ...); ``site.restore(path)`` and ``site.reset()`` go back to the files on disk.
  Paths are matched exactly, after percent-decoding and dropping any query: ``/x`` and ``/x/``
  are different paths, and editing a directory does not edit the pages under it.
* **Request log.** ``site.requests`` lists every request received, oldest first, as
  ``RecordedRequest(method, path, headers)`` tuples: ``path`` is the request target in origin
  form (path and query, also for proxy requests; the host is in ``headers["host"]``) and
  ``headers`` is a dict with lower-cased names; ``site.request_times`` says when each arrived
  (``time.time()``). A request is logged before its response is sent, so once a client has its
  response, the request is in the log.
* **Validators.** Every 200 carries a strong ``ETag`` (a quoted hash of the exact bytes served,
  after substitution, so the same file has different ETags at different origins) and a
  ``Last-Modified`` (the file's mtime, or the time of the ``replace()`` call). The Ward
  Round's pages are per reader: no validators, ``Cache-Control: private, no-store``.
* **Conditional requests.** A GET or HEAD whose ``If-None-Match`` matches the current ETag
  (``*`` and weak ``W/"..."`` tags included), or, when there is no ``If-None-Match``, whose
  ``If-Modified-Since`` is not older than ``Last-Modified``, gets ``304 Not Modified`` with
  the ETag and ``Last-Modified`` and no body. HTTP dates have a resolution of one second:
  two ``replace()`` calls within the same second share a ``Last-Modified``, so pass
  ``last_modified=`` to ``replace()`` when a test relies on ``If-Modified-Since`` alone.
"""

from __future__ import annotations

import argparse
import hashlib
import posixpath
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from crawler.samplesite.subscriber import MAX_FORM_BYTES, Reply, Subscriber, is_subscriber_path

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

ERROR_BODY = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{code} {phrase}</title></head>
<body>
<h1>{phrase}</h1>
<p>{description}</p>
</body>
</html>
"""


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def error_body(status: HTTPStatus) -> bytes:
    """The small HTML page sent with an error status."""
    if status == HTTPStatus.NOT_FOUND:
        return NOT_FOUND_BODY.encode("utf-8")
    description = ("This page has been removed." if status == HTTPStatus.GONE
                   else status.description + ".")
    return ERROR_BODY.format(code=status.value, phrase=status.phrase,
                             description=description).encode("utf-8")


def make_etag(data: bytes) -> str:
    """A strong entity tag for exactly these bytes."""
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Whether an ``If-None-Match`` value matches ``etag`` (weak comparison, as RFC 9110 asks)."""
    if if_none_match.strip() == "*":
        return True
    candidates = (tag.strip() for tag in if_none_match.split(","))
    return any(tag.removeprefix("W/") == etag for tag in candidates)


def is_not_modified(headers: Message, etag: str, last_modified: float) -> bool:
    """Whether a GET or HEAD with these request headers should get ``304 Not Modified``."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:  # If-None-Match wins: If-Modified-Since is then ignored
        return etag_matches(if_none_match, etag)
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False  # not an HTTP date: ignored
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    # Last-Modified is sent in whole seconds, so compare in whole seconds.
    return int(last_modified) <= since.timestamp()


def path_key(path: str) -> str:
    """The form of a URL path that run-time edits are keyed by: decoded, no query, leading /."""
    decoded = unquote(urlsplit(path).path) or "/"
    return decoded if decoded.startswith("/") else "/" + decoded


class RecordedRequest(NamedTuple):
    """One request as the server received it."""

    method: str
    path: str  # origin form: path and query as sent, also for proxy requests
    headers: dict[str, str]  # header names lower-cased


@dataclass(frozen=True)
class Override:
    """What an edited path serves instead of its file: a body, or (body None) an error status."""

    body: bytes | None
    content_type: str = HTML
    status: HTTPStatus = HTTPStatus.OK
    last_modified: float = 0.0


class SampleSite:
    """A running sample site: its URL, run-time edits of what paths serve, and a request log.

    Thread-safe: tests edit it while the server's threads read it.
    """

    def __init__(self, url: str, directory: Path) -> None:
        self.url = url
        self.directory = directory
        self.requests: list[RecordedRequest] = []
        self.request_times: list[float] = []  # when each of `requests` arrived (time.time())
        self._lock = threading.Lock()
        self._overrides: dict[str, Override] = {}
        self.subscriber = Subscriber()  # The Ward Round's sessions, knobs and counters

    def replace(self, path: str, body: bytes | str, content_type: str = HTML, *,
                last_modified: float | datetime | None = None) -> None:
        """From now on ``path`` serves ``body`` (a str is encoded as UTF-8).

        ``Last-Modified`` is the time of this call unless ``last_modified`` (a POSIX timestamp
        or an aware datetime) says otherwise.
        """
        data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        if last_modified is None:
            stamp = time.time()
        elif isinstance(last_modified, datetime):
            stamp = last_modified.timestamp()
        else:
            stamp = float(last_modified)
        self._set(path, Override(data, content_type, HTTPStatus.OK, stamp))

    def remove(self, path: str, status: int = HTTPStatus.NOT_FOUND) -> None:
        """From now on ``path`` answers ``status`` (404 by default; 410 for "gone")."""
        code = HTTPStatus(status)
        if code < 400:
            raise ValueError(f"remove() needs an error status, not {code.value}")
        self._set(path, Override(None, HTML, code))

    def restore(self, path: str) -> None:
        """``path`` serves its file on disk again (if it has one)."""
        with self._lock:
            self._overrides.pop(path_key(path), None)

    def reset(self) -> None:
        """Every path serves its file on disk again. The request log is kept."""
        with self._lock:
            self._overrides.clear()

    def override(self, path: str) -> Override | None:
        """The run-time edit in force for a URL path, if any."""
        with self._lock:
            return self._overrides.get(path_key(path))

    def record(self, method: str, path: str, headers: Mapping[str, str]) -> None:
        """Log one request."""
        entry = RecordedRequest(method, path, {k.lower(): v for k, v in headers.items()})
        with self._lock:
            self.requests.append(entry)
            self.request_times.append(time.time())

    def _set(self, path: str, override: Override) -> None:
        with self._lock:
            self._overrides[path_key(path)] = override


class SampleSiteServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its site directory, its own base URL and its
    ``SampleSite`` (run-time edits and request log)."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64  # listen backlog: a crawler opens many connections at once

    def __init__(self, address: tuple[str, int], directory: Path):
        self.site_dir = Path(directory).resolve()
        super().__init__(address, SampleSiteHandler)
        host, port = self.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"
        self.site = SampleSite(self.base_url, self.site_dir)


class SampleSiteHandler(BaseHTTPRequestHandler):
    server: SampleSiteServer
    server_version = "TradepressSampleSite/1.0"
    protocol_version = "HTTP/1.1"
    timeout = 15  # seconds an idle keep-alive connection is kept open

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Quiet: tests and demos should not print a line per request."""

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_POST(self) -> None:
        """Only The Ward Round takes POSTs (its login form); the body is never logged."""
        parts = urlsplit(self.path)
        url_path = parts.path or "/"
        self.server.site.record("POST", url_path + (f"?{parts.query}" if parts.query else ""),
                                dict(self.headers.items()))
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or "Transfer-Encoding" in self.headers:
            self.close_connection = True
            self._send_error(HTTPStatus.LENGTH_REQUIRED, True)
            return
        if int(length) > MAX_FORM_BYTES:
            self.close_connection = True
            self._send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, True)
            return
        body = self.rfile.read(int(length))
        if not is_subscriber_path(url_path):
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, HTML,
                       error_body(HTTPStatus.METHOD_NOT_ALLOWED), True, [("Allow", "GET, HEAD")])
            return
        self._send_subscriber(url_path, body, send_body=True)

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
        site = self.server.site
        parts = urlsplit(self.path)
        url_path = parts.path or "/"
        site.record(self.command, url_path + (f"?{parts.query}" if parts.query else ""),
                    dict(self.headers.items()))
        override = site.override(url_path)
        if override is not None:
            if override.body is None:
                self._send_error(override.status, send_body)
            else:
                self._send_page(override.content_type, override.body, override.last_modified,
                                send_body)
            return
        if is_subscriber_path(url_path):
            self._send_subscriber(url_path, b"", send_body)
            return
        target = self._resolve(url_path)
        if target is None:
            self._send_error(HTTPStatus.NOT_FOUND, send_body)
            return
        if target.is_dir():
            # A directory asked for without its trailing slash: redirect, as web servers do.
            if not (target / "index.html").is_file():
                self._send_error(HTTPStatus.NOT_FOUND, send_body)
                return
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", self.base_url + url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            data = target.read_bytes()
            mtime = target.stat().st_mtime
        except OSError:
            self._send_error(HTTPStatus.NOT_FOUND, send_body)
            return
        self._send_page(content_type(target), data, mtime, send_body)

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

    def _send_page(self, ctype: str, data: bytes, last_modified: float, send_body: bool) -> None:
        """A 200 with validators, or a 304 if the client's copy is current."""
        if ctype.startswith(TEXT_PREFIXES) and PLACEHOLDER in data:
            data = data.replace(PLACEHOLDER, self.base_url.encode("ascii"))
        validators = {"ETag": make_etag(data),
                      "Last-Modified": formatdate(last_modified, usegmt=True)}
        if is_not_modified(self.headers, validators["ETag"], last_modified):
            # No body, and no Content-Length: in a 304 it would describe the full body.
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
            return
        self._send(HTTPStatus.OK, ctype, data, send_body, validators.items())

    def _send_subscriber(self, url_path: str, body: bytes, send_body: bool) -> None:
        """The Ward Round's answer (``subscriber.py``): pages, redirects, cookies."""
        reply: Reply = self.server.site.subscriber.handle(
            self.command, url_path, "; ".join(self.headers.get_all("Cookie") or []),
            self.headers.get("Content-Type", ""), body, self.base_url)
        status = HTTPStatus(reply.status)
        data = error_body(status) if reply.body is None else reply.body
        self._send(status, reply.content_type, data, send_body, reply.headers)

    def _send_error(self, status: HTTPStatus, send_body: bool) -> None:
        self._send(status, HTML, error_body(status), send_body)

    def _send(self, status: HTTPStatus, ctype: str, data: bytes, send_body: bool,
              headers: Iterable[tuple[str, str]] = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(data)


@contextmanager
def serve_site(directory: str | Path = SITE_DIR, port: int = 0) -> Iterator[SampleSite]:
    """Serve ``directory`` on 127.0.0.1 (a random free port by default) in a daemon thread.

    Yields the ``SampleSite``: ``site.url`` is the base URL, e.g. ``"http://127.0.0.1:54321"``;
    ``replace``/``remove``/``restore``/``reset`` edit what paths serve; ``site.requests`` logs
    the requests received. Shuts the server down on exit.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"no such site directory: {directory}")
    httpd = SampleSiteServer(("127.0.0.1", port), directory)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                              name="samplesite-server", daemon=True)
    thread.start()
    try:
        yield httpd.site
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_sample_site(directory: str | Path = SITE_DIR, port: int = 0) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a random free port by default) in a daemon thread.

    Yields the base URL, e.g. ``"http://127.0.0.1:54321"``; shuts the server down on exit.
    ``serve_site()`` is the same server, yielding a ``SampleSite`` that can also be edited.
    """
    with serve_site(directory, port) as site:
        yield site.url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crawler.samplesite.server",
        description="Serve the bundled sample trade-press site on 127.0.0.1 until Ctrl-C.")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: any free)")
    parser.add_argument("--directory", default=str(SITE_DIR), help="site directory to serve")
    args = parser.parse_args(argv)
    with serve_sample_site(args.directory, port=args.port) as base:
        print(f"Serving the sample trade-press site at {base}/", flush=True)
        for name in ("civic-ledger", "nursing-practice", "build-review", "ward-round"):
            print(f"  {base}/{name}/", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("\nStopped.", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
