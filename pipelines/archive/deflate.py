"""A body compressed once, for both places that keep it: the ``bodies`` table and the WARC.

A crawl keeps every body twice over, as evidence: zlib-compressed in ``bodies`` (keyed by its
SHA-256) and inside a gzipped WARC record. Compressing it twice cost more CPU than anything a
crawl does outside extraction, so :func:`deflate_body` compresses it once, to a raw DEFLATE
stream that ends on a byte boundary without closing the stream (a *sync flush*), and both
containers are assembled around those same bytes:

* :func:`zlib_stream`: a standard zlib stream (RFC 1950): the two header bytes, the body's
  blocks, an empty last block, the body's Adler-32. ``zlib.decompress`` reads it as it reads
  the rows written before (``zlib.compress``), so nothing that reads ``bodies`` changes.
* :func:`gzip_member`: a standard gzip member (RFC 1952) of ``head + body + tail``: the head
  (a WARC record's headers) and the tail compressed on their own, the body's blocks spliced in
  between. DEFLATE back-references only reach into the body's own earlier bytes, so they
  decode the same after the head; the CRC-32 and length cover the whole record.

Pure functions of bytes; no database, no warcio, no Scrapy.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass

LEVEL = 6  # zlib's default: what ``bodies`` always used
_ZLIB_HEADER = b"\x78\x9c"  # deflate, 32 KB window, default level (RFC 1950 check bits)
_LAST_EMPTY_BLOCK = b"\x03\x00"  # a final, empty, fixed-Huffman block
# magic, deflate, no flags, no time, no extra flags, OS unknown (RFC 1952)
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


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
