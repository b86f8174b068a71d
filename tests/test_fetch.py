"""The pure helpers the spider uses to decide what to fetch and to name what went wrong."""

import gzip
import zlib
from email.utils import formatdate

import pytest
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.request import request_from_dict

from crawler.fetch import (
    canonical_href,
    classify,
    clean_url,
    not_a_page,
    refusal,
    retry_after_seconds,
)
from crawler.spiders.opinion import OpinionSpider, gunzip


@pytest.mark.parametrize("url, expected", [
    ("https://x.co.uk/comment/a?utm_source=tw&utm_medium=social#top", "https://x.co.uk/comment/a"),
    ("https://x.co.uk/a?id=7&fbclid=abc&page=2", "https://x.co.uk/a?id=7&page=2"),
    ("https://x.co.uk/a?GCLID=1", "https://x.co.uk/a"),
    ("https://x.co.uk/a?b=2&a=1", "https://x.co.uk/a?b=2&a=1"),  # order kept
    ("https://x.co.uk/a", "https://x.co.uk/a"),
])
def test_clean_url_drops_fragments_and_tracking_only(url, expected):
    assert clean_url(url) == expected


CANONICAL_PAGES = [  # (page, the canonical href an HTML parser reads in it)
    ('<head><link rel="canonical" href="/a/1"></head>', "/a/1"),
    ("<HEAD><LINK REL='canonical' HREF='/a/1'/></HEAD>", "/a/1"),
    ("<link href=/a/1 rel=canonical>", "/a/1"),
    ('<link rel="alternate canonical" href="/a/1">', "/a/1"),
    ('<link rel="canonicalize" href="/x"><link rel="Canonical" href="/y">', None),
    ('<link rel="canonical"><link rel="canonical" href="/second">', "/second"),
    ('<link rel="canonical" href="/a?x=1&amp;y=2">', "/a?x=1&y=2"),
    ('<link title="a > b" rel="canonical" href="/quoted-gt">', "/quoted-gt"),
    ('<link rel="canonical"href="/no-space">', "/no-space"),
    ('<link rel="canonical" href="/first" href="/second">', "/first"),
    ('<!-- <link rel="canonical" href="/commented"> --><link rel=canonical href="/real">',
     "/real"),
    ('<script>var s = \'<link rel="canonical" href="/in-script">\';</script>', None),
    ('<title><link rel="canonical" href="/in-title"></title>', None),
    ('<linked rel="canonical" href="/not-a-link">', None),
    ('<body><p>text</p><link rel="canonical" href="/late"></body>', "/late"),
    ('<link rel="canonical" href="/caf\u00e9">', "/caf\u00e9"),
    ("<p>no link at all</p>", None),
]


@pytest.mark.parametrize("page, expected", CANONICAL_PAGES)
def test_canonical_href_reads_as_a_parser_does(page, expected):
    """The scan finds what parsing the page finds (the spider used to parse it for this)."""
    body = f"<html>{page}</html>".encode()
    parsed = HtmlResponse("http://x.co.uk/", body=body, encoding="utf-8").css(
        "link[rel~=canonical]::attr(href)").get()
    assert parsed == expected  # the table itself is right
    assert canonical_href(body, "utf-8") == expected


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://x.co.uk/a", "data:text/html,hi",
                                 "javascript:alert(1)", "mailto:a@b.c", "/relative/path",
                                 "http:///no-host"])
def test_only_http_urls_with_a_host_are_fetched(url):
    assert refusal(url)


def test_http_urls_are_not_refused():
    assert refusal("https://x.co.uk/a") is None and refusal("HTTP://X.CO.UK/a") is None


def test_not_a_page():
    assert not_a_page("application/pdf", b"%PDF-1.4") == ("not-html",
                                                          "not an HTML page: application/pdf")
    assert not_a_page("text/html", b"  \n ") == ("empty", "empty body")
    assert not_a_page("text/html; charset=utf-8", b"<html>") is None
    assert not_a_page(None, b"<html>") is None  # no type: let extraction decide


def test_retry_after_seconds_and_dates():
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds(formatdate(1_000_030, usegmt=True), now=1_000_000) == 30.0
    assert retry_after_seconds(formatdate(999_000, usegmt=True), now=1_000_000) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


@pytest.mark.parametrize("exception, status, location, reason", [
    (IgnoreRequest("Forbidden by robots.txt"), None, None, "robots"),
    (IgnoreRequest("max redirections reached"), None, None, "redirect-loop"),
    (DownloadTimeoutError("took longer than 2.0 seconds"), None, None, "timeout"),
    (ConnectionRefusedError("Connection was refused"), None, None, "connection"),
    (Exception("whatever"), 503, None, "http"),
    (Exception("redirect"), 302, "file:///etc/passwd", "refused"),
    (Exception("redirect"), 302, "https://x.co.uk/b", "http"),
    (ValueError("strange"), None, None, "error"),
    (zlib.error("Error -3 while decompressing data: incorrect header check"), None, None,
     "decoding"),
    (gzip.BadGzipFile("Not a gzipped file (b'<h')"), None, None, "decoding"),
])
def test_classify(exception, status, location, reason):
    found, message = classify(exception, status, location)
    assert found == reason and message and "\n" not in message


def test_gunzip_is_bounded_and_says_when_cut_short():
    import gzip
    packed = gzip.compress(b"<urlset>" + b"x" * 100_000 + b"</urlset>")
    assert gunzip(packed, 1_000_000) == (b"<urlset>" + b"x" * 100_000 + b"</urlset>", None)
    data, error = gunzip(packed, 1000)
    assert len(data) == 1000 and error is None  # capped, not an error: sitemaps have a limit
    data, error = gunzip(packed[: len(packed) // 2], 1_000_000)
    assert error == "gzip data cut short"
    assert gunzip(b"\x1f\x8bnot really", 100)[1].startswith("not gzip")


def test_an_articles_hints_travel_with_its_request():
    """A feed's or sitemap's word on a piece (date, title) reaches its page through the
    request itself, so a resumed job (the queue on disk) or another worker keeps it, and the
    spider keeps no table of every URL's hints."""
    url = "https://x.co.uk/comment/a-piece"
    asking = OpinionSpider(urls=[url])
    request = asking.article_request(url, "sitemap", explicit=True,
                                     hints={"published": "2026-12-01", "title": "A piece"})
    resumed = OpinionSpider(urls=[url])  # a fresh process, the request read back from disk
    again = request_from_dict(request.to_dict(spider=asking), spider=resumed)
    response = HtmlResponse(url, body=b"<html><p>The piece.</p></html>", request=again,
                            headers={"Content-Type": "text/html; charset=utf-8"})
    page, = resumed.parse_article(response, source="sitemap")
    assert page.hints == {"published": "2026-12-01", "title": "A piece"}
    assert not hasattr(resumed, "hints")
