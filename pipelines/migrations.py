"""The archive's schema, as an ordered, append-only list of migrations.

Each migration runs once and is recorded in ``_migrations``; running
:func:`migrate` again changes nothing, and a migration cut short by a crash is safe to re-run
(every step is written "if not exists"). Never edit a migration that has shipped: add a new one.
``tests/golden/schema.sql`` holds the resulting schema so that every change is a reviewed diff.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlite_utils import Database

MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = []


def migration(name: str):
    def register(fn: Callable[[Database], None]):
        MIGRATIONS.append((name, fn))
        return fn
    return register


@migration("0001_initial")
def initial(db: Database) -> None:
    db.table("sites").create({
        "name": str, "title": str, "base_url": str, "language": str, "country": str,
        "first_crawled_at": str, "last_crawled_at": str,
    }, pk="name", if_not_exists=True)
    db.table("crawls").create({
        "id": int, "site": str, "trigger": str, "args": str, "started_at": str,
        "finished_at": str, "status": str, "pages_fetched": int, "articles_new": int,
        "articles_updated": int, "articles_unchanged": int, "non_articles": int,
        "failures": int, "tradepress_version": str,
    }, pk="id", if_not_exists=True)
    db.table("articles").create({
        "id": int, "url": str, "requested_url": str, "site": str, "title": str,
        "standfirst": str, "body": str, "published": str, "updated": str,
        "published_raw": str, "byline_raw": str, "genre": str, "language": str,
        "paywalled": int, "word_count": int, "content_hash": str, "fetched_at": str,
        "first_seen_at": str, "last_checked_at": str, "crawl_id": int,
        "extractor_version": str,
    }, pk="id", not_null={"url"}, foreign_keys=[("crawl_id", "crawls", "id")],
        if_not_exists=True)
    db.table("articles").create_index(["url"], unique=True, if_not_exists=True)
    db.table("articles").create_index(["site", "published"], if_not_exists=True)
    db.table("authors").create({"id": int, "name": str, "name_key": str}, pk="id",
                         not_null={"name", "name_key"}, if_not_exists=True)
    db.table("authors").create_index(["name_key"], unique=True, if_not_exists=True)
    db.table("article_authors").create({
        "article_id": int, "position": int, "author_id": int, "role": str, "organisation": str,
    }, pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id"), ("author_id", "authors", "id")],
        if_not_exists=True)
    db.table("article_authors").create_index(["author_id"], if_not_exists=True)
    db.table("failures").create({
        "id": int, "crawl_id": int, "site": str, "url": str, "status": int, "error": str,
        "failed_at": str,
    }, pk="id", foreign_keys=[("crawl_id", "crawls", "id")], if_not_exists=True)
    db.table("failures").create_index(["crawl_id"], if_not_exists=True)
    db.table("articles").enable_fts(["title", "standfirst", "body"], create_triggers=True,
                                    replace=True, tokenize="porter unicode61 remove_diacritics 2")


def migrate(db: Database) -> list[str]:
    """Apply the migrations not yet recorded; return the names of those applied."""
    db.execute("create table if not exists _migrations (name text primary key, applied_at text)")
    done = {row[0] for row in db.execute("select name from _migrations").fetchall()}
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with db.atomic():
            fn(db)
            db.execute("insert into _migrations (name, applied_at) values (?, ?)",
                       [name, datetime.now(UTC).isoformat(timespec="seconds")])
        applied.append(name)
    return applied
