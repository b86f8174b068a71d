"""WARC and ARC files written by any tool (Heritrix, Browsertrix, wget, warcio...), read as
plain entries for an import: streamed with warcio, one record in memory at a time.

:func:`read_warc` yields an :class:`Entry` for each HTTP ``response`` (an ARC file's records
are responses too: warcio converts them), each ``resource`` record of an HTML page (what some
tools write for a page they saved without its HTTP headers), and each ``revisit`` (the same
payload as an earlier capture: the page was seen again, unchanged). Requests, metadata and
warcinfo records are passed over. The body is the payload as a browser would read it: chunked
transfer coding and gzip, deflate or brotli content coding undone (warcio's content stream).

What cannot be read is a :class:`Problem`, with the offset where the trouble starts, and
reading the file stops there (what came before stands):

- a record cut short: the file ends inside it (an uncompressed record's payload is shorter
  than its ``Content-Length``; a gzipped file ends inside a member, which warcio passes over
  silently: the bytes after the last whole record are the evidence);
- a file that is not WARC or ARC at all, or whose compression is corrupt.

A record that says it was truncated by the tool that wrote it (``WARC-Truncated``: too long,
too slow) is read as it is, and says so (``truncated``).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

Header = tuple[str, str]


@dataclass
class Entry:
    """One capture read from a WARC or ARC file."""

    kind: str                      # "response" or "revisit"
    url: str
    date: str                      # the capture's time, ISO 8601 UTC (the project's form)
    status: int | None             # HTTP status (None: a resource record, or a revisit without)
    reason: str
    headers: list[Header] = field(default_factory=list)
    body: bytes = b""              # decoded payload (nothing for a revisit)
    record_id: str | None = None   # WARC-Record-ID (None in ARC files)
    offset: int = 0                # where the record starts in the file
    content_type: str | None = None
    truncated: str | None = None   # the writer's WARC-Truncated reason, if any


@dataclass
class Problem:
    """Where a file stopped being readable, and why (one line)."""

    offset: int
    error: str


def read_warc(path: str | Path) -> Iterator[Entry | Problem]:
    """The captures of a WARC or ARC file (gzipped or not), in file order; a :class:`Problem`
    ends the file early. ``OSError`` if the file cannot be opened."""
    with open(path, "rb") as fh:
        yield from _read(fh, os.path.getsize(path))


def read_record(data: bytes) -> Entry | Problem:
    """The capture in ``data``, the bytes of one WARC record (a gzip member, as a byte range
    of a Common Crawl file is), read as :func:`read_warc` reads a file's."""
    found = next(_read(BytesIO(data), len(data)), None)
    return found if found is not None else Problem(0, "no response record in the bytes")


def _read(fh: BinaryIO, size: int) -> Iterator[Entry | Problem]:
    start = _first_bytes(fh.read(4096))
    fh.seek(0)
    if not start.startswith((b"WARC/", b"filedesc://")):
        shown = start[:20].decode("latin-1").encode("unicode_escape").decode()
        yield Problem(0, f"not a WARC or ARC file (it starts with {shown!r})")
        return
    arc = start.startswith(b"filedesc://")  # (warcio makes up record ids for ARC records)
    records = ArchiveIterator(fh, arc2warc=True)
    offset = 0
    try:
        for record in records:
            entry = _entry(record)  # reads the record first (warcio finds its offset by
            offset = records.get_record_offset()  # reading it to the end), then:
            if entry is None:
                continue
            entry.offset = offset
            if arc:
                entry.record_id = None
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield Problem(offset, f"record of {entry.url} cut short: the file ends "
                                      "inside it")
                return
            yield entry
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as e:
        where = offset if offset else records.offset
        message = " ".join(str(e).split()) or type(e).__name__
        if not where and not isinstance(e, zlib.error):
            message = f"not a WARC or ARC file ({message})"
        yield Problem(where, message[:300])
        return
    if records.offset < size and fh.read(1):  # bytes left that made no whole record
        yield Problem(records.offset, "the file ends inside a record (cut short)")


def _first_bytes(head: bytes) -> bytes:
    """The first bytes of a file's content, unpacked if it is gzipped."""
    if head[:2] != b"\x1f\x8b":
        return head.lstrip(b"\r\n")
    try:
        return zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64)
    except zlib.error:
        return b""


def _entry(record) -> Entry | None:
    headers = record.rec_headers
    kind = record.rec_type
    url = headers.get_header("WARC-Target-URI")
    if kind not in ("response", "revisit", "resource") or not url:
        return None
    http = record.http_headers
    status, reason, pairs = None, "", []
    if http is not None and kind != "resource":
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            status = None
        reason = http.statusline.partition(" ")[2].strip()
        pairs = [(str(k), str(v)) for k, v in http.headers]
    content_type = (http.get_header("Content-Type") if http is not None and kind != "resource"
                    else headers.get_header("Content-Type"))
    if kind == "resource":
        if "html" not in (content_type or "").lower():
            return None
        status, reason, pairs = 200, "OK", [("Content-Type", content_type or "text/html")]
    body = b"" if kind == "revisit" else record.content_stream().read()
    return Entry(kind="revisit" if kind == "revisit" else "response", url=url.strip("<> "),
                 date=iso_date(headers.get_header("WARC-Date")), status=status, reason=reason,
                 headers=pairs, body=body, record_id=headers.get_header("WARC-Record-ID"),
                 content_type=content_type,
                 truncated=headers.get_header("WARC-Truncated"))


def iso_date(value: str | None) -> str:
    """A WARC-Date (or an ARC file's 14-digit time, as warcio gives it) in the project's
    ISO form, ``2017-03-01T10:00:00+00:00``; "" if it cannot be read."""
    value = (value or "").strip()
    try:
        if value.isdigit() and len(value) >= 14:
            when = datetime.strptime(value[:14], "%Y%m%d%H%M%S")
        else:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return when.replace(microsecond=0).isoformat()
