"""Reading a page's bytes as text when its declared charset may be wrong.

Trade-press sites are old CMSs behind new CDNs: a Windows-1252 page served as ``charset=utf-8``,
a UTF-8 page whose ``<meta>`` still says ISO-8859-1. Taking the label at its word turns "café"
into "caf\ufffd" or "cafÃ©" in the archive for good. :func:`decode_html` trusts the bytes over
the label where the bytes are unambiguous:

1. a byte-order mark wins;
2. bytes that are valid UTF-8 and not plain ASCII are UTF-8, whatever the label says (text in a
   single-byte encoding is almost never valid UTF-8 by accident);
3. otherwise the declared encoding (HTTP header, then ``<meta>``), if the bytes decode in it;
4. otherwise Windows-1252, which is what browsers use for "latin-1" and unlabelled Western
   pages, with undecodable bytes replaced.

The crawl, ``tradepress extract`` and ``reprocess`` all read pages through it, so a page is
read the same way whichever of them reads it.
"""

from __future__ import annotations

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

FALLBACK = "cp1252"


def declared_encoding(body: bytes, content_type: str | None = None) -> str | None:
    """The encoding the page says it is in: the HTTP header's charset, else its ``<meta>``."""
    declared = http_content_type_encoding(content_type) if content_type else None
    return declared or html_body_declared_encoding(body)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The page's text, and the name of the encoding it was read with."""
    bom, mark = read_bom(body)
    if bom and mark:
        return body[len(mark):].decode(bom, "replace"), bom
    if body.isascii():
        return body.decode("ascii"), resolve_encoding(
            declared_encoding(body, content_type) or "utf-8") or "utf-8"
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(body, content_type)
    encoding = resolve_encoding(declared) if declared else None
    if encoding and encoding != "utf-8":
        try:
            return body.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return body.decode(FALLBACK, "replace"), FALLBACK
