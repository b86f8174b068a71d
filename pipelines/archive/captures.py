"""Raw captures: every response a crawl fetched, kept as evidence beside the parsed records.

A capture row holds what the server said (status, headers, redirects, when) and points at its
body, stored once per distinct content in ``bodies`` (zlib-compressed, keyed by SHA-256), and at
its WARC record (file name and byte offset). An unchanged page fetched again adds a capture row
but no new body. Plain functions over a sqlite-utils database; no Scrapy here.

**A body is compressed once** for both places that keep it, ``bodies`` and the WARC record
(compressing it twice cost more CPU than anything else a crawl does outside extraction):
:func:`deflate_body` compresses it to a raw DEFLATE stream that ends on a byte boundary without
closing the stream (a *sync flush*), and both containers are assembled around those bytes.
:func:`zlib_stream` is a standard zlib stream (RFC 1950: two header bytes, the body's blocks,
an empty last block, the body's Adler-32), which ``zlib.decompress`` reads as it reads the
rows written before (``zlib.compress``). :func:`gzip_member` is a standard gzip member (RFC
1952) of ``head + body + tail`` (a WARC record), only the head and tail compressed there and
the body's blocks spliced in between: DEFLATE back-references reach only into the body's own
earlier bytes, so they decode the same after the head; the CRC-32 and length cover it all.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

LEVEL = 6  # zlib's default: what ``bodies`` always used
_ZLIB_HEADER = b"\x78\x9c"  # deflate, 32 KB window, default level (RFC 1950 check bits)
_LAST_EMPTY_BLOCK = b"\x03\x00"  # a final, empty, fixed-Huffman block
# magic, deflate, no flags, no time, no extra flags, OS unknown (RFC 1952)
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


@dataclass(frozen=True)
class Provenance:
    """Where a capture came from: ``crawl`` (fetched live), ``warc`` (read from a WARC file:
    ``uri`` is the file, ``record`` its WARC-Record-ID, ``offset`` where the record starts) or
    ``web-archive`` (a memento: ``uri`` is its URL)."""

    source: str
    uri: str | None = None
    record: str | None = None
    offset: int | None = None


@dataclass(frozen=True)
class DeflatedBody:
    """A body, its SHA-256 (hex), and its DEFLATE blocks (sync-flushed, not closed)."""

    body: bytes
    sha256: str
    blocks: bytes


def deflate_body(body: bytes, level: int = LEVEL) -> DeflatedBody:
    """Hash and compress ``body`` once."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    blocks = compressor.compress(body) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return DeflatedBody(body, hashlib.sha256(body).hexdigest(), blocks)


def zlib_stream(deflated: DeflatedBody) -> bytes:
    """The body as one zlib stream, from its blocks (``zlib.decompress`` gives the body)."""
    return (_ZLIB_HEADER + deflated.blocks + _LAST_EMPTY_BLOCK
            + struct.pack(">I", zlib.adler32(deflated.body)))


def gzip_member(head: bytes, deflated: DeflatedBody | None = None, tail: bytes = b"",
                level: int = LEVEL) -> bytes:
    """One gzip member whose content is ``head``, the body (if any), then ``tail``; only the
    head and tail are compressed here."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    parts = [_GZIP_HEADER, compressor.compress(head)]
    crc = zlib.crc32(head)
    size = len(head) + len(tail)
    if deflated is not None:
        parts.append(compressor.flush(zlib.Z_SYNC_FLUSH))  # byte-aligned: the body's blocks
        parts.append(deflated.blocks)  # follow, and need nothing before them
        compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
        crc = zlib.crc32(deflated.body, crc)
        size += len(deflated.body)
    parts += [compressor.compress(tail), compressor.flush(zlib.Z_FINISH)]
    crc = zlib.crc32(tail, crc)
    parts.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(parts)


def store_body(db: Database, body: bytes, deflated: DeflatedBody | None = None) -> str:
    """Keep ``body`` once; return its SHA-256 (hex). ``deflated``: the body already hashed and
    compressed (the crawl does it once for this table and the WARC record)."""
    if deflated is None or deflated.body != body:
        deflated = deflate_body(body)
    db.execute("insert or ignore into bodies (sha256, length, data) values (?, ?, ?)",
               [deflated.sha256, len(body), zlib_stream(deflated)])
    return deflated.sha256


def read_body(db: Database, digest: str | None) -> bytes:
    if not digest:
        return b""
    row = db.execute("select data from bodies where sha256 = ?", [digest]).fetchone()
    return unpack_body(row[0]) if row else b""


def unpack_body(data: bytes | None) -> bytes:
    """The body a ``bodies`` row's data holds (nothing for no row)."""
    return zlib.decompress(data) if data else b""


def insert_capture(db: Database, *, crawl_id: int | None, site: str | None, kind: str, url: str,
                   requested_url: str, status: int, reason: str,
                   headers: list[tuple[str, str]], redirects: list[str], body: bytes,
                   fetched_at: str, warc_file: str | None = None,
                   warc_offset: int | None = None, hints: dict | None = None,
                   deflated: DeflatedBody | None = None,
                   provenance: Provenance | None = None) -> int:
    """Record one fetched response; return the capture's id. Runs in the caller's transaction
    if there is one. ``deflated``: see :func:`store_body`; ``provenance``: where a capture
    not fetched by a crawl was read from (a crawl's own captures have none)."""
    digest = store_body(db, body, deflated) if body else None
    content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    source = provenance or Provenance("crawl")
    cursor = db.execute(
        """insert into captures (crawl_id, site, kind, url, requested_url, status, reason,
               headers, redirects, content_type, body_sha256, fetched_at, warc_file,
               warc_offset, hints, source, source_uri, source_record, source_offset)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [crawl_id, site, kind, url, requested_url, status, reason, json.dumps(headers),
         json.dumps(redirects), content_type, digest, fetched_at, warc_file, warc_offset,
         json.dumps(hints) if hints else None, source.source, source.uri, source.record,
         source.offset])
    return int(cursor.lastrowid)  # type: ignore[arg-type]  # set by the insert above


def known_mementos(db_path: str | None, site: str) -> set[tuple[str, str]]:
    """(original URL, capture time) of every memento of ``site`` already kept from a web
    archive: what a backfill need not fetch again. Empty if there is no archive yet."""
    if not db_path or not Path(db_path).exists():
        return set()
    conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    try:
        return {(url, when) for url, when in conn.execute(
            "select url, fetched_at from captures where source = 'web-archive' and site = ?",
            [site])}
    except sqlite3.OperationalError:  # an archive from before sources were recorded
        return set()
    finally:
        conn.close()


def known_capture(db: Database, url: str, fetched_at: str, body: bytes,
                  record: str | None = None) -> int | None:
    """The id of a capture already kept of this response (same URL, time and body, or the
    same WARC record id): what makes an import or a backfill idempotent."""
    if record is not None:
        row = db.execute("select id from captures where source_record = ?",
                         [record]).fetchone()
        if row:
            return int(row[0])
    digest = hashlib.sha256(body).hexdigest() if body else None
    row = db.execute("select id from captures where url = ? and fetched_at = ? and "
                     "body_sha256 is ?", [url, fetched_at, digest]).fetchone()
    return int(row[0]) if row else None


def iter_captures(db: Database, *, site: str | None = None, since: str | None = None,
                  kinds: tuple[str, ...] | None = None,
                  batch: int = 200) -> Iterator[dict[str, Any]]:
    """Captures in fetch order with their bodies, a batch at a time (memory stays flat)."""
    where, params = ["1 = 1"], []
    if site:
        where.append("site = ?")
        params.append(site)
    if since:
        where.append("fetched_at >= ?")
        params.append(since)
    if kinds:
        where.append(f"kind in ({', '.join('?' for _ in kinds)})")
        params.extend(kinds)
    last_id = 0
    while True:
        rows = db.execute(
            f"""select id, crawl_id, site, kind, url, requested_url, status, reason, headers,
                       redirects, body_sha256, fetched_at, warc_file, warc_offset
                from captures where {' and '.join(where)} and id > ? order by id limit ?""",
            [*params, last_id, batch]).fetchall()
        if not rows:
            return
        for row in rows:
            keys = ("id", "crawl_id", "site", "kind", "url", "requested_url", "status",
                    "reason", "headers", "redirects", "body_sha256", "fetched_at", "warc_file",
                    "warc_offset")
            capture = dict(zip(keys, row, strict=True))
            capture["headers"] = [tuple(h) for h in json.loads(capture["headers"] or "[]")]
            capture["redirects"] = json.loads(capture["redirects"] or "[]")
            capture["body"] = read_body(db, capture["body_sha256"])
            yield capture
        last_id = rows[-1][0]
