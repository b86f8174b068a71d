"""The fault site and its neighbours on other loopback addresses, every request logged.

    with serve_neighbours() as net:       # one port P on 127.0.0.1 ... 127.0.0.5
        net.url("127.0.0.1")              # "http://127.0.0.1:P/"
        net.requests("127.0.0.2")         # [(Host header, path), ...] that address was asked

Linux routes all of 127/8 to the loopback interface, so each address below is another "host"
with its own listener on the same port, and its own robots.txt:

* 127.0.0.1 is the site: every route of :mod:`faultsite`, robots.txt disallowing ``/private/``
  (answered after :attr:`NetSite.robots_delay` seconds), and the routes of :data:`ROUTES` that
  lead elsewhere: redirects to the neighbour under its dotted, IPv4-mapped IPv6 and integer
  forms, to ``localhost``, to a name that does not resolve, into ``/private/``, and meta
  refreshes to the neighbour and to a page of the site.
* 127.0.0.2 is the neighbour a crawl must never reach (not even its robots.txt).
* 127.0.0.3 answers robots.txt with 503, 127.0.0.4 with 404, 127.0.0.5 not in time.

The log is the evidence: a test proves a request was never made by its absence.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from faultsite import TEXT, FaultSite, Handler, QuietServer, article

SITE, NEIGHBOUR = "127.0.0.1", "127.0.0.2"
ROBOTS_503, ROBOTS_404, ROBOTS_SLOW = "127.0.0.3", "127.0.0.4", "127.0.0.5"
NEIGHBOUR_INT = "2130706434"          # 127.0.0.2 as one integer (inet_aton accepts it)
NEIGHBOUR_MAPPED = "[::ffff:127.0.0.2]"


class NetSite:
    def __init__(self, port: int):
        self.port = port
        self.robots_delay = 0.0
        self.log: list[tuple[str, str, str]] = []   # (listening address, Host header, path)
        self.lock = threading.Lock()

    def url(self, host: str = SITE) -> str:
        return f"http://{host}:{self.port}/"

    def requests(self, address: str | None = None) -> list[tuple[str, str]]:
        """(Host header, path) of every request to ``address`` (all addresses if None)."""
        with self.lock:
            return [(host, path) for at, host, path in self.log if address in (None, at)]

    def paths(self, address: str | None = None) -> list[str]:
        return [path for _, path in self.requests(address)]

    def write_profile(self, folder: Path, name: str, domains: list[str],
                      feed: str = "feed-net.xml") -> Path:
        """A profile of the site on 127.0.0.1 whose domains are ``domains``, read from ``feed``."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.toml"
        quoted = ", ".join(f'"{d}"' for d in domains)
        path.write_text(
            f'name = "{name}"\ntitle = "Neighbourly"\nbase_url = "{self.url()}"\n'
            f"allowed_domains = [{quoted}]\n[discovery]\nfeeds = [\"{feed}\"]\n"
            "[urls]\nfollow = ['/comment/', '/private/']\n", encoding="utf-8")
        return path


class NetHandler(Handler):
    @property
    def net(self) -> NetSite:
        return self.server.net  # type: ignore[attr-defined]

    def do_GET(self):
        address = self.server.server_address[0]
        with self.net.lock:
            self.net.log.append((address, self.headers.get("Host", ""), self.path))
        path = urlsplit(self.path).path
        if path == "/robots.txt":
            self.robots(address)
        elif path in ROUTES:
            ROUTES[path](self, self.net)
        else:
            super().do_GET()

    def robots(self, address: str) -> None:
        if address == ROBOTS_503:
            self.send(503, b"busy", "text/plain")
            return
        if address == ROBOTS_404:
            self.send(404, b"no robots here", "text/plain")
            return
        time.sleep(8 if address == ROBOTS_SLOW else self.net.robots_delay)
        self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")


def _to(location: str):
    def route(handler: NetHandler, net: NetSite) -> None:
        handler.redirect(location.format(port=net.port))
    return route


def _refresh(target: str):
    def route(handler: NetHandler, net: NetSite) -> None:
        handler.html(article(f"Moved: {TEXT}", 40, extra_head=f'<meta http-equiv="refresh" '
                             f'content="0; url={target.format(port=net.port)}">'))
    return route


def _feed(handler: NetHandler, net: NetSite) -> None:
    items = "".join(f"<item><title>Piece {i}</title><link>{escape(link)}</link></item>"
                    for i, link in enumerate(FEED_LINKS))
    body = f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"
    handler.send(200, body.format(port=net.port).encode(), "application/rss+xml")


ROUTES = {
    "/comment/to-private": _to("/private/secret-piece"),
    "/comment/to-neighbour": _to(f"http://{NEIGHBOUR}:{{port}}/comment/ok-1"),
    "/comment/to-mapped": _to(f"http://{NEIGHBOUR_MAPPED}:{{port}}/comment/ok-1"),
    "/comment/to-integer": _to(f"http://{NEIGHBOUR_INT}:{{port}}/comment/ok-1"),
    "/comment/to-localhost": _to("http://localhost:{port}/comment/ok-2"),
    "/comment/to-nowhere": _to("http://nowhere.invalid/comment/someone-elses-piece"),
    "/comment/refresh-neighbour": _refresh(f"http://{NEIGHBOUR}:{{port}}/comment/ok-2"),
    "/comment/refresh-on-site": _refresh("/comment/ok-2"),
    "/feed-net.xml": _feed,
}
# What the feed of a profile lists: links on the site that lead to internal addresses, links
# straight to them, and one good article.
FEED_LINKS = [
    f"http://{SITE}:{{port}}/comment/ok-1",
    f"http://{SITE}:{{port}}/comment/to-neighbour",
    f"http://{SITE}:{{port}}/comment/to-mapped",
    f"http://{SITE}:{{port}}/comment/to-integer",
    f"http://{SITE}:{{port}}/comment/to-localhost",
    f"http://{SITE}:{{port}}/comment/refresh-neighbour",
    f"http://{NEIGHBOUR}:{{port}}/comment/e404",
    f"http://{NEIGHBOUR_MAPPED}:{{port}}/comment/e410",
    f"http://{NEIGHBOUR_INT}:{{port}}/comment/e403",
]


def _listen(address: str, port: int, net: NetSite) -> QuietServer:
    server = QuietServer((address, port), NetHandler)
    server.net = net  # type: ignore[attr-defined]
    server.site = FaultSite(server)  # type: ignore[attr-defined]
    server.site.url = f"http://{address}:{server.server_address[1]}/"
    return server


@contextmanager
def serve_neighbours() -> Iterator[NetSite]:
    """Listeners on 127.0.0.1 to 127.0.0.5, one free port for all, for the ``with`` block."""
    addresses = (SITE, NEIGHBOUR, ROBOTS_503, ROBOTS_404, ROBOTS_SLOW)
    for _attempt in range(20):
        with ExitStack() as stack:
            try:
                first = _listen(SITE, 0, NetSite(0))
                stack.callback(first.server_close)
                net = NetSite(first.server_address[1])
                first.net = net  # type: ignore[attr-defined]
                servers = [first]
                for address in addresses[1:]:
                    servers.append(_listen(address, net.port, net))
                    stack.callback(servers[-1].server_close)
            except OSError:
                continue  # the port was taken on another address: try another
            for server in servers:
                threading.Thread(target=server.serve_forever, daemon=True).start()
                stack.callback(server.shutdown)
            yield net
            return
    raise RuntimeError("no port free on every loopback address")
