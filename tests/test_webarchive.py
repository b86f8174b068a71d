"""The pywb test archive (tests/webarchive.py), and what pywb answers that backfill relies on:
its CDX API (JSON lines, prefix and host matches, from/to) and raw ``id_`` replay (the original
status, headers and body bytes)."""

from __future__ import annotations

import gzip
import http.client
import json
from io import BytesIO
from urllib.parse import urlencode, urlsplit

import pytest
from conftest import fetch, free_port
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
from webarchive import build_collection, pywb_bin, serve_pywb, wget_warc

# A fake origin: never served, only named in the WARC
ORIGIN = f"http://127.0.0.1:{free_port()}"
HOST = urlsplit(ORIGIN).netloc
PAGE = f"{ORIGIN}/news/a.html"
OLD_HTML = b"<html><body><p>First version, caf\xc3\xa9</p></body></html>\n"
NEW_HTML = b"<html><body><p>Second version</p></body></html>"
CSS = b"body { color: #333 }\n"
GZIPPED = gzip.compress(b"<html><body>sent gzipped</body></html>", mtime=0)

# (url, WARC-Date, status line, headers, body)
CAPTURES = [
    (PAGE, "2017-03-01T10:00:00Z", "200 OK",
     [("Content-Type", "text/html; charset=utf-8"), ("Date", "Wed, 01 Mar 2017 10:00:00 GMT"),
      ("Server", "origin/1.0"), ("ETag", '"v1"'), ("Set-Cookie", "session=abc"),
      ("X-Origin", "kept")], OLD_HTML),
    (PAGE, "2019-06-01T12:30:00Z", "200 OK", [("Content-Type", "text/html")], NEW_HTML),
    (f"{ORIGIN}/static/site.css", "2018-01-01T00:00:00Z", "200 OK",
     [("Content-Type", "text/css")], CSS),
    (f"{ORIGIN}/news/gone.html", "2018-05-05T00:00:00Z", "404 Not Found",
     [("Content-Type", "text/html")], b"<p>no such page</p>"),
    (f"{ORIGIN}/news/moved", "2018-05-05T00:00:00Z", "301 Moved Permanently",
     [("Content-Type", "text/html"), ("Location", PAGE)], b"moved"),
    (f"{ORIGIN}/news/zipped.html", "2018-07-07T00:00:00Z", "200 OK",
     [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], GZIPPED),
]


def write_warc(path) -> None:
    """CAPTURES as gzipped WARC response records, plus a revisit of the stylesheet in 2020."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, date, status, headers, body in CAPTURES:
            http_headers = StatusAndHeaders(
                status, [*headers, ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=BytesIO(body),
                                               http_headers=http_headers,
                                               warc_headers_dict={"WARC-Date": date})
            writer.write_record(record)
            if url.endswith(".css"):
                css = record
        writer.write_record(writer.create_revisit_record(
            css.rec_headers.get_header("WARC-Target-URI"),
            digest=css.rec_headers.get_header("WARC-Payload-Digest"),
            refers_to_uri=css.rec_headers.get_header("WARC-Target-URI"),
            refers_to_date=css.rec_headers.get_header("WARC-Date"),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/css")],
                                          protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": "2020-02-02T00:00:00Z"}))


@pytest.fixture(scope="module")
def pywb(tmp_path_factory):
    """Base URL of a pywb serving collection ``press`` built from the WARC above."""
    root = tmp_path_factory.mktemp("pywb")
    warc = root / "captures.warc.gz"
    write_warc(warc)
    build_collection(root, "press", [warc])
    with serve_pywb(root) as base:
        yield base


def cdx(base: str, collection: str = "press", **params) -> list[dict]:
    """One CDX query with output=json: pywb answers JSON lines (NDJSON), one capture a line."""
    status, headers, body = fetch(
        base, f"/{collection}/cdx?" + urlencode({**params, "output": "json"}))
    assert status == 200, body
    assert headers["content-type"] == "text/x-ndjson"
    return [json.loads(line) for line in body.decode().splitlines() if line.strip()]


def replay(base: str, timestamp: str, url: str, collection: str = "press", **headers):
    """The raw ``id_`` replay of ``url`` at ``timestamp``: (status, headers, body)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", f"/{collection}/{timestamp}id_/{url}", headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


# -- CDX ------------------------------------------------------------------------------------------

def test_cdx_lists_the_captures_of_one_url(pywb):
    rows = cdx(pywb, url=PAGE)
    assert [row["timestamp"] for row in rows] == ["20170301100000", "20190601123000"]
    assert {row["url"] for row in rows} == {PAGE}
    assert {(row["mime"], row["status"]) for row in rows} == {("text/html", "200")}
    assert len({row["digest"] for row in rows}) == 2
    assert {"urlkey", "timestamp", "url", "mime", "status", "digest", "length", "offset",
            "filename"} <= set(rows[0])
    # the scheme is not part of the key
    assert len(cdx(pywb, url=PAGE.removeprefix("http://"))) == 2


def test_cdx_prefix_and_host_matches(pywb):
    news = cdx(pywb, url=f"{HOST}/news/", matchType="prefix")
    assert sorted({row["url"] for row in news}) == [
        f"{ORIGIN}/news/a.html", f"{ORIGIN}/news/gone.html", f"{ORIGIN}/news/moved",
        f"{ORIGIN}/news/zipped.html"]
    everything = cdx(pywb, url=f"{HOST}/*")
    assert len(everything) == len(CAPTURES) + 1
    assert cdx(pywb, url=HOST, matchType="host") == everything
    by_url = {(row["url"], row["timestamp"]): row for row in everything}
    assert by_url[f"{ORIGIN}/static/site.css", "20180101000000"]["mime"] == "text/css"
    assert by_url[f"{ORIGIN}/news/gone.html", "20180505000000"]["status"] == "404"
    assert by_url[f"{ORIGIN}/news/moved", "20180505000000"]["status"] == "301"
    # a revisit record: mime "warc/revisit" and no status at all
    revisit = by_url[f"{ORIGIN}/static/site.css", "20200202000000"]
    assert revisit["mime"] == "warc/revisit" and "status" not in revisit
    assert cdx(pywb, url=f"{HOST}/nothing/*") == []


def test_cdx_from_and_to_limit_by_date(pywb):
    def stamps(**params):
        return [row["timestamp"] for row in cdx(pywb, url=PAGE, **params)]

    assert stamps(**{"from": "2018"}) == ["20190601123000"]
    assert stamps(to="2018") == ["20170301100000"]
    assert stamps(**{"from": "201703", "to": "20170301"}) == ["20170301100000"]
    assert stamps(**{"from": "20190601123000", "to": "20190601123000"}) == ["20190601123000"]
    assert stamps(**{"from": "2018", "to": "2018"}) == []


def test_cdx_filter_fields_and_limit(pywb):
    ok = cdx(pywb, url=f"{HOST}/*", filter="status:200")
    assert {row["status"] for row in ok} == {"200"} and len(ok) == 4
    assert [row["url"] for row in cdx(pywb, url=f"{HOST}/*", filter="!mime:text/html")] == [
        f"{ORIGIN}/static/site.css", f"{ORIGIN}/static/site.css"]
    assert len(cdx(pywb, url=f"{HOST}/*", limit="2")) == 2
    assert cdx(pywb, url=PAGE, fl="timestamp,status") == [
        {"timestamp": "20170301100000", "status": "200"},
        {"timestamp": "20190601123000", "status": "200"}]
    # unlike the Wayback Machine: its field names are dropped, collapse is ignored
    assert cdx(pywb, url=PAGE, fl="timestamp,original,statuscode") == [
        {"timestamp": "20170301100000"}, {"timestamp": "20190601123000"}]
    assert len(cdx(pywb, url=PAGE, collapse="urlkey")) == 2


# -- raw replay -----------------------------------------------------------------------------------

def test_id_replay_returns_the_original_bytes_and_status(pywb):
    for url, date, status_line, headers, body in CAPTURES[:4]:
        stamp = "".join(ch for ch in date if ch.isdigit())
        status, got_headers, got = replay(pywb, stamp, url)
        assert (status, got) == (int(status_line.split()[0]), body), url
        assert got_headers["content-type"] == dict(headers)["Content-Type"]
        assert got_headers["content-location"] == f"{pywb}/press/{stamp}id_/{url}"
        assert "memento-datetime" in got_headers and "link" in got_headers


def test_id_replay_headers(pywb):
    status, headers, body = replay(pywb, "20170301100000", PAGE)
    assert (status, body) == (200, OLD_HTML)
    assert headers["memento-datetime"] == "Wed, 01 Mar 2017 10:00:00 GMT"
    assert f'<{PAGE}>; rel="original"' in headers["link"]
    # kept as they were
    assert headers["set-cookie"] == "session=abc" and headers["x-origin"] == "kept"
    assert headers["content-length"] == str(len(OLD_HTML))
    # renamed, the replay's own taking their place
    assert headers["x-archive-orig-date"] == "Wed, 01 Mar 2017 10:00:00 GMT"
    assert headers["x-archive-orig-server"] == "origin/1.0"
    assert headers["x-archive-orig-etag"] == '"v1"'
    assert "etag" not in headers and headers["date"] != "Wed, 01 Mar 2017 10:00:00 GMT"


def test_id_replay_of_a_redirect_keeps_its_location(pywb):
    status, headers, body = replay(pywb, "20180505000000", f"{ORIGIN}/news/moved")
    assert (status, headers["location"], body) == (301, PAGE, b"moved")


def test_id_replay_of_a_gzipped_capture(pywb):
    url = f"{ORIGIN}/news/zipped.html"
    status, headers, body = replay(pywb, "20180707000000", url, **{"Accept-Encoding": "gzip"})
    assert (status, headers["content-encoding"], body) == (200, "gzip", GZIPPED)
    # a client that does not accept gzip gets it decoded, the header renamed
    status, headers, body = replay(pywb, "20180707000000", url)
    assert (status, body) == (200, gzip.decompress(GZIPPED))
    assert headers["x-archive-orig-content-encoding"] == "gzip"
    assert "content-encoding" not in headers


def test_id_replay_of_a_revisit_serves_the_original_payload(pywb):
    status, headers, body = replay(pywb, "20200202000000", f"{ORIGIN}/static/site.css")
    assert (status, body) == (200, CSS)
    assert headers["memento-datetime"] == "Sun, 02 Feb 2020 00:00:00 GMT"


def test_id_replay_at_another_time_serves_the_nearest_capture_without_redirecting(pywb):
    status, headers, body = replay(pywb, "20170301100001", PAGE)
    assert (status, body) == (200, OLD_HTML)
    assert headers["content-location"] == f"{pywb}/press/20170301100000id_/{PAGE}"
    assert replay(pywb, "2019", PAGE)[2] == NEW_HTML


def test_what_is_not_in_the_archive(pywb):
    # pywb's own "URL Not Found" page: a 404 too, told apart by having no Memento-Datetime
    status, headers, body = replay(pywb, "20180101000000", f"{ORIGIN}/never-captured")
    assert status == 404 and "memento-datetime" not in headers and b"URL Not Found" in body
    # no robots.txt of its own: /robots.txt redirects to /robots.txt/, which is a 404
    status, headers, _ = fetch(pywb, "/robots.txt")
    assert (status, headers["location"]) == (307, f"{pywb}/robots.txt/")
    assert fetch(pywb, "/robots.txt/")[0] == 404


# -- a WARC made by wget from the sample site -----------------------------------------------------

ARTICLES = [
    "/civic-ledger/news/greywater-votes-to-bring-waste-collection-back-in-house/1329847.article",
    "/build-review/news/contractor-collapse-leaves-14-school-projects-in-limbo",
]


def test_wget_warc_of_the_sample_site_replays_in_pywb(sample_site, tmp_path):
    pywb_bin()    # skip before fetching anything where pywb is missing
    urls = [sample_site + path for path in ARTICLES]
    warc = wget_warc(urls, tmp_path / "wget")
    with open(warc, "rb") as stream:
        responses = {record.rec_headers.get_header("WARC-Target-URI"):
                     (record.http_headers.get_statuscode(), record.content_stream().read())
                     for record in ArchiveIterator(stream) if record.rec_type == "response"}
    assert sorted(responses) == sorted(urls)
    originals = {sample_site + path: fetch(sample_site, path)[2] for path in ARTICLES}
    assert responses == {url: ("200", body) for url, body in originals.items()}

    root = tmp_path / "pywb"
    build_collection(root, "site", [warc])
    with serve_pywb(root) as base:
        rows = cdx(base, "site", url=f"{urlsplit(sample_site).netloc}/*")
        assert sorted(row["url"] for row in rows) == sorted(urls)
        for row in rows:
            status, _, body = replay(base, row["timestamp"], row["url"], "site")
            assert (status, body) == (200, originals[row["url"]])
    # stopped: nothing answers on its port any more
    with pytest.raises(OSError):
        fetch(base, "/")
