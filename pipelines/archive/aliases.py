"""One article, several URLs: the content key that tells the same article at another address,
and the ``article_urls`` table that holds every URL an article was found at.

A publisher serves one piece at its own URL, at a print path, re-encoded by an older template,
after a retried 503... often with no ``rel=canonical`` to say so. Identical content on one
site is one article: :func:`content_key` reads the title and body the way a reader would
(:func:`normalise`), and a page at an unknown URL whose key matches an article of the same
site becomes another URL of that article (``found_by`` ``content``), its capture linked to it,
rather than a new article. A URL, once an article's, stays that article's: it is never moved
to another silently (:func:`claim_url` logs and refuses).

:func:`normalise` and :func:`content_key` are pure; the rest are plain functions over a
sqlite-utils database, run in the caller's transaction.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

logger = logging.getLogger(__name__)

KEY_VERSION = "1"
"""Part of every key: a change to :func:`normalise` must come with a new version (and a
migration recomputing ``articles.content_key``)."""

MIN_KEY_WORDS = 80
"""Bodies shorter than this never merge. A "page not found", "subscribe to read" or cookie-wall
template, served under many URLs with one title, runs to a sentence or three (under 50 words);
80 is also where extraction itself stops calling a page off the article patterns short
(``classify.py``). A real piece that short (a two-line letter) may stay two records: the lesser
harm than two different pages made one."""

# Typographic marks a re-encoding or another template changes while the text stays the same:
# curly quotes to straight ones (Latin-1 has none), dashes and the minus sign to a hyphen,
# the ellipsis character to three dots. NFKC has already folded no-break spaces and ligatures.
TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
})
# Invisible format characters (Unicode category Cf) that templates and editors sprinkle in:
# soft hyphen, zero-width space and joiners, direction marks and embeddings, word joiner and
# invisible operators, byte order mark.
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u206f\ufeff]")
WHITESPACE = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Text as a reader compares it: Unicode NFKC (composed characters, and compatibility
    forms such as the no-break space and the "fi" ligature folded), case folded, invisible
    format characters dropped (soft hyphens, zero-width spaces and joiners a print template
    inserts), typographic quotes, dashes and ellipses made plain, white space collapsed (line
    breaks and paragraph splits are markup)."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text or "").casefold())
    return WHITESPACE.sub(" ", text.translate(TYPOGRAPHY)).strip()


def content_key(record: dict[str, Any]) -> str | None:
    """SHA-256 of the normalised title and body: the same key, the same article. None for a
    record that must never be merged with another by content: a page that is not an article,
    or one whose body is under :data:`MIN_KEY_WORDS` words. Standfirst, authors and dates are
    left out on purpose: a print view or an older template often drops the standfirst or shows
    the date differently, and the piece is still the same."""
    if not record.get("is_article", True):
        return None
    body = normalise(record.get("body"))
    if len(body.split()) < MIN_KEY_WORDS:
        return None
    payload = "\x1f".join((KEY_VERSION, normalise(record.get("title")), body))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def host(url: str | None) -> str:
    """The URL's host name without a leading ``www.``: the site of a page crawled with no
    profile (``crawl --url``)."""
    name = (urlsplit(url or "").hostname or "").lower()
    return name[4:] if name.startswith("www.") else name


def url_rank(url: str) -> tuple[int, int, str]:
    """How plain a URL is, for choosing an article's own URL among copies that name none
    (smaller first): fewest path segments (``/print/comment/x`` loses to ``/comment/x``), then
    the shortest, then the first in order, so that which copy a crawl got first does not
    matter."""
    parts = urlsplit(url)
    return (len([s for s in parts.path.split("/") if s]) + bool(parts.query), len(url), url)


# -- the article_urls table ------------------------------------------------------------------

ARTICLE_COLUMNS = ("id", "url", "content_hash", "version", "is_article", "content_key",
                   "requested_url", "crawl_id", "fetched_at")


def _article(db: Database, where: str, params: list[Any]) -> dict[str, Any] | None:
    row = db.execute(f"select {', '.join('a.' + c for c in ARTICLE_COLUMNS)} from articles a "
                     f"{where} limit 1", params).fetchone()
    return dict(zip(ARTICLE_COLUMNS, row, strict=True)) if row else None


def article_by_url(db: Database, url: str) -> dict[str, Any] | None:
    """The article at ``url``: its own (``articles.url``), else one of its other URLs."""
    return (_article(db, "where a.url = ?", [url])
            or _article(db, "join article_urls u on u.article_id = a.id where u.url = ?", [url]))


def article_by_content(db: Database, site: str | None, key: str | None,
                       url: str) -> dict[str, Any] | None:
    """The article of the same site with this content key (the oldest, should there be more),
    or None. Only articles match; with no site profile, only pages of the same host."""
    if key is None:
        return None
    rows = db.execute("select id, url from articles where content_key = ? and site is ? "
                      "and is_article = 1 order by id", [key, site]).fetchall()
    for article_id, article_url in rows:
        if site is not None or host(article_url) == host(url):
            return _article(db, "where a.id = ?", [article_id])
    return None


def claim_url(db: Database, article_id: int, url: str | None, seen_at: str, found_by: str,
              capture_id: int | None = None, validators: dict[str, Any] | None = None) -> bool:
    """Record that the article was found at ``url`` now (first seen, last seen, the capture,
    the URL's own validators when given); False, with a warning, if the URL is another
    article's: a URL never moves between articles."""
    if not url:
        return False
    db.execute("insert into article_urls (article_id, url, found_by, first_seen_at, "
               "last_seen_at) values (?, ?, ?, ?, ?) on conflict(url) do nothing",
               [article_id, url, found_by, seen_at, seen_at])
    owner = db.execute("select article_id from article_urls where url = ?", [url]).fetchone()[0]
    if owner != article_id:
        logger.warning("%s is a URL of article %s and stays so: not moved to article %s",
                       url, owner, article_id)
        return False
    # (a capture older than what is known, from a WARC import or a web archive, moves the
    # first sighting back and leaves the latest capture and a later "gone" as they are)
    db.execute("update article_urls set first_seen_at = min(coalesce(first_seen_at, ?), ?), "
               "last_seen_at = max(coalesce(last_seen_at, ''), ?), "
               "gone_at = case when ? < gone_at then gone_at end, "
               "capture_id = case when ? >= coalesce(last_seen_at, '') "
               "then coalesce(?, capture_id) else capture_id end where url = ?",
               [seen_at, seen_at, seen_at, seen_at, seen_at, capture_id, url])
    if validators is not None:  # a 304 may repeat them or not
        db.execute("update article_urls set etag = coalesce(?, etag), last_modified = "
                   "coalesce(?, last_modified) where url = ?",
                   [validators.get("etag"), validators.get("last_modified"), url])
    return True


def mark_url_gone(db: Database, url: str, gone_at: str) -> None:
    db.execute("update article_urls set gone_at = coalesce(gone_at, ?) where url = ?",
               [gone_at, url])


def link_capture(db: Database, capture_id: int | None, article_id: int) -> None:
    """Point a capture at the article it is a capture of (once: never moved)."""
    if capture_id is not None:
        db.execute("update captures set article_id = ? where id = ? and article_id is null",
                   [article_id, capture_id])


def urls_of(db: Database, article_id: int) -> list[dict[str, Any]]:
    """Every URL of an article, its own first, then in the order they were found."""
    keys = ("url", "found_by", "first_seen_at", "last_seen_at", "gone_at", "captures")
    rows = db.execute(
        """select u.url, u.found_by, u.first_seen_at, u.last_seen_at, u.gone_at,
                  (select count(*) from captures c where c.article_id = u.article_id and
                   (c.requested_url = u.url or c.url = u.url))
           from article_urls u join articles a on a.id = u.article_id
           where u.article_id = ? order by u.url != a.url, u.first_seen_at, u.id""",
        [article_id]).fetchall()
    return [dict(zip(keys, row, strict=True)) for row in rows]


def known_articles(db_path: str | None, site: str | None,
                   urls: list[str] | tuple[str, ...] = ()) -> dict[str, dict[str, Any]]:
    """What a recrawl needs to know of the pages already archived, articles or kept as
    non-articles (for a site, or for the given URLs), keyed by every URL of each (its own, the
    URLs it was asked for, those its content was found at: ``article_urls``), each with that
    URL's own validators and gone date. Empty if there is no archive."""
    if not db_path or not Path(db_path).exists():
        return {}
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    marks = ", ".join("?" for _ in urls)
    by_site = site is not None
    try:
        conn.row_factory = sqlite3.Row
        try:
            rows = conn.execute(
                "select a.*, u.url as known_url, u.etag as url_etag, u.last_modified as "
                "url_last_modified, u.gone_at as url_gone_at from article_urls u join articles "
                "a on a.id = u.article_id where " + ("a.site = ?" if by_site else
                f"a.id in (select article_id from article_urls where url in ({marks}))"),
                [site] if by_site else list(urls)).fetchall()
        except sqlite3.OperationalError:  # an archive the crawl has not upgraded yet
            rows = conn.execute("select * from articles where " + (
                "site = ?" if by_site else f"url in ({marks}) or requested_url in ({marks})"),
                [site] if by_site else [*urls, *urls]).fetchall()
    except sqlite3.Error:
        return {}  # an archive from before captures: nothing to re-check conditionally
    finally:
        conn.close()
    known: dict[str, dict[str, Any]] = {}
    for row in rows:
        info = {k: row[k] for k in row.keys() if k in (  # noqa: SIM118 - sqlite3.Row
            "url", "requested_url", "published", "first_seen_at", "last_checked_at",
            "fetched_at", "etag", "last_modified", "gone_at")}
        if "known_url" in row.keys():  # noqa: SIM118 - sqlite3.Row
            info.update(etag=row["url_etag"], last_modified=row["url_last_modified"],
                        gone_at=row["url_gone_at"])
            known[row["known_url"]] = info
            continue
        known[row["url"]] = info
        if row["requested_url"]:
            known[row["requested_url"]] = info
    return known
