"""A body compressed once serves both the ``bodies`` table and its WARC record
(pipelines.archive.captures), each read back by the standard decompressors."""

from __future__ import annotations

import gzip
import hashlib
import zlib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database

from pipelines.archive.captures import (
    deflate_body,
    gzip_member,
    read_body,
    store_body,
    zlib_stream,
)
from pipelines.archive.store import Archive
from pipelines.archive.warc import Capture, WarcWriter, read_record_at, read_responses
from pipelines.ingest import Ingest
from pipelines.recordqueue import pack_body

PAGE = b"<html><body>" + b"<p>The council's budget, again.</p>" * 2000 + b"</body></html>"


@given(st.binary(max_size=70_000), st.binary(max_size=600), st.binary(max_size=8))
def test_one_compression_reads_back_as_zlib_and_as_gzip(body, head, tail):
    deflated = deflate_body(body)
    assert deflated.sha256 == hashlib.sha256(body).hexdigest()
    assert zlib.decompress(zlib_stream(deflated)) == body
    assert gzip.decompress(gzip_member(head, deflated, tail)) == head + body + tail
    assert gzip.decompress(gzip_member(head)) == head


def test_a_body_compressed_once_is_spliced_into_its_warc_record(tmp_path: Path):
    deflated = deflate_body(PAGE)
    capture = Capture(url="https://x.example/comment/a", status=200, reason="OK",
                      headers=[("Content-Type", "text/html")], body=PAGE,
                      fetched_at="2026-12-06T21:00:00+00:00")
    with WarcWriter(tmp_path / "a.warc.gz") as writer:
        name, offset = writer.write(capture, deflated)
    data = (tmp_path / name).read_bytes()
    assert deflated.blocks in data[offset:]  # not compressed a second time
    record = read_record_at(tmp_path / name, offset)
    assert record["payload"] == PAGE and record["digest_ok"]
    assert [r["offset"] for r in read_responses(tmp_path / name)] == [offset]


def test_bodies_rows_from_either_compression_read_back(tmp_path: Path):
    db = Database(tmp_path / "a.db")
    db.execute("create table bodies (sha256 text primary key, length integer, data blob)")
    old = b"<p>kept before bodies were compressed once</p>"
    db.execute("insert into bodies values (?, ?, ?)",
               [hashlib.sha256(old).hexdigest(), len(old), zlib.compress(old, 6)])
    deflated = deflate_body(PAGE)
    assert store_body(db, PAGE, deflated) == deflated.sha256
    (data,), = db.execute("select data from bodies where sha256 = ?", [deflated.sha256])
    assert data == zlib_stream(deflated)
    assert read_body(db, deflated.sha256) == PAGE
    assert read_body(db, hashlib.sha256(old).hexdigest()) == old


def test_the_ingest_writer_compresses_each_body_once(tmp_path: Path, monkeypatch):
    """The distributed crawl's writer, too, keeps one compression of a body in both places."""
    compressed: list[int] = []
    real = zlib.compressobj

    class Counting:
        def __init__(self, *args):
            self.inner = real(*args)

        def compress(self, data):
            compressed.append(len(data))
            return self.inner.compress(data)

        def flush(self, *mode):
            return self.inner.flush(*mode)

    archive = Archive(tmp_path / "a.db")
    writer = Ingest(None, archive, tmp_path / "warc", 10)
    monkeypatch.setattr(zlib, "compressobj", Counting)
    writer.write_capture({
        "crawl_id": None, "site": None, "kind": "article", "url": "https://x.example/a",
        "requested_url": "https://x.example/a", "status": 200, "redirects": [], "hints": None,
        "headers": [["Content-Type", "text/html"]], "request_headers": [], "method": "GET",
        "body": pack_body(PAGE), "fetched_at": "2026-12-06T21:00:00+00:00"})
    monkeypatch.undo()
    assert compressed.count(len(PAGE)) == 1
    assert read_body(archive.db, hashlib.sha256(PAGE).hexdigest()) == PAGE
