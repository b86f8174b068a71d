"""WARC writing and reading (pipelines.archive.warc), checked against warcio's own reader."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from pipelines.archive.warc import Capture, WarcWriter, read_record_at, read_responses, warc_name

HTML = "<html><head><title>Op-ed</title></head><body><p>Caf\u00e9</p></body></html>".encode()
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title></channel></rss>'
GZIPPED_HTML = b"<html><body>" + b"compressed on the wire " * 50 + b"</body></html>"

CAPTURES = [
    Capture(url="https://civic-ledger.example/opinion/op-ed?page=1", status=200, reason="OK",
            headers=[("Content-Type", "text/html; charset=utf-8"),
                     ("Content-Length", str(len(HTML))), ("Set-Cookie", "a=b")],
            body=HTML, fetched_at="2026-11-26T05:00:00+00:00",
            request_headers=[("User-Agent", "tradepress/0.1"), ("Accept", "text/html")]),
    Capture(url="https://civic-ledger.example/feed.xml", status=200, reason="OK",
            headers=[("Content-Type", "application/rss+xml")], body=RSS,
            fetched_at="2026-11-26T05:00:01.250000+00:00"),
    Capture(url="https://civic-ledger.example/gone", status=404, reason="Not Found",
            headers=[("Content-Type", "text/html"), ("Content-Length", "9")], body=b"not found",
            fetched_at="2026-11-26T06:00:02+01:00"),
    Capture(url="https://civic-ledger.example/opinion/op-ed", status=304, reason="",
            headers=[("ETag", '"abc"')], body=b"", fetched_at="2026-11-26T05:00:03+00:00"),
    Capture(url="https://civic-ledger.example/opinion/gz", status=200, reason="OK",
            headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                     ("Content-Length", str(len(gzip.compress(GZIPPED_HTML)))),
                     ("Transfer-Encoding", "chunked")],
            body=GZIPPED_HTML, fetched_at="2026-11-26T05:00:04+00:00", method="get"),
]
EXPECTED_DATES = ["2026-11-26T05:00:00Z", "2026-11-26T05:00:01.250000Z", "2026-11-26T05:00:02Z",
                  "2026-11-26T05:00:03Z", "2026-11-26T05:00:04Z"]


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, list[tuple[str, int]]]:
    path = tmp_path / "warcs" / "crawl.warc.gz"
    with WarcWriter(path, info={"operator": "tests", "isPartOf": "crawl-12"}) as writer:
        results = [writer.write(c) for c in CAPTURES]
    return path, results


def all_records(path: Path) -> list[dict]:
    """Every record as warcio's ArchiveIterator sees it."""
    out = []
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh, check_digests=True)
        for rec in records:
            payload = rec.content_stream().read()  # what replay tools would serve
            out.append({"type": rec.rec_type, "warc": rec.rec_headers, "http": rec.http_headers,
                        "payload": payload, "offset": records.get_record_offset(),
                        "digest_problems": rec.digest_checker.problems,
                        "version": rec.rec_headers.protocol})
    return out


def responses(records: list[dict]) -> list[dict]:
    return [r for r in records if r["type"] == "response"]


def test_write_returns_file_name_and_offsets(written):
    path, results = written
    assert [name for name, _ in results] == ["crawl.warc.gz"] * len(CAPTURES)
    offsets = [offset for _, offset in results]
    assert offsets == sorted(offsets) and offsets[0] > 0


def test_warcio_reads_everything_back_in_order(written):
    path, _ = written
    records = all_records(path)
    assert records[0]["type"] == "warcinfo"
    assert all(r["version"] == "WARC/1.1" for r in records)
    assert [r["type"] for r in records[1:]] == ["request", "response"] * len(CAPTURES)
    resp = responses(records)
    assert [r["warc"]["WARC-Target-URI"] for r in resp] == [c.url for c in CAPTURES]
    assert [r["payload"] for r in resp] == [c.body for c in CAPTURES]
    assert [int(r["http"].get_statuscode()) for r in resp] == [200, 200, 404, 304, 200]
    assert [r["warc"]["WARC-Date"] for r in resp] == EXPECTED_DATES
    for r in records:
        assert r["digest_problems"] == []  # warcio verified block and payload digests
        if r["type"] != "warcinfo":
            assert r["warc"]["WARC-Payload-Digest"].startswith("sha1:")
            assert r["warc"]["WARC-Block-Digest"].startswith("sha1:")


def test_warcinfo_record(written):
    path, _ = written
    info = all_records(path)[0]
    assert info["warc"]["WARC-Filename"] == "crawl.warc.gz"
    fields = info["payload"].decode()
    for line in ("software: tradepress", "format: WARC File Format 1.1", "operator: tests",
                 "isPartOf: crawl-12"):
        assert line in fields


def test_requests_precede_and_link_their_responses(written):
    path, _ = written
    records = all_records(path)[1:]
    for request, response in zip(records[0::2], records[1::2], strict=True):
        assert (request["type"], response["type"]) == ("request", "response")
        assert request["warc"]["WARC-Concurrent-To"] == response["warc"]["WARC-Record-ID"]
        assert request["warc"]["WARC-Target-URI"] == response["warc"]["WARC-Target-URI"]
        assert request["warc"]["WARC-Date"] == response["warc"]["WARC-Date"]
        assert request["payload"] == b""
    first = records[0]["http"]
    assert (first.protocol, first.statusline) == ("GET", "/opinion/op-ed?page=1 HTTP/1.1")
    assert first.headers == [("Host", "civic-ledger.example"), ("User-Agent", "tradepress/0.1"),
                             ("Accept", "text/html")]
    assert records[-2]["http"].protocol == "GET"  # method "get" normalised


def test_read_responses(written):
    path, results = written
    got = list(read_responses(path))
    assert [r["url"] for r in got] == [c.url for c in CAPTURES]
    assert [r["status"] for r in got] == [c.status for c in CAPTURES]
    assert [r["payload"] for r in got] == [c.body for c in CAPTURES]
    assert [r["offset"] for r in got] == [offset for _, offset in results]
    assert all(r["digest_ok"] for r in got)
    assert all(r["record_id"].startswith("<urn:uuid:") for r in got)
    assert len({r["record_id"] for r in got}) == len(CAPTURES)
    # dates come back in the project's ISO form, in UTC
    assert got[0]["date"] == CAPTURES[0].fetched_at
    assert got[1]["date"] == "2026-11-26T05:00:01.250000+00:00"
    assert got[2]["date"] == "2026-11-26T05:00:02+00:00"


def test_read_record_at_every_offset(written):
    path, results = written
    by_list = list(read_responses(path))
    for (name, offset), capture, listed in zip(results, CAPTURES, by_list, strict=True):
        record = read_record_at(path.parent / name, offset)
        assert record == listed
        assert (record["url"], record["payload"]) == (capture.url, capture.body)
        assert record["offset"] == offset


def test_read_record_at_rejects_offsets_of_other_records(written):
    path, results = written
    with pytest.raises(ValueError, match="warcinfo"):
        read_record_at(path, 0)
    with pytest.raises(ValueError):
        read_record_at(path, results[0][1] + 3)  # inside a gzip member
    with pytest.raises(ValueError, match="nothing"):
        read_record_at(path, path.stat().st_size)


def test_digest_ok_detects_a_corrupted_payload(tmp_path):
    path = tmp_path / "one.warc.gz"
    with WarcWriter(path) as writer:
        _, offset = writer.write(CAPTURES[1])
    data = bytearray(path.read_bytes())
    # rewrite the response member with one payload byte changed (digests left as written)
    member = gzip.decompress(bytes(data[offset:]))
    tampered = member.replace(b"Ledger", b"Lodger")
    assert tampered != member
    path.write_bytes(bytes(data[:offset]) + gzip.compress(tampered))
    (record,) = read_responses(path)
    assert record["payload"] == RSS.replace(b"Ledger", b"Lodger")
    assert record["digest_ok"] is False


def header_list(written, index: int) -> list[tuple[str, str]]:
    path, results = written
    return read_record_at(path, results[index][1])["headers"]


def test_encoding_headers_are_renamed_and_length_fixed(written):
    headers = header_list(written, 4)
    wire_length = str(len(gzip.compress(GZIPPED_HTML)))
    assert headers == [
        ("Content-Type", "text/html"),
        ("X-Archive-Orig-Content-Encoding", "gzip"),
        ("Content-Length", str(len(GZIPPED_HTML))),
        ("X-Archive-Orig-Content-Length", wire_length),
        ("X-Archive-Orig-Transfer-Encoding", "chunked"),
    ]
    names = {n.lower() for n, _ in headers}
    assert "content-encoding" not in names and "transfer-encoding" not in names


def test_matching_content_length_is_kept_and_missing_one_added(written):
    assert header_list(written, 0) == [("Content-Type", "text/html; charset=utf-8"),
                                       ("Content-Length", str(len(HTML))), ("Set-Cookie", "a=b")]
    assert header_list(written, 1) == [("Content-Type", "application/rss+xml"),
                                       ("Content-Length", str(len(RSS)))]
    assert header_list(written, 3) == [("ETag", '"abc"'), ("Content-Length", "0")]


def test_status_lines_as_given(written):
    path, _ = written
    statuslines = [r["http"].statusline for r in responses(all_records(path))]
    assert statuslines == ["200 OK", "200 OK", "404 Not Found", "304", "200 OK"]
    raw = gzip.decompress(path.read_bytes())
    assert b"HTTP/1.1 304 \r\nETag" in raw and b"HTTP/1.1 404 Not Found\r\n" in raw


def test_header_line_breaks_cannot_inject_headers(tmp_path):
    path = tmp_path / "inject.warc.gz"
    capture = Capture(url="https://x.example/", status=200, reason="OK\r\nX-Evil: 1",
                      headers=[("X-Note", "a\r\nX-Evil: 1")], body=b"ok",
                      fetched_at="2026-11-26T05:00:00Z")
    with WarcWriter(path) as writer:
        _, offset = writer.write(capture)
    record = read_record_at(path, offset)
    assert record["digest_ok"] and record["payload"] == b"ok"
    assert [n for n, _ in record["headers"]] == ["X-Note", "Content-Length"]


def test_writer_refuses_to_overwrite_and_to_write_after_close(written):
    path, _ = written
    with pytest.raises(FileExistsError):
        WarcWriter(path)
    writer = WarcWriter(path.with_name("other.warc.gz"))
    writer.close()
    writer.close()  # idempotent
    with pytest.raises(ValueError, match="closed"):
        writer.write(CAPTURES[0])


def test_bad_fetched_at_leaves_the_file_intact(tmp_path):
    path = tmp_path / "bad.warc.gz"
    with WarcWriter(path) as writer:
        writer.write(CAPTURES[0])
        size = path.stat().st_size
        bad = Capture(url="https://x.example/", status=200, reason="OK", headers=[], body=b"x",
                      fetched_at="yesterday")
        with pytest.raises(ValueError, match="ISO 8601"):
            writer.write(bad)
        assert path.stat().st_size == size
        writer.write(CAPTURES[1])
    assert [r["url"] for r in read_responses(path)] == [CAPTURES[0].url, CAPTURES[1].url]


def test_warc_name():
    started = datetime(2026, 11, 26, 5, 0, 0, tzinfo=UTC)
    assert warc_name("civic-ledger", 12, started) == \
        "tradepress-civic-ledger-00012-20261126T050000Z.warc.gz"
    assert warc_name(None, 12, started) == "tradepress-00012-20261126T050000Z.warc.gz"
    assert warc_name("Civic Ledger/UK", 123456, started.replace(tzinfo=None)) == \
        "tradepress-civic-ledger-uk-123456-20261126T050000Z.warc.gz"
    plus_one = started.astimezone(timezone(timedelta(hours=1)))
    assert warc_name("civic-ledger", 12, plus_one) == warc_name("civic-ledger", 12, started)
    with pytest.raises(ValueError):
        warc_name("x", -1, started)
