"""WARC/1.1 files of what a crawl fetched, written and read with warcio (no Scrapy here).

The point is a standard archive an archivist can open in pywb or replayweb.page, next to the
SQLite archive of extracted articles; a database row points at its capture by
(WARC file name, byte offset of the response record).

Choices, and why:

* **One file, records gzipped one by one.** ``WarcWriter`` writes a ``warcinfo`` record first,
  then for every capture a ``request`` record followed by its ``response`` record. Each record
  is its own gzip member, so the offset ``write()`` returns is where a reader can ``seek()`` and
  decompress that record alone, which is what CDX indexes and :func:`read_record_at` do.
  warcio builds each record (headers, digests, lengths); the member is made here
  (:mod:`pipelines.archive.captures`), so that a body the crawl has already compressed for the
  ``bodies`` table is not compressed again: its DEFLATE blocks are spliced in.
* **The request record comes first and names its response** with ``WARC-Concurrent-To`` (the
  response's ``WARC-Record-ID``), with the same ``WARC-Date`` and ``WARC-Target-URI``. The
  crawler saw only the request's headers, so the request record has no body.
* **The payload is the body as the crawler decoded it**, because that is all we have: Scrapy
  undoes ``Content-Encoding`` (gzip, br, ...) and chunked ``Transfer-Encoding`` before anyone
  sees the body. Stored headers that still claimed those encodings would make replay tools try
  to decode plain bytes again, so, as established archiving crawlers do, ``Content-Encoding``
  and ``Transfer-Encoding`` are renamed ``X-Archive-Orig-Content-Encoding`` /
  ``X-Archive-Orig-Transfer-Encoding``, and ``Content-Length`` is set to the stored payload's
  length (an original value that differed is kept as ``X-Archive-Orig-Content-Length``).
  Everything else is stored as received, in order (bytes decoded as latin-1; a line break
  inside a name or value becomes a space, so no header can inject another; warcio %-encodes
  non-ASCII values).
* **Digests and dates.** warcio's ``create_warc_record`` computes ``WARC-Payload-Digest`` and
  ``WARC-Block-Digest`` (sha1, base32). ``WARC-Date`` is the capture's ``fetched_at`` in UTC,
  with fractional seconds only when there are any (WARC/1.1 allows them).
* **Every status is a capture**: a 404 or a 304 with an empty body is stored with its status line
  as given (``HTTP/1.1 304 Not Modified``, or ``HTTP/1.1 304 `` when the reason was empty).
* **Writing never overwrites**: the file is created exclusively (an existing WARC is an archive;
  a name clash raises ``FileExistsError``) and flushed after every capture. A capture whose
  write fails is cut off again, so the file never keeps half a record.

Reading returns plain dicts (``url``, ``status``, ``date``, ``payload``, ``offset``,
``digest_ok``, ``record_id``, plus ``headers``). ``payload`` is the stored entity, exactly the
bytes the payload digest covers, and ``digest_ok`` says that digest verifies against them.
``date`` is the WARC-Date in the project's ISO form (``2026-11-26T05:00:00+00:00``), so it equals
the ``fetched_at`` that was written.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.archive.captures import DeflatedBody, deflate_body, gzip_member

__all__ = ["Capture", "WarcWriter", "read_record_at", "read_responses", "warc_name"]

WARC_VERSION = "1.1"
CONFORMS_TO = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
HTTP_PROTOCOL = "HTTP/1.1"  # the crawler's protocol is not in a Capture; h2 is replayed as 1.1 too

# headers that describe an encoding the stored (decoded) payload no longer has
_RENAMED = {
    "content-encoding": "X-Archive-Orig-Content-Encoding",
    "transfer-encoding": "X-Archive-Orig-Transfer-Encoding",
}
_ORIG_LENGTH = "X-Archive-Orig-Content-Length"

Header = tuple[str, str]


@dataclass
class Capture:
    """What was fetched, as the crawler saw it."""

    url: str  # final URL
    status: int
    reason: str  # e.g. "OK" (may be "")
    headers: Sequence[Header]  # response headers as received
    body: bytes  # the body AS DECODED by the crawler (content-encoding already undone)
    fetched_at: str  # ISO 8601, e.g. "2026-11-26T05:00:00+00:00" (naive means UTC)
    request_headers: Sequence[Header] = ()  # the request's headers
    method: str = "GET"
    warc_headers: Sequence[Header] = ()  # more WARC headers of the response record


class WarcWriter:
    """Append request+response record pairs to one gzipped WARC file (WARC/1.1), one
    'warcinfo' record first. Context manager; safe to call write() many times."""

    def __init__(self, path: str | Path, *, software: str = "tradepress",
                 info: dict[str, str] | None = None) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: BinaryIO | None = open(self.path, "xb")  # noqa: SIM115 - closed by close()
        self._buffer = BytesIO()  # warcio writes each record here, uncompressed
        self._writer = WARCWriter(self._buffer, gzip=False, warc_version=WARC_VERSION)
        fields = {"software": software, "format": f"WARC File Format {WARC_VERSION}",
                  "conformsTo": CONFORMS_TO, **(info or {})}
        info_record = self._writer.create_warcinfo_record(self.name, fields)
        self._append([gzip_member(self._serialize(info_record))])

    def write(self, capture: Capture, deflated: DeflatedBody | None = None,
              request: bool = True) -> tuple[str, int]:
        """Write the response record (and its request record); return (warc file name,
        byte offset of the response record) so a database row can point at it.
        ``deflated``: the body already compressed (:func:`deflate_body`), to be used as is.
        ``request``: False for a capture whose request nobody saw (an imported one)."""
        if self._fh is None:
            raise ValueError(f"WARC file {self.name} is closed")
        response = self._response_record(capture)
        members = [gzip_member(self._serialize(self._request_record(capture, response)))
                   ] if request else []
        members.append(self._response_member(self._serialize(response), bytes(capture.body),
                                             deflated))
        offsets = self._append(members)
        return self.name, offsets[-1]

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- records -------------------------------------------------------------------------

    def _serialize(self, record: ArcWarcRecord) -> bytes:
        """The record as warcio writes it, uncompressed (digests and lengths filled in)."""
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.write_record(record)
        return self._buffer.getvalue()

    @staticmethod
    def _response_member(raw: bytes, body: bytes, deflated: DeflatedBody | None) -> bytes:
        """The gzip member of a response record whose block ends with ``body`` (then the
        record's closing CRLF CRLF), the body's compressed blocks reused when given."""
        end = len(raw) - 4
        start = end - len(body)
        if memoryview(raw)[start:end] != body:  # not where warcio puts the payload: no splice
            return gzip_member(raw)
        if deflated is None or deflated.body != body:
            deflated = deflate_body(body)
        return gzip_member(raw[:start], deflated, raw[end:])

    def _append(self, members: list[bytes]) -> list[int]:
        """Write gzip members at the end of the file; return their offsets. All or nothing."""
        assert self._fh is not None
        start = self._fh.tell()
        offsets = []
        try:
            for member in members:
                offsets.append(self._fh.tell())
                self._fh.write(member)
            self._fh.flush()
        except BaseException:
            self._fh.seek(start)
            self._fh.truncate()
            raise
        return offsets

    def _response_record(self, capture: Capture) -> ArcWarcRecord:
        body = bytes(capture.body)
        statusline = f"{int(capture.status)} {_clean(capture.reason)}"  # "304 " if no reason
        http_headers = StatusAndHeaders(statusline, archive_headers(capture.headers, len(body)),
                                        protocol=HTTP_PROTOCOL)
        return self._writer.create_warc_record(
            capture.url, "response", payload=BytesIO(body), length=len(body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": warc_date(capture.fetched_at),
                               **{_clean(k): _clean(v) for k, v in capture.warc_headers}})

    def _request_record(self, capture: Capture, response: ArcWarcRecord) -> ArcWarcRecord:
        parts = urlsplit(capture.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = [_clean_header(n, v) for n, v in capture.request_headers]
        headers = [h for h in headers if h[0]]
        if parts.netloc and not any(n.lower() == "host" for n, _ in headers):
            headers.insert(0, ("Host", parts.netloc.rpartition("@")[2]))
        method = _clean(capture.method).upper() or "GET"
        http_headers = StatusAndHeaders(f"{method} {target} {HTTP_PROTOCOL}", headers,
                                        is_http_request=True)
        rec = response.rec_headers
        return self._writer.create_warc_record(
            capture.url, "request", payload=BytesIO(b""), length=0, http_headers=http_headers,
            warc_headers_dict={"WARC-Date": rec.get_header("WARC-Date"),
                               "WARC-Concurrent-To": rec.get_header("WARC-Record-ID")})


def archive_headers(headers: Sequence[Header], payload_length: int) -> list[Header]:
    """The response headers as stored: encodings renamed, Content-Length = the payload's length.

    ``Content-Length`` stays where the original was (or is appended); an original value that
    differs from ``payload_length`` is kept as ``X-Archive-Orig-Content-Length``.
    """
    out: list[Header] = []
    length_at: int | None = None
    for raw_name, raw_value in headers:
        name, value = _clean_header(raw_name, raw_value)
        if not name:
            continue
        low = name.lower()
        if low in _RENAMED:
            out.append((_RENAMED[low], value))
        elif low == "content-length":
            if length_at is None:
                length_at = len(out)
            if value.strip() != str(payload_length):
                out.append((_ORIG_LENGTH, value))
        else:
            out.append((name, value))
    out.insert(len(out) if length_at is None else length_at,
               ("Content-Length", str(payload_length)))
    return out


# -- reading ---------------------------------------------------------------------------------

def read_responses(path: str | Path) -> Iterator[dict[str, Any]]:
    """Each response record of the WARC, in file order, as a dict (see the module docstring)."""
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            if record.rec_type != "response":
                continue
            response = _response_dict(record, offset=-1)  # reads the payload first, then:
            response["offset"] = records.get_record_offset()  # where its gzip member starts
            yield response


GZIP_MAGIC = b"\x1f\x8b"


def read_record_at(path: str | Path, offset: int) -> dict[str, Any]:
    """The response record at ``offset`` (as returned by ``WarcWriter.write``), same dict as
    :func:`read_responses`. ``ValueError`` if no response record starts there."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        head = fh.read(5)
        fh.seek(offset)
        if head and not head.startswith((GZIP_MAGIC, b"WARC/")):
            # not the start of a gzip member nor of a record: warcio would skip ahead (and, in
            # compressed data, sometimes read noise as a record) rather than fail
            raise ValueError(f"no WARC record at offset {offset} of {path}: "
                             "neither a gzip member nor a record starts there")
        records = ArchiveIterator(fh)
        try:
            record = next(iter(records), None)
        except (ArchiveLoadFailed, EOFError, OSError, zlib.error) as exc:  # e.g. mid-record offset
            raise ValueError(f"no WARC record at offset {offset} of {path}: {exc}") from exc
        if record is None or record.rec_type != "response":
            kind = "nothing" if record is None else f"a {record.rec_type!r} record"
            raise ValueError(f"{kind} at offset {offset} of {path}, not a response record")
        response = _response_dict(record, offset)  # reads the payload first, then:
        if records.get_record_offset() != offset:
            # warcio skipped what it could not read and found a later record: not this offset's
            raise ValueError(f"no WARC record at offset {offset} of {path} (the next one starts "
                             f"at {records.get_record_offset()})")
        return response


def _response_dict(record: ArcWarcRecord, offset: int) -> dict[str, Any]:
    rec = record.rec_headers
    payload = record.raw_stream.read()  # the stored entity: what the payload digest covers
    http = record.http_headers
    status: int | None = None
    if http is not None:
        try:
            status = int(http.get_statuscode())
        except ValueError:
            status = None
    declared = rec.get_header("WARC-Payload-Digest")
    return {
        "url": rec.get_header("WARC-Target-URI"),
        "status": status,
        "date": _iso(rec.get_header("WARC-Date")),
        "payload": payload,
        "offset": offset,
        "digest_ok": bool(declared) and digest_matches(declared, payload),
        "record_id": rec.get_header("WARC-Record-ID"),
        "headers": list(http.headers) if http is not None else [],
    }


def digest_matches(declared: str, data: bytes) -> bool:
    """Whether a WARC digest (``sha1:BASE32``; base16 and base64 accepted too) is ``data``'s."""
    algorithm, _, value = declared.strip().partition(":")
    value = value.strip()
    try:
        digest = hashlib.new(algorithm.lower().replace("-", ""), data).digest()
    except ValueError:  # unknown algorithm
        return False
    return (value.upper().rstrip("=") == base64.b32encode(digest).decode().rstrip("=")
            or value.lower() == digest.hex()
            or value == base64.b64encode(digest).decode())


# -- names and dates -------------------------------------------------------------------------

def warc_name(site: str | None, crawl_id: int, started: datetime) -> str:
    """``tradepress-SITE-CRAWL-STARTED.warc.gz``, e.g.
    ``tradepress-civic-ledger-00012-20261126T050000Z.warc.gz``.

    The site is slugged to ``[a-z0-9-]`` and left out when there is none (a crawl of every
    site): ``tradepress-00012-20261126T050000Z.warc.gz``. ``started`` is taken as UTC when naive.
    """
    if crawl_id < 0:
        raise ValueError(f"crawl_id must not be negative, got {crawl_id}")
    slug = re.sub(r"[^a-z0-9]+", "-", (site or "").lower()).strip("-")
    when = _utc(started).strftime("%Y%m%dT%H%M%SZ")
    return "-".join(p for p in ("tradepress", slug, f"{crawl_id:05d}", when) if p) + ".warc.gz"


def warc_date(fetched_at: str) -> str:
    """An ISO 8601 time as a WARC-Date: UTC, ``Z``, fractional seconds only if there are any."""
    try:
        when = _utc(datetime.fromisoformat(fetched_at.strip()))
    except ValueError as exc:
        raise ValueError(f"fetched_at is not an ISO 8601 time: {fetched_at!r}") from exc
    fraction = f".{when.microsecond:06d}" if when.microsecond else ""
    return when.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def _iso(warc_date_value: str | None) -> str | None:
    if not warc_date_value:
        return None
    try:
        return _utc(datetime.fromisoformat(warc_date_value)).isoformat()
    except ValueError:
        return warc_date_value


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _clean(text: str | bytes) -> str:
    """A header name/value/status word on one line (CR/LF would break the record)."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    return re.sub(r"[\r\n]+", " ", str(text)).strip()


def _clean_header(name: str | bytes, value: str | bytes) -> Header:
    return _clean(name).replace(":", ""), _clean(value)
