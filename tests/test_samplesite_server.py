"""The sample site's server at run time: pages edited, removed and restored while it runs,
validators (ETag, Last-Modified) and conditional requests, the request log, and proxy mode."""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlsplit

import pytest
from conftest import fetch

from crawler.samplesite import SITE_DIR, serve_sample_site

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

    with serve_sample_site() as url:
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
