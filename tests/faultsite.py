"""A fault-injecting trade-press site on 127.0.0.1: everything the web does wrong, one URL each.

    with serve_faults() as site:      # site.url is "http://127.0.0.1:PORT/"
        ...crawl the profile written by site.write_profile(folder)...
        site.hits["/comment/e503-retry"]   # how many times a path was asked for

    python tests/faultsite.py [--port 8001]

The site has a feed listing every article URL below (plus links no crawler should follow), a
malformed sitemap, a gzipped sitemap cut short, a listing that paginates forever (a calendar
trap) and a robots.txt that disallows ``/private/``. :data:`FAULTS` names each article URL and
what a crawl should make of it: ``archived`` (the crawl gets the article in the end), or the
``reason`` word recorded in the archive's ``failures`` table. The test suite
(``tests/test_faults.py``) crawls the site and checks every row of that table.

Only the standard library; responses are built by hand where the fault is in the transport
(slow drip, connection reset, lying Content-Length, gzip bomb).
"""

from __future__ import annotations

import argparse
import gzip
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from faultpages import (  # noqa: F401 - the tests import these from here
    ALIAS_COPIES,
    ALIAS_PIECE,
    ALIAS_TITLE,
    BOMB_BYTES,
    HUGE_BYTES,
    PARAGRAPH,
    TEXT,
    alias_page,
    article,
    gzip_bomb,
)


@dataclass(frozen=True)
class Fault:
    path: str
    expect: str            # "archived", or the failure reason the archive should record
    what: str              # one line for the README's table


FAULTS = [
    Fault("/comment/ok-1", "archived", "a good article"),
    Fault("/comment/ok-2", "archived", "a good article"),
    Fault("/comment/e500", "http", "500 every time (retried, then recorded)"),
    Fault("/comment/e502", "http", "502 every time"),
    Fault("/comment/e503", "http", "503 without Retry-After every time"),
    Fault("/comment/e503-retry", "archived", "503 with Retry-After: 1, then 200"),
    Fault("/comment/e503-later", "http", "503 with Retry-After: 3600 (not waited for)"),
    Fault("/comment/e429", "archived", "429 with Retry-After: 1, then 200"),
    Fault("/comment/e403", "http", "403"),
    Fault("/comment/e404", "http", "404"),
    Fault("/comment/e410", "http", "410"),
    Fault("/comment/timeout", "timeout", "no answer for longer than the download timeout"),
    Fault("/comment/slow-drip", "timeout", "a body dripped a byte at a time"),
    Fault("/comment/reset", "connection", "connection reset in the middle of the body"),
    Fault("/comment/short-body", "connection", "fewer bytes than Content-Length, then close"),
    Fault("/comment/redirect-loop", "redirect-loop", "redirects to itself via a second URL"),
    Fault("/comment/redirect-offsite", "offsite", "redirects to another domain"),
    Fault("/comment/redirect-file", "refused", "redirects to file:///etc/passwd"),
    Fault("/comment/huge", "too-large", "a 50 MB body (Content-Length declared)"),
    Fault("/comment/huge-chunked", "too-large", "a 50 MB body, chunked (no length)"),
    Fault("/comment/gzip-bomb", "too-large", "gzip content-encoding: 100 KB unpacking to 1 GB"),
    Fault("/comment/pdf", "not-html", "a PDF on an article URL"),
    Fault("/comment/image", "not-html", "a PNG on an article URL"),
    Fault("/comment/empty", "empty", "200 with an empty body"),
    Fault("/comment/malformed", "archived", "tag soup: unclosed tags, stray end tags"),
    Fault("/comment/truncated", "archived", "HTML cut off mid-paragraph"),
    Fault("/comment/cp1252-as-utf8", "archived", "Windows-1252 bytes labelled UTF-8"),
    Fault("/comment/latin1-as-utf8", "archived", "ISO-8859-1 bytes labelled UTF-8"),
    Fault("/comment/utf8-as-latin1", "archived", "UTF-8 bytes labelled ISO-8859-1"),
    Fault("/comment/no-charset", "archived", "UTF-8 with no charset anywhere"),
    Fault("/comment/dup-piece", "archived", "one article, also listed under 3 other URLs"),
    Fault("/private/secret-piece", "robots", "disallowed by robots.txt"),
    Fault("/comment/deep-nesting", "archived", "the article under 300 nested <div>s"),
    Fault("/comment/nul-attribute", "archived", "one NUL byte in an attribute"),
    Fault("/comment/lying-gzip", "decoding", "Content-Encoding: gzip on a plain body"),
    Fault("/comment/too-deep", "extraction", "the article under 3,000 nested <div>s"),
]
# The same article under other URLs: all must end as the one record of /comment/dup-piece.
DUPLICATES = ["/comment/dup-piece?utm_source=feed&utm_medium=rss&utm_campaign=x",
              "/comment/dup-piece/amp", "/comment/dup-piece?print=1"]
# Links in the feed that must never be fetched (not http(s), or another site).
REFUSED_LINKS = ["file:///etc/passwd", "ftp://127.0.0.1/comment/ftp-piece",
                 "data:text/html,<h1>hi</h1>", "javascript:alert(1)"]
OFFSITE_LINKS = ["http://elsewhere.invalid/comment/someone-elses-piece"]
# Discovery documents that are broken, and the failure reason for each.
BROKEN_DISCOVERY = {"/sitemap.xml": "malformed", "/sitemap-cut.xml.gz": "malformed"}
CALENDAR = "/events/2020/01/"



class FaultSite:
    """The running server: its base URL and what was asked of it."""

    def __init__(self, server: ThreadingHTTPServer):
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}/"
        self.hits: Counter[str] = Counter()   # path with query -> requests received
        self.user_agents: set[str] = set()
        self.lock = threading.Lock()
        self.broken: dict[str, str] = {}      # path -> the fault path it now behaves like

    def break_page(self, path: str, like: str) -> None:
        """From now on, answer ``path`` as the fault at ``like`` does (e.g. an archived article
        turning into an empty page, a PDF or a 500)."""
        self.broken[path] = like

    def write_profile(self, folder: Path, name: str = "faulty") -> Path:
        """A site profile for this server in ``folder`` (for ``--sites-dir``)."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.toml"
        path.write_text(
            f'name = "{name}"\ntitle = "The Faulty Gazette"\nbase_url = "{self.url}"\n'
            'language = "en"\n'
            "[discovery]\nfeeds = [\"feed.xml\", \"feed-broken.xml\"]\n"
            "sitemaps = [\"sitemap.xml\", \"sitemap-cut.xml.gz\"]\n"
            f"listings = [\"{CALENDAR.lstrip('/')}\"]\nmax_listing_pages = 5\n"
            "[urls]\nfollow = ['/comment/', '/private/']\n", encoding="utf-8")
        return path


class Handler(BaseHTTPRequestHandler):
    server_version = "FaultyGazette/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet
        pass

    @property
    def site(self) -> FaultSite:
        return self.server.site  # type: ignore[attr-defined]

    def do_GET(self):
        with self.site.lock:
            self.site.hits[self.path] += 1
            hits = self.site.hits[self.path]
            self.site.user_agents.add(self.headers.get("User-Agent", ""))
        path, query = urlsplit(self.path).path, urlsplit(self.path).query
        base = self.site.url.rstrip("/")
        route = ROUTES.get(self.site.broken.get(path, path))
        if route is not None:
            route(self, hits=hits, base=base, query=query)
        elif path.startswith("/events/"):
            self.calendar(path)
        else:
            self.send(404, b"<html><body><h1>Not found</h1></body></html>")

    # -- helpers -----------------------------------------------------------------------------

    def send_response(self, code, message=None):
        super().send_response(code, message)
        # one request per connection: a client's automatic retry of a request lost on a
        # reused connection would make the request counts in the tests depend on timing
        self.send_header("Connection", "close")

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def start(self, length: int | None) -> None:
        """The status line and headers of a 200 whose body the caller writes (chunked if
        ``length`` is None)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if length is None:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def html(self, text: str, charset: str = "utf-8", label: str | None = "utf-8") -> None:
        content_type = f"text/html; charset={label}" if label else "text/html"
        self.send(200, text.encode(charset), content_type)

    def redirect(self, location: str) -> None:
        self.send(302, b"", headers={"Location": location})

    def calendar(self, path: str) -> None:
        """Every month links to the next, for ever."""
        try:
            year, month = (int(x) for x in path.strip("/").split("/")[1:3])
        except ValueError:
            self.send(404, b"")
            return
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        self.html(f"<html><body><h1>Events</h1><a rel='next' href='/events/{year}/{month:02d}/'>"
                  f"Next month</a></body></html>")


def _feed(handler: Handler, base: str, **_) -> None:
    links = [f"{base}{f.path}" for f in FAULTS] + [f"{base}{p}" for p in DUPLICATES]
    links += [f"{base}{p}" for p in ALIAS_COPIES]
    links += REFUSED_LINKS + OFFSITE_LINKS
    items = "".join(f"<item><title>Piece {i}</title><link>{escape(link)}</link>"
                    f"<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate></item>"
                    for i, link in enumerate(links))
    handler.send(200, f"<?xml version='1.0'?><rss version='2.0'><channel><title>Faulty</title>"
                      f"{items}</channel></rss>".encode(), "application/rss+xml")


def _feed_broken(handler: Handler, base: str, **_) -> None:
    handler.send(200, f"<?xml version='1.0'?><rss><channel><item><link>{base}/comment/ok-1"
                      f"</link></item><item><title>Cut off here".encode(), "application/rss+xml")


def _sitemap(handler: Handler, base: str, **_) -> None:
    handler.send(200, b"<?xml version='1.0'?><urlset><url><loc>\x00\x01garbage</lo><url>"
                      b"<<<>>>", "application/xml")


def _sitemap_cut(handler: Handler, base: str, **_) -> None:
    full = gzip.compress(f"<?xml version='1.0'?><urlset><url><loc>{base}/comment/ok-2</loc>"
                         f"</url></urlset>".encode() * 50)
    handler.send(200, full[: len(full) // 2], "application/x-gzip")


def _robots(handler: Handler, **_) -> None:
    handler.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")


def _ok(n: int, **kwargs):
    def route(handler: Handler, base: str, **_) -> None:
        handler.html(article(f"Good piece number {n}: {TEXT}", n, **kwargs))
    return route


def _status(status: int, retry_after: str | None = None, then_ok: int | None = None):
    def route(handler: Handler, hits: int, **_) -> None:
        if then_ok is not None and hits > 1:
            handler.html(article(f"Piece that came back {then_ok}: {TEXT}", then_ok))
            return
        headers = {"Retry-After": retry_after} if retry_after else {}
        handler.send(status, b"<html><body>Try again later</body></html>", headers=headers)
    return route


def _timeout(handler: Handler, **_) -> None:
    time.sleep(8)
    handler.html(article("Too late", 90))


def _slow_drip(handler: Handler, **_) -> None:
    body = article("Dripped", 91).encode()
    handler.start(len(body))
    try:
        for i in range(0, len(body), 16):
            handler.wfile.write(body[i:i + 16])
            handler.wfile.flush()
            time.sleep(0.25)
    except OSError:
        pass  # the client gave up, as it should


def _reset(handler: Handler, **_) -> None:
    body = article("Reset", 92).encode()
    handler.start(len(body))
    handler.wfile.write(body[: len(body) // 3])
    handler.wfile.flush()
    # SO_LINGER with a zero timeout: close() sends a TCP RST instead of a FIN
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def _short_body(handler: Handler, **_) -> None:
    body = article("Short", 93).encode()
    handler.start(len(body) * 2)
    handler.wfile.write(body)
    handler.wfile.flush()
    handler.close_connection = True


def _huge(chunked: bool):
    def route(handler: Handler, **_) -> None:
        block = (b"<p>" + b"x" * 1017 + b"</p>\n") * 1024  # 1 MB
        handler.start(None if chunked else HUGE_BYTES)
        try:
            for _megabyte in range(HUGE_BYTES // len(block)):
                if chunked:
                    handler.wfile.write(f"{len(block):x}\r\n".encode() + block + b"\r\n")
                else:
                    handler.wfile.write(block)
            if chunked:
                handler.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client stopped reading: what it should do
        handler.close_connection = True
    return route


def _gzip_bomb(handler: Handler, **_) -> None:
    handler.send(200, gzip_bomb(), headers={"Content-Encoding": "gzip"})


def _binary(content_type: str, body: bytes):
    def route(handler: Handler, **_) -> None:
        handler.send(200, body, content_type)
    return route


def _malformed(handler: Handler, **_) -> None:
    soup = article("Tag soup survives: " + TEXT, 94).replace("</p>", "").replace(
        "<article>", "<article><div><span><b>").replace("</article>", "</i></td></article>")
    handler.html(soup)


def _truncated(handler: Handler, **_) -> None:
    page = article("Cut off: " + TEXT, 95)
    handler.html(page[: int(len(page) * 0.8)])


def _encoded(charset: str, label: str | None, n: int):
    def route(handler: Handler, **_) -> None:
        page = article(f"Encoded {charset}: {TEXT}", n, charset=label)
        if charset == "iso-8859-1":  # no curly quotes in ISO-8859-1
            page = page.translate(str.maketrans("’“”", "'\"\""))
        handler.html(page, charset=charset, label=label)
    return route


def _dup(handler: Handler, base: str, **_) -> None:
    """The canonical page and its AMP and print views: all say where the piece lives."""
    handler.html(article(f"One piece, many addresses: {TEXT}", 97,
                         canonical=f"{base}/comment/dup-piece"))


def _nested(depth: int, n: int):
    def route(handler: Handler, **_) -> None:
        page = article(f"Deep in the markup: {TEXT}", n)
        head, _, rest = page.partition("<body>")
        body, _, end = rest.partition("</body>")
        handler.html(f"{head}<body>{'<div>' * depth}{body}{'</div>' * depth}</body>{end}")
    return route


def _nul_attribute(handler: Handler, **_) -> None:
    handler.html(article(f"A stray NUL: {TEXT}", 41).replace("<body>", '<body class="a\x00b">'))


def _lying_gzip(handler: Handler, **_) -> None:
    handler.send(200, article(f"Not gzip at all: {TEXT}", 42).encode(),
                 headers={"Content-Encoding": "gzip"})


ROUTES = {
    "/feed.xml": _feed, "/feed-broken.xml": _feed_broken, "/sitemap.xml": _sitemap,
    "/sitemap-cut.xml.gz": _sitemap_cut, "/robots.txt": _robots,
    "/comment/ok-1": _ok(1), "/comment/ok-2": _ok(2),
    "/comment/e500": _status(500), "/comment/e502": _status(502),
    "/comment/e503": _status(503),
    "/comment/e503-retry": _status(503, "1", then_ok=3),
    "/comment/e503-later": _status(503, "3600"),
    "/comment/e429": _status(429, "1", then_ok=4),
    "/comment/e403": _status(403), "/comment/e404": _status(404), "/comment/e410": _status(410),
    "/comment/timeout": _timeout, "/comment/slow-drip": _slow_drip, "/comment/reset": _reset,
    "/comment/short-body": _short_body,
    "/comment/redirect-loop": lambda h, **_: h.redirect("/comment/redirect-loop-2"),
    "/comment/redirect-loop-2": lambda h, **_: h.redirect("/comment/redirect-loop"),
    "/comment/redirect-offsite": lambda h, **_: h.redirect(OFFSITE_LINKS[0]),
    "/comment/redirect-file": lambda h, **_: h.redirect("file:///etc/passwd"),
    "/comment/huge": _huge(chunked=False), "/comment/huge-chunked": _huge(chunked=True),
    "/comment/gzip-bomb": _gzip_bomb,
    "/comment/pdf": _binary("application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\n"),
    "/comment/image": _binary("image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    "/comment/empty": _binary("text/html; charset=utf-8", b""),
    "/comment/malformed": _malformed, "/comment/truncated": _truncated,
    "/comment/cp1252-as-utf8": _encoded("cp1252", "utf-8", 5),
    "/comment/latin1-as-utf8": _encoded("iso-8859-1", "utf-8", 6),
    "/comment/utf8-as-latin1": _encoded("utf-8", "iso-8859-1", 7),
    "/comment/no-charset": _encoded("utf-8", None, 8),
    "/comment/dup-piece": _dup, "/comment/dup-piece/amp": _dup,
    "/private/secret-piece": _ok(99),
    "/comment/deep-nesting": _nested(300, 43), "/comment/nul-attribute": _nul_attribute,
    "/comment/lying-gzip": _lying_gzip, "/comment/too-deep": _nested(3000, 44),
}


# -- one article at five addresses, and no rel=canonical to say so (issue 16) ----------------
FAULTS += [Fault(ALIAS_PIECE, "archived", "one article under 5 URLs, no rel=canonical")]


def _alias(view: str = "web", retry: bool = False):
    def route(handler: Handler, hits: int, **_) -> None:
        if retry and hits == 1:
            handler.send(503, b"<html><body>Try again later</body></html>",
                         headers={"Retry-After": "1"})
            return
        charset = "cp1252" if view == "cp1252" else "utf-8"
        handler.html(alias_page(view), charset=charset, label=charset)
    return route


ROUTES.update({ALIAS_PIECE: _alias(), "/print/comment/alias-piece": _alias("print"),
               "/comment/alias-piece-cp1252": _alias("cp1252"),
               "/comment/alias-piece-mirror": _alias(retry=True)})


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients hanging up on a dripping or huge body is the point, not an error


@contextmanager
def serve_faults(port: int = 0) -> Iterator[FaultSite]:
    """Run the fault site on 127.0.0.1 (a free port unless given) for the ``with`` block."""
    server = QuietServer(("127.0.0.1", port), Handler)
    site = FaultSite(server)
    server.site = site  # type: ignore[attr-defined]
    gzip_bomb()  # built before the first client is served, so nothing waits on it
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    with serve_faults(args.port) as site:
        print(f"fault site at {site.url} (Ctrl-C to stop)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
