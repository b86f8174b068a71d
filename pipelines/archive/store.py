"""The archive: one SQLite file of articles, their authors, versions, captures and runs.

Records are written in batches, each batch in one transaction, to a SQLite database in WAL
mode: a crash loses at most the batch not yet committed and never corrupts what was.
Articles are unique by URL (the page's canonical URL); writing the same content again changes
nothing but ``last_checked_at``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.request import pathname2url

from sqlite_utils import Database

from pipelines import VERSION
from pipelines.archive.aliases import (
    article_by_content,
    article_by_url,
    claim_url,
    content_key,
    known_articles,
    link_capture,
    mark_url_gone,
    url_rank,
)
from pipelines.archive.backdated import ARCHIVED, is_older, write_older_version
from pipelines.archive.database import (
    BUSY_TIMEOUT,
    ArchiveDatabase,
    ArchiveError,
    error_line,
    now_iso,
    process_exists,
)
from pipelines.archive.migrations import MIGRATIONS, migrate
from pipelines.extract.names import name_key
from pipelines.items import FetchFailure, Page

__all__ = ["Archive", "ArchiveError", "content_hash", "known_articles"]


def content_hash(record: dict[str, Any]) -> str:
    """Hash of what a reader sees: title, standfirst, body, authors, dates."""
    keys = ("title", "standfirst", "body", "authors", "published", "updated", "genre")
    payload = json.dumps({k: record.get(k) for k in keys}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _header(page: Page, name: str) -> str | None:
    return next((v for k, v in page.headers.items() if k.lower() == name), None)


VERSION_FIELDS = ("title", "standfirst", "body", "authors", "published", "updated",
                  "extractor_version")


def content_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The article columns that come from extraction."""
    body = record.get("body") or ""
    return {
        "title": record.get("title"), "standfirst": record.get("standfirst"), "body": body,
        "published": record.get("published"), "updated": record.get("updated"),
        "published_raw": record.get("published_raw"), "byline_raw": record.get("byline_raw"),
        "genre": record.get("genre"), "language": record.get("language"),
        "paywalled": int(bool(record.get("paywalled"))),
        "paywall_reason": record.get("paywall_reason"), "word_count": len(body.split()),
        "extractor_version": record.get("extractor_version"),
        **classification(record), "content_key": content_key(record),
    }


def classification(record: dict[str, Any]) -> dict[str, Any]:
    """The columns that say whether the page is an article, and if not why."""
    return {"is_article": int(bool(record.get("is_article", True))),
            "not_article_reason": record.get("not_article_reason")}


def version_fields(record: dict[str, Any]) -> dict[str, Any]:
    return {"title": record.get("title"), "standfirst": record.get("standfirst"),
            "body": record.get("body"), "authors": json.dumps(record.get("authors") or []),
            "published": record.get("published"), "updated": record.get("updated"),
            "extractor_version": record.get("extractor_version")}


class Archive:
    """A tradepress archive database.

    Opened for writing (the default), it must be a tradepress archive or a new, empty file
    (never someone else's SQLite database); the write lock is taken once to apply pending
    migrations, to check the file can be written, and to mark runs whose process has died as
    ``interrupted``. Opened ``read_only``, nothing is written: the file is checked through a
    read-only connection and read through a ``query_only`` one (immutable in a read-only
    folder holding no journal), and an archive from an older tradepress is upgraded first if
    it can be written. Every failure is an :class:`ArchiveError` with one readable line.
    """

    def __init__(self, path: str | Path, *, create: bool = True, read_only: bool = False,
                 timeout: float = BUSY_TIMEOUT):
        self.path = Path(path)
        self.timeout = timeout
        if (read_only or not create) and not self.path.exists():
            raise ArchiveError(f"no archive at {self.path} (run a crawl first, or pass --db)")
        conn = None
        try:
            if read_only:
                # checked through a connection that cannot write (someone else's file is
                # never opened for writing), then read through one that changes nothing
                # (query_only) yet, unlike a read-only one, tidies SQLite's journal files
                # away when it closes; SQLite falls back to read-only for a read-only file
                conn = self._connect("ro")
                self.db = Database(conn)
                pending = self._tables_check(writing=False)
                conn.close()
                if pending:
                    self._upgrade()
                conn = self._connect("rw")
                conn.execute("pragma query_only = 1")
                self.db = Database(conn)
                return
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=timeout)
            self.db = ArchiveDatabase(conn)
            self._tables_check(writing=True)
            self._wal_mode()
            self.db.execute("pragma foreign_keys=on")
            with self.db.atomic():  # one writer at a time migrates (two crawls may start at once)
                migrate(self.db)
                # a statement that needs write access: a read-only file fails here, not later
                self.db.execute("update _migrations set name = name where 0")
                self.mark_interrupted()
        except BaseException as e:
            if conn is not None:
                conn.close()
            if isinstance(e, OSError | sqlite3.Error):
                raise ArchiveError(error_line(self.path, e, timeout)) from None
            raise

    def _wal_mode(self) -> None:
        """Switch to WAL. SQLite answers "locked" at once, without its busy timeout, while
        another process switches a new archive's mode (two crawls starting together): wait
        for it here instead."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.db.execute("pragma journal_mode=wal")
                return
            except sqlite3.OperationalError as e:
                if e.sqlite_errorname != "SQLITE_BUSY" or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _connect(self, mode: str) -> sqlite3.Connection:
        """A connection to the existing file (``mode`` ``ro`` or ``rw``), for reading."""
        uri = f"file:{pathname2url(str(self.path.absolute()))}?mode={mode}"
        conn = sqlite3.connect(uri, uri=True, timeout=self.timeout)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        except sqlite3.OperationalError as e:
            conn.close()
            wal = self.path.with_name(self.path.name + "-wal")
            if e.sqlite_errorname != "SQLITE_CANTOPEN" or wal.exists():
                raise
            # a folder SQLite cannot create its journal files in, and no journal: nobody can
            # be writing the archive, so it is read as it is, without SQLite's locks
            conn = sqlite3.connect(f"file:{pathname2url(str(self.path.absolute()))}"
                                   f"?mode=ro&immutable=1", uri=True, timeout=self.timeout)
        return conn

    def _tables_check(self, writing: bool) -> list[str]:
        """Refuse a file that is not a tradepress archive; return the pending migrations."""
        tables = {name for (name,) in self.db.execute(
            "select name from sqlite_master where type in ('table', 'view')").fetchall()}
        if "_migrations" not in tables and (tables or not writing):
            what = (f"it has other tables: {', '.join(repr(t) for t in sorted(tables)[:5])}"
                    if tables else "an empty database")
            refusal = "; refusing to add tradepress tables to it" if writing else ""
            raise ArchiveError(f"{self.path} is not a tradepress archive ({what}){refusal}")
        if "_migrations" not in tables:
            return [name for name, _ in MIGRATIONS]
        done = {name for (name,) in self.db.execute("select name from _migrations").fetchall()}
        return [name for name, _ in MIGRATIONS if name not in done]

    def _upgrade(self) -> None:
        """Apply pending migrations before reading (an archive from an older tradepress)."""
        try:
            Archive(self.path, create=False, timeout=self.timeout).close()
        except ArchiveError as e:
            raise ArchiveError(f"{self.path} needs upgrading by this version of tradepress, "
                               f"and could not be: {e}") from None

    def mark_interrupted(self) -> int:
        """Mark runs left ``running`` (or ``queued``) by a process that no longer exists as
        ``interrupted``, finished now; return how many. A run without a pid is left alone."""
        marked = 0
        now = now_iso()
        tables = ["crawls"] + (["tasks"] if self.db["tasks"].exists() else [])
        with self.db.atomic():
            for table in tables:
                for row_id, pid in self.db.execute(
                        f"select id, pid from {table} where status in ('running', 'queued') "
                        f"and pid is not null").fetchall():
                    if pid == os.getpid() or process_exists(pid):
                        continue
                    self.db.execute(f"update {table} set status = 'interrupted', "
                                    f"finished_at = coalesce(finished_at, ?) where id = ?",
                                    [now, row_id])
                    marked += 1
        return marked

    def close(self) -> None:
        self.db.close()

    # -- crawls and sites --------------------------------------------------------------------

    def start_crawl(self, site: str | None, trigger: str, args: dict[str, Any],
                    crawl_id: int | None = None, detached: bool = False) -> int:
        """Record a crawl as running (a row the scheduler made for it, or a new one). A
        ``detached`` crawl outlives this process (a distributed crawl's seed): it has no pid
        that could be found dead."""
        row = {"site": site, "trigger": trigger, "args": json.dumps(args, sort_keys=True),
               "started_at": now_iso(), "status": "running", "tradepress_version": VERSION,
               "pid": None if detached else os.getpid()}
        with self.db.atomic():
            if crawl_id is not None and self.db.execute(
                    "select 1 from crawls where id = ?", [crawl_id]).fetchone():
                self._update("crawls", crawl_id, row)
                return crawl_id
            cursor = self.db.execute(
                f"insert into crawls ({', '.join(row)}) values ({', '.join('?' for _ in row)})",
                list(row.values()))
        return int(cursor.lastrowid)  # type: ignore[arg-type]  # set by the insert above

    def finish_crawl(self, crawl_id: int, status: str, counts: dict[str, int]) -> None:
        with self.db.atomic():
            self.db.table("crawls").update(crawl_id, {"finished_at": now_iso(), "status": status,
                                                **counts})

    def upsert_site(self, profile) -> None:
        now = now_iso()
        with self.db.atomic():
            self.db.execute(
                """insert into sites (name, title, base_url, language, country,
                                      first_crawled_at, last_crawled_at)
                   values (?, ?, ?, ?, ?, ?, ?)
                   on conflict(name) do update set title=excluded.title,
                       base_url=excluded.base_url, language=excluded.language,
                       country=excluded.country, last_crawled_at=excluded.last_crawled_at""",
                [profile.name, profile.title, profile.base_url, profile.language,
                 profile.country, now, now])

    # -- articles ----------------------------------------------------------------------------

    def write_batch(self, crawl_id: int | None, items: list[Page | FetchFailure]) -> list[str]:
        """Write a batch in one transaction (all or nothing); return each item's outcome:
        ``failure``; for an article ``new`` (also a kept non-article that now reads as an
        article), ``updated`` (a new version), ``unchanged`` or ``gone``; ``non_article`` for
        a page kept as a non-article (new, changed or not), ``non_article_rechecked`` for one
        re-checked unchanged or gone; ``no_longer_an_article`` for an archived article that
        now reads as a non-article: one fetch never hides an article, so its record is left
        as it was (the capture is kept)."""
        outcomes = []
        with self.db.atomic():
            for item in items:
                if isinstance(item, FetchFailure):
                    self._insert("failures", {"crawl_id": crawl_id, **asdict(item)})
                    outcomes.append("failure")
                else:
                    outcomes.append(self._write_article(crawl_id, item))
        return outcomes

    def _write_article(self, crawl_id: int | None, page: Page) -> str:
        """Write one page: to the article at its URL (its own or another of its URLs), else
        to the article of the same site with the same title and body (the URL joins that
        article's URLs: no new article), else as a new article. Each capture is linked to its
        article. At a URL other than the article's own, only a change of title or body makes
        a new version: a print view without the standfirst is the same piece."""
        record = page.record or {}
        now = page.fetched_at if page.source in ARCHIVED else now_iso()
        validators = {"etag": _header(page, "etag"),
                      "last_modified": _header(page, "last-modified")}
        if record.get("not_modified") or record.get("gone"):
            return self._recheck(page, now, bool(record.get("gone")), validators)
        digest = content_hash(record)
        fields = content_fields(record)
        existing = article_by_url(self.db, record["url"])
        found_by = "canonical"
        if existing is None:
            existing = article_by_content(self.db, page.site, fields["content_key"],
                                          record["url"])
            found_by = "content" if existing else found_by
            if existing and crawl_id is not None and existing["crawl_id"] == crawl_id and \
                    existing["version"] == 1 and url_rank(record["url"]) < url_rank(
                        existing["url"]):
                return self._adopt(existing["id"], page, record, fields, digest, validators)
        kind = classification(record)
        if existing and existing["is_article"] and is_older(page, existing):
            self._claim_urls(existing["id"], page, record, found_by, validators)
            if not kind["is_article"]:  # (an archive's capture of an error page, say)
                return "unchanged"
            return write_older_version(self.db, existing["id"], page, digest,
                                       version_fields(record))
        if existing and existing["is_article"] and not kind["is_article"]:
            self._claim_urls(existing["id"], page, record, found_by, validators)
            return "no_longer_an_article"
        if not kind["is_article"]:
            outcome = "non_article"
        elif existing and existing["is_article"]:
            outcome = "updated"
        else:
            outcome = "new"  # also a kept non-article that now reads as an article
        own_url = existing is not None and existing["url"] == record["url"]
        if existing and (existing["content_hash"] == digest or not own_url and (
                fields["content_key"] is not None
                and existing["content_key"] == fields["content_key"])):
            changes = {"last_checked_at": now, "gone_at": None, **kind}
            if own_url:  # another URL's capture and validators are that URL's (article_urls)
                changes.update(validators)
                if page.capture_id is not None:
                    changes["capture_id"] = page.capture_id
            self._update("articles", existing["id"], changes)
            self._claim_urls(existing["id"], page, record, found_by, validators)
            return "unchanged" if outcome == "updated" else outcome
        row = {
            "url": existing["url"] if existing else record["url"],
            "requested_url": page.requested_url, "site": page.site,
            **fields, "content_hash": digest,
            "fetched_at": page.fetched_at, "last_checked_at": now, "crawl_id": crawl_id,
            "capture_id": page.capture_id,
            "version": (existing["version"] or 1) + 1 if existing else 1,
            "gone_at": None, **validators,
        }
        if existing:
            article_id = existing["id"]
            self._update("articles", article_id, row)
        else:
            article_id = self._insert("articles", {**row, "first_seen_at": now})
        self._claim_urls(article_id, page, record, found_by, validators)
        self._write_authors(article_id, record.get("authors") or [])
        self._insert("article_versions", {
            "article_id": article_id, "version": row["version"], "fetched_at": page.fetched_at,
            "content_hash": digest, **version_fields(record),
            "capture_id": page.capture_id})
        return outcome

    def _adopt(self, article_id: int, page: Page, record: dict[str, Any],
               fields: dict[str, Any], digest: str, validators: dict[str, Any]) -> str:
        """Copies of a new article met in the crawl that archived it: the plainest URL
        (:func:`url_rank`) is its own and its first version is read from there, whichever
        copy came first. Once that crawl is over, an article's URL stays."""
        self._update("articles", article_id, {
            "url": record["url"], "requested_url": page.requested_url, **fields,
            "content_hash": digest, "fetched_at": page.fetched_at,
            "capture_id": page.capture_id, **validators})
        self._write_authors(article_id, record.get("authors") or [])
        self._update("article_versions", self.db.execute(
            "select id from article_versions where article_id = ? and version = 1",
            [article_id]).fetchone()[0], {**version_fields(record), "content_hash": digest,
                                          "fetched_at": page.fetched_at,
                                          "capture_id": page.capture_id})
        self._claim_urls(article_id, page, record, "content", validators)
        return "unchanged"

    def _claim_urls(self, article_id: int, page: Page, record: dict[str, Any], found_by: str,
                    validators: dict[str, Any]) -> None:
        """The page's URLs become the article's (the one its record names, the one asked for,
        the one redirected to), unless another article has them; its capture points at it."""
        seen = page.fetched_at or now_iso()
        claim_url(self.db, article_id, record.get("url"), seen, found_by, page.capture_id)
        fetched = "content" if found_by == "content" else "fetched"
        claim_url(self.db, article_id, page.url, seen, fetched, page.capture_id)
        claim_url(self.db, article_id, page.requested_url, seen, fetched, page.capture_id,
                  validators)
        link_capture(self.db, page.capture_id, article_id)

    def rewrite_extraction(self, article_id: int, version: int, record: dict[str, Any]) -> None:
        """Replace an article's extracted fields (a better extractor over the same capture):
        the current record and its version row change; no new version is made, since the
        publisher changed nothing."""
        digest = content_hash(record)
        with self.db.atomic():
            self._update("articles", article_id, {**content_fields(record),
                                                  "content_hash": digest})
            self._write_authors(article_id, record.get("authors") or [])
            self.db.execute(
                f"update article_versions set {', '.join(f'{k} = ?' for k in VERSION_FIELDS)}, "
                f"content_hash = ? where article_id = ? and version = ?",
                [*version_fields(record).values(), digest, article_id, version])

    def _write_authors(self, article_id: int, authors: list[dict[str, Any]]) -> None:
        self.db.execute("delete from article_authors where article_id = ?", [article_id])
        for position, author in enumerate(authors):
            key = name_key(author["name"])
            if not key:
                continue
            self.db.execute("insert into authors (name, name_key) values (?, ?) "
                            "on conflict(name_key) do nothing", [author["name"], key])
            author_id = self.db.execute("select id from authors where name_key = ?",
                                        [key]).fetchone()[0]
            self._insert("article_authors", {
                "article_id": article_id, "position": position, "author_id": author_id,
                "role": author.get("role"), "organisation": author.get("organisation"),
            })

    def _update(self, table: str, row_id: int, row: dict[str, Any]) -> None:
        assignments = ", ".join(f"{key} = ?" for key in row)
        self.db.execute(f"update {table} set {assignments} where id = ?", [*row.values(), row_id])

    def _recheck(self, page: Page, now: str, gone: bool, validators: dict) -> str:
        """A re-check of a known URL answered 304 (unchanged) or 404/410 (gone). The URL is
        marked gone; the article only when it is its own URL or the one it was fetched at
        (a print view taken down leaves the piece where it is)."""
        url = page.requested_url
        known = article_by_url(self.db, url)
        if known is None:
            return "gone" if gone else "unchanged"
        if is_older(page, known):  # an archive's older capture: today's record stands
            link_capture(self.db, page.capture_id, known["id"])
            return "unchanged"
        own = url in (known["url"], known["requested_url"])
        changes: dict[str, Any] = {"last_checked_at": now}
        if gone:
            mark_url_gone(self.db, url, page.fetched_at)
            if own:
                self.db.execute("update articles set gone_at = coalesce(gone_at, ?) "
                                "where id = ?", [page.fetched_at, known["id"]])
        else:
            claim_url(self.db, known["id"], url, page.fetched_at or now, "fetched",
                      page.capture_id, validators)
            changes["gone_at"] = None
            if own:
                changes.update({k: v for k, v in validators.items() if v})
        self._update("articles", known["id"], changes)
        link_capture(self.db, page.capture_id, known["id"])
        if not known["is_article"]:
            return "non_article_rechecked"
        return "gone" if gone else "unchanged"

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Plain INSERT inside the caller's transaction (sqlite-utils' own insert commits)."""
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.db.execute(f"insert into {table} ({columns}) values ({marks})",
                                 list(row.values()))
        return int(cursor.lastrowid)  # type: ignore[arg-type]  # set by the insert above

    # -- reading -----------------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """Counts for a crawl's closing lines (articles only, not pages kept as non-articles),
        and the newest opinion piece's title."""
        def one(sql: str) -> Any:
            return self.db.execute(sql).fetchone()[0]
        return {
            "sites": int(one("select count(distinct site) from articles where is_article")),
            "articles": int(one("select count(*) from articles where is_article")),
            "authors": int(one("select count(*) from authors au where exists (select 1 from "
                               "article_authors aa join articles a on a.id = aa.article_id "
                               "where aa.author_id = au.id and a.is_article)")),
            "failures": int(one("select count(*) from failures")),
            "latest_opinion": one("select max(title) from (select title from articles where "
                                  "genre = 'opinion' and is_article order by published desc "
                                  "limit 1)"),
        }

    def sites(self) -> list[str]:
        """The publications that have pages in the archive (articles or not)."""
        return [site for (site,) in self.db.execute(
            "select distinct site from articles where site is not null order by site")]

    def failures_of(self, crawl_id: int | None) -> list[tuple[str, str]]:
        """(url, error) of each URL a crawl could not archive."""
        return [tuple(row) for row in self.db.execute(
            "select url, error from failures where crawl_id = ?", [crawl_id]).fetchall()]

