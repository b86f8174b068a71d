"""Captures older than an article's current record, placed in time among its versions.

A crawl meets an article's captures in the order they were made. A WARC import or a backfill
from a web archive does not: a 2017 memento may come after a crawl archived today's page.
Such a capture never replaces the current record; its content finds its place among the
article's versions by capture time (``article_versions.version`` stays in the order of
``fetched_at``):

- the same content as the version in force at that time: nothing new (the capture is linked);
- the same content as the next version: that version was there earlier than known (its
  ``fetched_at`` and capture move back);
- other content: a new version in between, the later ones renumbered.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from pipelines.items import Page

ARCHIVED = ("warc", "web-archive")  # Page.source of captures read from archives, not fetched


def is_older(page: Page, article: dict[str, Any]) -> bool:
    """True if the page, read from an archive, was captured before the article's current
    record was (a crawl's pages are always the latest: they are fetched now)."""
    return bool(page.source in ARCHIVED and page.fetched_at and article.get("fetched_at")
                and page.fetched_at < article["fetched_at"])


def write_older_version(db: Database, article_id: int, page: Page, digest: str,
                        fields: dict[str, Any]) -> str:
    """Place an older capture's content among the article's versions; return ``unchanged``
    or ``updated`` (a version was added). ``fields``: the version row's content columns."""
    when = page.fetched_at
    versions = db.execute("select id, version, fetched_at, content_hash from article_versions "
                          "where article_id = ? order by version", [article_id]).fetchall()
    before = [v for v in versions if v[2] <= when]
    after = [v for v in versions if v[2] > when]
    if before and before[-1][3] == digest:
        return "unchanged"
    if after and after[0][3] == digest:
        db.execute("update article_versions set fetched_at = ?, capture_id = ? where id = ?",
                   [when, page.capture_id, after[0][0]])
        return "unchanged"
    number = before[-1][1] + 1 if before else 1
    # renumbered in two steps: the unique (article_id, version) index never sees a clash
    db.execute("update article_versions set version = -(version + 1) "
               "where article_id = ? and version >= ?", [article_id, number])
    db.execute("update article_versions set version = -version "
               "where article_id = ? and version < 0", [article_id])
    db.execute("update articles set version = version + 1 where id = ?", [article_id])
    row = {"article_id": article_id, "version": number, "fetched_at": when,
           "content_hash": digest, **fields, "capture_id": page.capture_id}
    db.execute(f"insert into article_versions ({', '.join(row)}) "
               f"values ({', '.join('?' for _ in row)})", list(row.values()))
    return "updated"
