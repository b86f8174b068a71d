"""The bundled sample trade-press site: its server, its discovery files, its profiles and the
golden record of every page (tests/golden/sample_expected.json)."""

from __future__ import annotations

import http.client
import json
import re
import socket
import tomllib
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest
from conftest import fetch

from crawler.samplesite import PROFILES_DIR, SITE_DIR, serve_sample_site

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_PATH = ROOT / "tests" / "golden" / "sample_expected.json"
GOLDEN = json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))
BROKEN = {g["path"] for g in GOLDEN if g.get("status") == 404}
ARTICLES = [g for g in GOLDEN if g["is_article"]]
PROFILE_FILES = sorted(PROFILES_DIR.glob("*.toml"))
SITES = ("civic-ledger", "nursing-practice", "build-review")

TOP_KEYS = {"name", "title", "base_url", "language", "date_order", "genre", "country"}
SECTION_KEYS = {
    "discovery": {"feeds", "sitemaps", "listings", "max_listing_pages", "next_page"},
    "urls": {"follow", "skip"},
    "extract": {"remove"},
}
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def base():
    with serve_sample_site() as url:
        yield url


def get_ok(base: str, path: str) -> bytes:
    status, _, body = fetch(base, path)
    assert status == 200, f"{path}: HTTP {status}"
    return body


def load_toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def page_text(body: bytes) -> str:
    doc = lxml.html.fromstring(body)
    return " ".join(doc.text_content().split())


# -- the server ----------------------------------------------------------------------------------


def test_serve_starts_and_stops():
    with serve_sample_site() as url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        port = urlsplit(url).port
        status, headers, body = fetch(url, "/")
        assert status == 200
        assert b"Sample trade press" in body
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_serve_other_directory(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>{{BASE}}</p>", encoding="utf-8")
    with serve_sample_site(tmp_path) as url:
        status, _, body = fetch(url, "/a/")
        assert status == 200
        assert body.decode() == f"<p>{url}</p>"


def test_article_page(base):
    record = next(g for g in ARTICLES if g["site"] == "civic-ledger" and g["genre"] == "opinion")
    status, headers, body = fetch(base, record["path"])
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert int(headers["content-length"]) == len(body)
    assert record["title"] in body.decode("utf-8")


@pytest.mark.parametrize("path, ctype", [
    ("/robots.txt", "text/plain"),
    ("/sitemap.xml", "application/xml"),
    ("/civic-ledger/comment/rss.xml", "application/xml"),
    ("/build-review/feeds/opinion.rss", "application/rss+xml"),
    ("/civic-ledger/", "text/html"),
    ("/nursing-practice/opinion/page/2/", "text/html"),
    ("/build-review/opinion/modular-housing-needs-a-common-rulebook", "text/html"),
    ("/static/avatar.svg", "image/svg+xml"),
])
def test_content_types(base, path, ctype):
    status, headers, _ = fetch(base, path)
    assert status == 200
    assert headers["content-type"].split(";")[0] == ctype


def test_head_request(base):
    status, headers, body = fetch(base, "/civic-ledger/", method="HEAD")
    assert status == 200
    assert body == b""
    assert int(headers["content-length"]) > 1000


def test_directory_without_slash_redirects(base):
    status, headers, _ = fetch(base, "/civic-ledger")
    assert status == 301
    assert headers["location"] == f"{base}/civic-ledger/"


def test_base_placeholder_is_substituted(base):
    robots = get_ok(base, "/robots.txt").decode()
    assert f"Sitemap: {base}/sitemap.xml" in robots
    for path in ("/robots.txt", "/sitemap.xml", "/civic-ledger/sitemap.xml",
                 "/nursing-practice/post-sitemap.xml", "/build-review/sitemap.xml",
                 "/civic-ledger/comment/rss.xml", "/build-review/feeds/opinion.rss",
                 ARTICLES[0]["path"]):
        body = get_ok(base, path).decode()
        assert "{{BASE}}" not in body, path
    index = get_ok(base, "/sitemap.xml")
    locs = lxml.etree.fromstring(index).xpath("//sm:loc/text()", namespaces=SITEMAP_NS)
    assert len(locs) == 3
    assert all(loc.startswith(base + "/") for loc in locs)
    # The files on disk keep the placeholder.
    assert "{{BASE}}" in (SITE_DIR / "robots.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(BROKEN) + [
    "/no-such-page",
    "/civic-ledger/comment/no-such-piece/1000000.article",
    "/static/",                           # a directory without index.html: no listing
    "/civic-ledger/comment/rss.xml/",     # a file asked for as a directory
    "/../server.py",
    "/%2e%2e/server.py",
    "/admin/",
])
def test_missing_pages_are_404(base, path):
    status, headers, body = fetch(base, path)
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert b"Page not found" in body


def test_every_golden_page_is_served(base):
    assert BROKEN, "the sample site must have a deliberate broken link"
    for record in GOLDEN:
        status, headers, body = fetch(base, record["path"])
        expected = record.get("status", 200)
        assert status == expected, f"{record['path']}: HTTP {status}, expected {expected}"
        if status == 200:
            assert headers["content-type"] == "text/html; charset=utf-8", record["path"]


# -- discovery files ------------------------------------------------------------------------------


def _sitemap_locs(base: str, path: str) -> list[str]:
    root = lxml.etree.fromstring(get_ok(base, path))
    return [loc.strip() for loc in root.xpath("//sm:loc/text()", namespaces=SITEMAP_NS)]


def _all_sitemap_urls(base: str) -> list[str]:
    urls = []
    for sitemap in _sitemap_locs(base, "/sitemap.xml"):
        urls += _sitemap_locs(base, urlsplit(sitemap).path)
    return urls


def _feed_links(base: str, path: str) -> list[str]:
    root = lxml.etree.fromstring(get_ok(base, path))
    return [link.strip() for link in root.xpath("/rss/channel/item/link/text()")]


def test_sitemaps_and_feeds_resolve(base):
    urls = _all_sitemap_urls(base)
    assert len(urls) >= len(ARTICLES)
    for profile in PROFILE_FILES:
        data = load_toml(profile)
        for feed in data["discovery"].get("feeds", []):
            links = _feed_links(base, urlsplit(urljoin(f"{base}/{data['name']}/", feed)).path)
            assert links, feed
            urls += links
    for url in urls:
        assert url.startswith(base + "/"), url
        path = urlsplit(url).path
        status, _, _ = fetch(base, path)
        assert status == 200 or path in BROKEN, f"{url}: HTTP {status}"


def test_news_sitemap_has_publication_dates(base):
    body = get_ok(base, "/civic-ledger/sitemap.xml").decode()
    assert "http://www.google.com/schemas/sitemap-news/0.9" in body
    assert body.count("<news:publication_date>") == sum(
        1 for g in ARTICLES if g["site"] == "civic-ledger")


def test_feed_items_have_pubdates(base):
    root = lxml.etree.fromstring(get_ok(base, "/civic-ledger/comment/rss.xml"))
    items = root.xpath("/rss/channel/item")
    assert items
    assert all(item.findtext("pubDate") for item in items)


def test_robots_txt_rules(base):
    protego = pytest.importorskip("protego")
    robots = protego.Protego.parse(get_ok(base, "/robots.txt").decode())
    for site in SITES:
        assert not robots.can_fetch(f"{base}/{site}/search/", "*")
        assert not robots.can_fetch(f"{base}/{site}/search/?q=care", "*")
        assert robots.can_fetch(f"{base}/{site}/", "*")
    assert not robots.can_fetch(f"{base}/admin/", "*")
    for record in ARTICLES:
        assert robots.can_fetch(base + record["path"], "*"), record["path"]
    assert list(robots.sitemaps) == [f"{base}/sitemap.xml"]


# -- profiles --------------------------------------------------------------------------------------


def test_profiles_exist():
    assert sorted(p.stem for p in PROFILE_FILES) == sorted(SITES)


@pytest.mark.parametrize("path", PROFILE_FILES, ids=lambda p: p.stem)
def test_profile_keys(path):
    data = load_toml(path)
    for key, value in data.items():
        if key in SECTION_KEYS:
            assert isinstance(value, dict)
            assert set(value) <= SECTION_KEYS[key], f"unknown keys in [{key}]"
        else:
            assert key in TOP_KEYS, f"unknown key {key!r}"
    assert data["name"] == path.stem
    assert data["title"]
    assert data["base_url"] == f"http://sample.tradepress.example/{path.stem}/"
    assert re.fullmatch(r"[a-z]{2}", data["language"])
    assert data.get("date_order", "DMY") in ("DMY", "MDY", "YMD")
    assert data["urls"]["follow"]
    for pattern in data["urls"]["follow"] + data["urls"].get("skip", []):
        re.compile(pattern)
    discovery = data["discovery"]
    sources = discovery.get("feeds", []) + discovery.get("sitemaps", []) + discovery.get(
        "listings", [])
    assert sources
    for rel in sources:   # relative to base_url, so the demo can re-root them
        assert "://" not in rel and not rel.startswith("/"), rel


@pytest.mark.parametrize("path", PROFILE_FILES, ids=lambda p: p.stem)
def test_profile_loads_with_siteconfig(path):
    siteconfig = pytest.importorskip("crawler.siteconfig")
    profile = siteconfig.load_profile(path)
    assert profile.name == path.stem


def _is_article_url(data: dict, url: str) -> bool:
    if any(re.search(p, url) for p in data["urls"].get("skip", [])):
        return False
    return any(re.search(p, url) for p in data["urls"]["follow"])


@pytest.mark.parametrize("path", PROFILE_FILES, ids=lambda p: p.stem)
def test_profile_follow_patterns_match_golden(path):
    data = load_toml(path)
    base = "http://127.0.0.1:8123"
    for record in GOLDEN:
        url = base + record["path"]
        if record["site"] != data["name"]:
            assert not _is_article_url(data, url), record["path"]
        elif record["is_article"] or record.get("status") == 404:
            assert _is_article_url(data, url), record["path"]
        else:
            assert not _is_article_url(data, url), record["path"]
    assert not _is_article_url(data, f"{base}/{data['name']}/search/?q=x")


def _discover(base: str, data: dict) -> set[str]:
    """What a crawler following the profile finds: feeds, sitemaps and paginated listings."""
    root = f"{base}/{data['name']}/"
    discovery = data["discovery"]
    found: set[str] = set()
    for feed in discovery.get("feeds", []):
        found.update(_feed_links(base, urlsplit(urljoin(root, feed)).path))
    pending = [urljoin(root, s) for s in discovery.get("sitemaps", [])]
    while pending:
        sitemap = pending.pop()
        tree = lxml.etree.fromstring(get_ok(base, urlsplit(sitemap).path))
        pending += tree.xpath("/sm:sitemapindex/sm:sitemap/sm:loc/text()", namespaces=SITEMAP_NS)
        found.update(tree.xpath("/sm:urlset/sm:url/sm:loc/text()", namespaces=SITEMAP_NS))
    selector = discovery.get("next_page", "a[rel~=next]")
    for listing in discovery.get("listings", []):
        url = urljoin(root, listing)
        for _ in range(discovery.get("max_listing_pages", 10)):
            doc = lxml.html.fromstring(get_ok(base, urlsplit(url).path))
            found.update(urljoin(url, href) for href in doc.xpath("//a/@href"))
            nxt = doc.cssselect(selector)
            if not nxt:
                break
            url = urljoin(url, nxt[0].get("href"))
    return {u.split("#")[0] for u in found if _is_article_url(data, u.split("#")[0])}


@pytest.mark.parametrize("path", PROFILE_FILES, ids=lambda p: p.stem)
def test_discovery_reaches_every_piece(base, path):
    data = load_toml(path)
    found = {urlsplit(u).path for u in _discover(base, data)}
    expected = {g["path"] for g in GOLDEN if g["site"] == data["name"]
                and (g["is_article"] or g.get("status") == 404)}
    assert found == expected


# -- the golden record ---------------------------------------------------------------------------


def test_golden_covers_the_brief():
    opinionish = [g for g in ARTICLES if g["genre"] in ("opinion", "letter", "editorial")]
    assert len(opinionish) >= 25
    for site in SITES:
        assert sum(1 for g in opinionish if g["site"] == site) >= 6, site
    assert sum(1 for g in ARTICLES if g["genre"] == "news") >= 3
    assert any(g["genre"] == "letter" for g in ARTICLES)
    assert any(g["genre"] == "editorial" and g["authors"] == [] for g in ARTICLES)
    assert sum(1 for g in ARTICLES if len(g["authors"]) >= 2) >= 3
    assert any(a["role"] and not a["organisation"] for g in opinionish for a in g["authors"])
    assert any(g["genre"] == "letter" and g["authors"][0]["role"] is None for g in ARTICLES)
    years = {int(g["published"][:4]) for g in ARTICLES}
    assert min(years) >= 2016 and max(years) <= 2025 and len(years) >= 8
    assert any(not g["is_article"] and g.get("status", 200) == 200 and g["site"]
               for g in GOLDEN)
    paths = [g["path"] for g in GOLDEN]
    assert len(paths) == len(set(paths))


def _golden_file(path: str) -> Path:
    target = SITE_DIR / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


@pytest.mark.parametrize("record", ARTICLES, ids=lambda g: g["path"])
def test_golden_record_matches_page(record):
    keys = {"path", "site", "is_article", "genre", "title", "standfirst", "authors", "published",
            "body_first", "body_last", "paragraphs", "must_not_contain"}
    assert keys <= set(record)
    assert record["genre"] in ("opinion", "letter", "editorial", "news")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["published"])
    assert 4 <= record["paragraphs"] <= 8
    assert 8 <= len(record["must_not_contain"]) <= 15
    text = page_text(_golden_file(record["path"]).read_bytes())
    for field in ("title", "standfirst", "body_first", "body_last"):
        if record[field] is not None:
            assert record[field] in text, field
    for author in record["authors"]:
        assert set(author) == {"name", "role", "organisation"}
        for value in author.values():
            assert value is None or value in text
    body = (record["body_first"] + " " + record["body_last"]).lower()
    for boilerplate in record["must_not_contain"]:
        assert boilerplate in text, f"{boilerplate!r} is not on the page"
        assert boilerplate.lower() not in body


def test_server_answers_as_a_proxy_for_the_sample_host(base):
    """`tradepress demo` crawls http://sample.tradepress.example/ through the local server."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", "http://sample.tradepress.example/robots.txt",
                     headers={"Host": "sample.tradepress.example"})
        resp = conn.getresponse()
        body = resp.read().decode("utf-8")
    finally:
        conn.close()
    assert resp.status == 200
    assert "Sitemap: http://sample.tradepress.example/sitemap.xml" in body
    assert "127.0.0.1" not in body
