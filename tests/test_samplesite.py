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

from crawler.samplesite import PROFILES_DIR, SITE_DIR, serve

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
    with serve() as url:
        yield url


def fetch(base: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request, no redirects followed."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


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
    with serve() as url:
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
    with serve(tmp_path) as url:
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


# -- run-time edits, validators and conditional requests ------------------------------------------

SAMPLE_ORIGIN = "http://sample.tradepress.example"


@pytest.fixture()
def site():
    from crawler.samplesite.server import serve_site

    with serve_site() as running:
        yield running


def request(base: str, path: str, method: str = "GET",
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Like fetch(), with request headers."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


def test_serve_yields_a_plain_url_and_serve_site_the_same_url():
    from crawler.samplesite.server import SampleSite, serve_site

    with serve() as url:
        assert type(url) is str
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
    with serve_site() as running:
        assert isinstance(running, SampleSite)
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", running.url)
        assert fetch(running.url, "/")[0] == 200


def test_every_200_has_validators(site):
    import hashlib
    from email.utils import formatdate

    for path in ("/civic-ledger/", "/robots.txt", "/static/avatar.svg"):
        for method in ("GET", "HEAD"):
            status, headers, _ = request(site.url, path, method)
            assert status == 200
            assert re.fullmatch(r'"[0-9a-f]{16,}"', headers["etag"]), headers["etag"]
    status, headers, body = fetch(site.url, "/robots.txt")
    # The hash is of the bytes served, after {{BASE}} substitution, not of the file on disk.
    assert headers["etag"].strip('"') in hashlib.sha256(body).hexdigest()
    assert headers["etag"] != fetch(site.url, "/civic-ledger/")[1]["etag"]
    mtime = (SITE_DIR / "robots.txt").stat().st_mtime
    assert headers["last-modified"] == formatdate(mtime, usegmt=True)
    # Errors and redirects carry no validators.
    assert "etag" not in fetch(site.url, "/no-such-page")[1]
    assert "etag" not in fetch(site.url, "/civic-ledger")[1]


def test_replace_changes_body_and_etag(site):
    path = "/civic-ledger/"
    _, before, old_body = fetch(site.url, path)
    site.replace(path, "<p>New front page at {{BASE}}/ – ünïcode</p>")
    status, after, body = fetch(site.url, path)
    assert status == 200
    assert body.decode("utf-8") == f"<p>New front page at {site.url}/ – ünïcode</p>"
    assert body != old_body
    assert after["etag"] != before["etag"]
    assert after["content-type"] == "text/html; charset=utf-8"
    assert int(after["content-length"]) == len(body)
    # Bytes and other content types; binary bodies are not substituted; new paths may appear.
    site.replace("/feeds/new.json", b'{"base": "{{BASE}}"}', content_type="application/json")
    assert fetch(site.url, "/feeds/new.json")[2] == f'{{"base": "{site.url}"}}'.encode()
    site.replace("/blob.bin", b"{{BASE}}", content_type="application/octet-stream")
    assert fetch(site.url, "/blob.bin")[2] == b"{{BASE}}"
    # Percent-encoded and decoded spellings of a path are the same path; the query is ignored.
    site.replace("/a b", "spaced")
    assert fetch(site.url, "/a%20b?x=1")[2] == b"spaced"


def test_conditional_get_with_etag(site):
    path = "/build-review/opinion/modular-housing-needs-a-common-rulebook"
    _, headers, _ = fetch(site.url, path)
    old_etag = headers["etag"]
    status, headers, body = request(site.url, path, headers={"If-None-Match": old_etag})
    assert (status, body) == (304, b"")
    assert headers["etag"] == old_etag
    assert "last-modified" in headers

    site.replace(path, "<p>Revised: the rulebook has been published.</p>")
    status, headers, body = request(site.url, path, headers={"If-None-Match": old_etag})
    assert status == 200
    assert body == b"<p>Revised: the rulebook has been published.</p>"
    new_etag = headers["etag"]
    assert new_etag != old_etag

    for sent in (new_etag, f"W/{new_etag}", f'"other", {new_etag}', "*"):
        status, headers, body = request(site.url, path, headers={"If-None-Match": sent})
        assert (status, body) == (304, b""), sent
        assert headers["etag"] == new_etag
    status, headers, body = request(site.url, path, "HEAD", headers={"If-None-Match": new_etag})
    assert (status, body) == (304, b"")
    assert headers["etag"] == new_etag


def test_conditional_get_with_if_modified_since(site):
    from email.utils import formatdate

    path = "/civic-ledger/"
    _, headers, _ = fetch(site.url, path)
    last_modified = headers["last-modified"]
    mtime = (SITE_DIR / "civic-ledger" / "index.html").stat().st_mtime
    for since, expected in ((last_modified, 304),
                            (formatdate(mtime + 3600, usegmt=True), 304),
                            (formatdate(mtime - 3600, usegmt=True), 200),
                            ("not a date", 200)):
        status, _, body = request(site.url, path, headers={"If-Modified-Since": since})
        assert status == expected, since
        assert (body == b"") == (expected == 304)
    # If-None-Match wins over If-Modified-Since, whichever way it goes.
    status, _, _ = request(site.url, path, headers={"If-None-Match": '"stale"',
                                                    "If-Modified-Since": last_modified})
    assert status == 200
    status, _, _ = request(site.url, path, headers={
        "If-None-Match": headers["etag"], "If-Modified-Since": formatdate(0, usegmt=True)})
    assert status == 304


def test_replace_sets_last_modified(site):
    import time
    from datetime import UTC, datetime
    from email.utils import formatdate, parsedate_to_datetime

    path = "/civic-ledger/"
    _, headers, _ = fetch(site.url, path)
    old_last_modified = headers["last-modified"]
    before = int(time.time())
    site.replace(path, "<p>v2</p>")
    after = time.time()
    status, headers, _ = request(site.url, path,
                                 headers={"If-Modified-Since": old_last_modified})
    assert status == 200  # the file on disk is older than the replace() call
    stamp = parsedate_to_datetime(headers["last-modified"]).timestamp()
    assert before <= stamp <= after
    status, _, _ = request(site.url, path, headers={"If-Modified-Since": headers["last-modified"]})
    assert status == 304

    site.replace(path, "<p>v3</p>", last_modified=datetime(2024, 5, 1, 12, 0, tzinfo=UTC))
    _, headers, _ = fetch(site.url, path)
    assert headers["last-modified"] == "Wed, 01 May 2024 12:00:00 GMT"
    since = formatdate(datetime(2024, 4, 1, tzinfo=UTC).timestamp(), usegmt=True)
    assert request(site.url, path, headers={"If-Modified-Since": since})[0] == 200


def test_remove_and_restore(site):
    path = "/nursing-practice/opinion/page/2/"
    status, original, original_body = fetch(site.url, path)
    assert status == 200

    site.remove(path)
    status, headers, body = fetch(site.url, path)
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert b"Page not found" in body
    assert "etag" not in headers
    # A removed page is not "not modified", whatever the client holds.
    assert request(site.url, path, headers={"If-None-Match": original["etag"]})[0] == 404
    assert fetch(site.url, path, method="HEAD")[0] == 404

    site.remove(path, status=410)
    status, headers, body = fetch(site.url, path)
    assert status == 410
    assert b"Gone" in body
    assert int(headers["content-length"]) == len(body)

    site.restore(path)
    status, headers, body = fetch(site.url, path)
    assert status == 200
    assert body == original_body
    assert headers["etag"] == original["etag"]
    site.restore("/never-edited")  # harmless

    with pytest.raises(ValueError):
        site.remove(path, status=200)


def test_reset_restores_every_path(site):
    originals = {p: fetch(site.url, p)[2] for p in ("/", "/robots.txt", "/civic-ledger/")}
    site.replace("/", "home v2")
    site.remove("/robots.txt")
    site.remove("/civic-ledger/", status=410)
    site.replace("/brand-new", "new")
    assert [fetch(site.url, p)[0] for p in originals] == [200, 404, 410]
    site.reset()
    for path, body in originals.items():
        assert fetch(site.url, path)[2] == body
    assert fetch(site.url, "/brand-new")[0] == 404


def test_requests_are_recorded(site):
    site.requests.clear()
    fetch(site.url, "/robots.txt")
    request(site.url, "/civic-ledger/?page=2", "HEAD", headers={"If-None-Match": '"abc"',
                                                               "User-Agent": "tradepress-test"})
    fetch(site.url, "/no-such-page")
    assert [(r.method, r.path) for r in site.requests] == [
        ("GET", "/robots.txt"), ("HEAD", "/civic-ledger/?page=2"), ("GET", "/no-such-page")]
    method, path, headers = site.requests[1]
    assert (method, path) == ("HEAD", "/civic-ledger/?page=2")
    assert headers["if-none-match"] == '"abc"'
    assert headers["user-agent"] == "tradepress-test"
    assert headers["host"] == urlsplit(site.url).netloc
    assert "if-none-match" not in site.requests[0].headers


def test_requests_log_is_thread_safe(site):
    from concurrent.futures import ThreadPoolExecutor

    site.requests.clear()
    paths = [f"/no-such-page-{i}" for i in range(40)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda p: fetch(site.url, p)[0], paths))
    assert set(statuses) == {404}
    assert sorted(r.path for r in site.requests) == sorted(paths)


def _proxy_get(base: str, path: str, headers: dict[str, str] | None = None):
    return request(base, SAMPLE_ORIGIN + path,
                   headers={"Host": "sample.tradepress.example", **(headers or {})})


def test_proxy_mode_with_validators(site):
    status, headers, body = _proxy_get(site.url, "/robots.txt")
    assert status == 200
    assert f"Sitemap: {SAMPLE_ORIGIN}/sitemap.xml" in body.decode()
    etag = headers["etag"]
    assert "last-modified" in headers
    # Different origin, different bytes, different ETag.
    assert fetch(site.url, "/robots.txt")[1]["etag"] != etag
    status, headers, body = _proxy_get(site.url, "/robots.txt", {"If-None-Match": etag})
    assert (status, body) == (304, b"")
    assert headers["etag"] == etag

    site.replace("/robots.txt", "Sitemap: {{BASE}}/other.xml\n", content_type="text/plain")
    status, headers, body = _proxy_get(site.url, "/robots.txt", {"If-None-Match": etag})
    assert status == 200
    assert body == f"Sitemap: {SAMPLE_ORIGIN}/other.xml\n".encode()
    site.remove("/robots.txt", status=410)
    assert _proxy_get(site.url, "/robots.txt")[0] == 410
    # Proxy requests are logged in origin form, with the host they were for.
    method, path, logged = site.requests[-1]
    assert (method, path, logged["host"]) == ("GET", "/robots.txt", "sample.tradepress.example")
