"""The pages the fault site serves (tests/faultsite.py): the article every good URL answers
with, the gzip bomb, and the article that the site serves under five addresses. Pure builders,
no server."""

from __future__ import annotations

import threading
import zlib

TEXT = "Café society: the council’s “bold” plan for the high street, and what it costs"
PARAGRAPH = ("Councils across the county have spent a decade trying to revive their high streets, "
             "and the evidence from {n} is that grants alone do not bring shoppers back; what "
             "works is patient partnership with landlords, traders and the people who live there.")


HUGE_BYTES = 50 * 1024 * 1024
BOMB_BYTES = 1024 * 1024 * 1024


def article(title: str, n: int, *, canonical: str | None = None, charset: str | None = "utf-8",
            extra_head: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{PARAGRAPH.format(n=f'town {n}.{i}')}</p>" for i in range(8))
    return (f"<!doctype html><html lang='en'><head>{meta}<title>{title}</title>{link}"
            f"{extra_head}</head><body><header><nav><a href='/'>Home</a></nav></header>"
            f"<article><h1>{title}</h1><p class='byline'>By Zoë Brontë, chief executive, "
            f"Northshire County Council</p><time datetime='2024-03-{n % 27 + 1:02d}'>"
            f"{n % 27 + 1} March 2024</time>{paragraphs}</article>"
            f"<div class='cookie-banner'>We use cookies. Accept all</div></body></html>")


_BOMB: list[bytes] = []
_BOMB_LOCK = threading.Lock()


def gzip_bomb() -> bytes:
    """About 1 MB of gzip that unpacks to :data:`BOMB_BYTES` of zeros (built once: 3 s)."""
    with _BOMB_LOCK:
        if not _BOMB:
            chunk = b"\0" * (1024 * 1024)
            compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
            parts = [compressor.compress(chunk) for _ in range(BOMB_BYTES // len(chunk))]
            _BOMB.append(b"".join(parts) + compressor.flush())
        return _BOMB[0]


# Its own URL, with tracking parameters (folded before fetching), a print path, the same text
# in Windows-1252 bytes and other markup, and a mirror that answers 503 (Retry-After: 1) first.
# The only hint is an og:url on another host. The crawl ends with one article and four URLs.
ALIAS_PIECE = "/comment/alias-piece"
ALIAS_COPIES = [f"{ALIAS_PIECE}?utm_source=newsletter&utm_medium=email",
                "/print/comment/alias-piece", "/comment/alias-piece-cp1252",
                "/comment/alias-piece-mirror"]
ALIAS_TITLE = f"One piece, five addresses: {TEXT}"


def alias_page(view: str = "web") -> str:
    """The piece as its own URL serves it (``web``), as the print view (no navigation or
    banners, soft hyphens in the text) or as an older template re-encoded (``cp1252``:
    entities, straight quotes, other line breaks and wrappers)."""
    og = '<meta property="og:url" content="https://syndication.example.net/s/alias-piece">'
    page = article(ALIAS_TITLE, 98, extra_head=og, charset="windows-1252" if view == "cp1252"
                   else "utf-8")
    if view == "print":
        page = (page.replace("<header><nav><a href='/'>Home</a></nav></header>", "")
                .replace("<div class='cookie-banner'>We use cookies. Accept all</div>", "")
                .replace("<article>", "<div class='print-view'><article>")
                .replace("</article>", "</article><p>Printed from the Faulty Gazette</p></div>")
                .replace("Councils across", "Coun\u00adcils across"))
    elif view == "cp1252":
        page = (page.replace("Café", "Caf&eacute;").replace("</p>", "</p>\n\n")
                .translate(str.maketrans("’“”", "'\"\""))
                .replace("<article>", "<div id='main'><div class='story'><article>")
                .replace("</article>", "</article></div></div>").replace(", and", ",\n  and"))
    return page
