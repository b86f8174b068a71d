"""What feeds and sitemaps say: pure functions over their bytes, shared by the spider (which
follows the links) and ``import-warc`` (which reads the feeds a WARC holds for the same hints a
crawl would have had).

A feed's item or a sitemap's entry gives an article link and *hints*: the date it gives
(``published``, ISO 8601) and its title. Extraction uses them as evidence where the page itself
says less. Both readers are lenient (namespaces dropped; a malformed document gives what links
survive); :func:`malformed` says whether it was well-formed.
"""

from __future__ import annotations

import zlib
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from scrapy import Selector

from pipelines.extract.dates import parse_iso

Link = tuple[str, dict[str, Any]]  # (absolute URL, hints)
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed


def _selector(body: bytes, encoding: str | None) -> Selector:
    selector = Selector(text=body.decode(encoding or "utf-8", "replace"), type="xml")
    selector.remove_namespaces()
    return selector


def _hints(date: str | None, title: str | None) -> dict[str, Any]:
    return {"published": parse_iso(date.strip()) if date else None,
            "title": (title or "").strip()}


def feed_links(body: bytes, encoding: str | None, base: str) -> list[Link]:
    """The links of an RSS or Atom feed's items, with their dates and titles."""
    links = []
    for entry in _selector(body, encoding).xpath("//item | //entry"):
        link = (entry.xpath("link/@href").get() or entry.xpath("link/text()").get()
                or "").strip()
        if link:
            date = entry.xpath(
                "pubDate/text() | published/text() | updated/text() | date/text()").get()
            links.append((urljoin(base, link), _hints(date, entry.xpath("title/text()").get())))
    return links


def sitemap_links(body: bytes, encoding: str | None, base: str) -> tuple[list[str], list[Link]]:
    """A sitemap's child sitemaps (of a sitemap index), and its page links with their dates
    (Google News' publication date, else ``lastmod``) and titles."""
    selector = _selector(body, encoding)
    children = [urljoin(base, loc.strip())
                for loc in selector.xpath("/sitemapindex/sitemap/loc/text()").getall()]
    links = []
    for entry in selector.xpath("/urlset/url"):
        loc = (entry.xpath("loc/text()").get() or "").strip()
        if loc:
            date = entry.xpath("news/publication_date/text()").get() or entry.xpath(
                "lastmod/text()").get()
            links.append((urljoin(base, loc), _hints(date, entry.xpath("news/title/text()").get())))
    return children, links


def malformed(body: bytes) -> str | None:
    """Why a feed or sitemap is not well-formed XML (one line), or None."""
    try:
        etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True,
                                               huge_tree=False))
    except etree.XMLSyntaxError as e:
        return str(e)
    return None


def gunzip(body: bytes, limit: int) -> tuple[bytes, str | None]:
    """Up to ``limit`` bytes of a gzip body, and what was wrong with it (cut short, corrupt) or
    None. Never unpacks more than the limit, whatever the body claims."""
    unpacker = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        data = unpacker.decompress(body, limit)
    except zlib.error as e:
        return b"", f"not gzip: {e}"
    if not unpacker.eof and not unpacker.unconsumed_tail:
        return data, "gzip data cut short"
    return data, None


def links_in(body: bytes, url: str) -> list[Link]:
    """The article links and hints of a feed or a sitemap (gzipped or not), told from its
    first bytes, with clean URLs (:func:`crawler.fetch.clean_url`): what a crawl would have
    read from it. [] for anything else."""
    from crawler.fetch import clean_url

    if body[:2] == b"\x1f\x8b":
        body = gunzip(body, MAX_SITEMAP_BYTES)[0]
    head = body[:1024].lower()
    if b"<rss" in head or b"<feed" in head or b"<rdf" in head:
        links = feed_links(body, "utf-8", url)
    elif b"<urlset" in head:
        links = sitemap_links(body, "utf-8", url)[1]
    else:
        return []
    return [(clean_url(link), hints) for link, hints in links]
