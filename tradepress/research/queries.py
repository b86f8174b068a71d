"""Research queries over the archive: search, records, authors, organisations, exports, counts.

They see articles only: pages a crawl kept as non-articles (``articles.is_article = 0``) are
left out, except where asked for (``Filters.all_pages``) and by :func:`record`, which shows any
archived page by id or URL, marked.

Every filter is a parameterised SQL condition (never text pasted into SQL): the values a
researcher types go to SQLite as parameters, and in "contains" filters (author, organisation,
role) ``%`` and ``_`` are plain characters, not wildcards: ``--role _`` matches roles with an
underscore, not every role. Results are plain dicts; exports stream rows from a cursor, so
memory stays flat however large the archive.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from crawler.fetch import clean_url
from pipelines.archive.aliases import article_by_url, urls_of


class QueryError(ValueError):
    """A query SQLite cannot run (e.g. malformed full-text syntax); one readable line."""


MAX_QUERY_LENGTH = 2000
"""Characters in a full-text query: ample for any question, and a bound on the work a query
can ask of the FTS5 parser."""



def contains(value: str) -> str:
    """A LIKE pattern (with ``escape '\\'``) matching text that contains ``value`` as typed."""
    if "\x00" in value:  # SQLite's LIKE stops reading a pattern at NUL: it would match anything
        raise QueryError("a filter contains a NUL character")
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class Filters:
    site: str | None = None
    author: str | None = None        # part of a name, any case ("doe", "Jane Doe")
    organisation: str | None = None  # part of an organisation's name
    role: str | None = None          # part of a role ("chief executive")
    genre: str | None = None
    since: str | None = None         # YYYY-MM-DD, inclusive
    until: str | None = None         # YYYY-MM-DD, inclusive
    all_pages: bool = False          # also pages kept as non-articles

    def narrows(self) -> bool:
        """True if any filter but ``all_pages`` is set."""
        return any((self.site, self.author, self.organisation, self.role, self.genre,
                    self.since, self.until))

    def sql(self, alias: str = "a") -> tuple[str, list[Any]]:
        """A WHERE clause (without the keyword) and its parameters."""
        where, params = ["1 = 1"], []
        if not self.all_pages:
            where.append(f"{alias}.is_article = 1")
        if self.site:
            where.append(f"{alias}.site = ?")
            params.append(self.site)
        if self.genre:
            where.append(f"{alias}.genre = ?")
            params.append(self.genre)
        if self.since:
            where.append(f"substr({alias}.published, 1, 10) >= ?")
            params.append(self.since)
        if self.until:
            where.append(f"substr({alias}.published, 1, 10) <= ?")
            params.append(self.until)
        for column, value in (("au.name", self.author), ("aa.organisation", self.organisation),
                              ("aa.role", self.role)):
            if value:
                where.append(f"exists (select 1 from article_authors aa join authors au on "
                             f"au.id = aa.author_id where aa.article_id = {alias}.id and "
                             f"{column} like ? escape '\\')")
                params.append(contains(value))
        return " and ".join(where), params


RECORD_COLUMNS = ("id", "url", "site", "title", "standfirst", "published", "genre", "language",
                  "word_count", "paywalled", "version", "gone_at")
PAGE_COLUMNS = ("is_article", "not_article_reason")  # in records of all pages
ARTICLES_ONLY = "rowid not in (select id from articles where is_article = 0)"


def authors_of(db: Database, article_id: int) -> list[dict[str, Any]]:
    rows = db.execute(
        """select au.name, aa.role, aa.organisation from article_authors aa
           join authors au on au.id = aa.author_id where aa.article_id = ?
           order by aa.position""", [article_id]).fetchall()
    return [{"name": n, "role": r, "organisation": o} for n, r, o in rows]


def author_line(authors: list[dict[str, Any]]) -> str:
    """'Jane Doe (chief executive, X); John Roe' — authors in one spreadsheet cell."""
    parts = []
    for a in authors:
        detail = ", ".join(filter(None, (a["role"], a["organisation"])))
        parts.append(f"{a['name']} ({detail})" if detail else a["name"])
    return "; ".join(parts)


def search(db: Database, query: str, filters: Filters, limit: int = 20) -> list[dict[str, Any]]:
    """Full-text search, best match first (bm25), with a highlighted snippet of the body; with
    ``filters.all_pages``, of every archived page, each with its ``not_article_reason``."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(f"search query too long ({len(query)} characters; at most "
                         f"{MAX_QUERY_LENGTH})")
    if "\x00" in query:
        raise QueryError("search query contains a NUL character")
    where, params = filters.sql()
    try:
        if not filters.narrows():
            top = best_matches(db, query, limit, articles_only=not filters.all_pages)
            rows = [db.execute(
                """select a.id, a.title, a.published, a.url, a.site, a.genre,
                          snippet(articles_fts, 2, '[', ']', '…', 14), a.not_article_reason
                   from articles_fts join articles a on a.id = articles_fts.rowid
                   where articles_fts match ? and articles_fts.rowid = ?""",
                [query, rowid]).fetchone() for rowid in top]
        else:
            # FTS5 hands rows over in rank order, so the filters stop at the limit
            rows = db.execute(
                f"""select a.id, a.title, a.published, a.url, a.site, a.genre,
                           snippet(articles_fts, 2, '[', ']', '…', 14), a.not_article_reason
                    from articles_fts join articles a on a.id = articles_fts.rowid
                    where articles_fts match ? and {where}
                    order by rank limit ?""", [query, *params, limit]).fetchall()
    except sqlite3.OperationalError as e:
        if e.sqlite_errorname != "SQLITE_ERROR":
            raise  # the archive's trouble (locked, disk I/O...), not the query's
        shown = query if len(query) <= 80 else query[:77] + "..."
        raise QueryError(f"bad search query {shown!r}: {e} (see FTS5 query syntax: words, "
                         f"\"phrases\", AND/OR/NOT, prefix*)".splitlines()[0]) from None
    keys = ("id", "title", "published", "url", "site", "genre", "snippet")
    results = []
    for *found, reason in rows:
        result = dict(zip(keys, found, strict=True))
        if filters.all_pages:  # each result says whether it is an article (if not, why)
            result["not_article_reason"] = reason
        results.append({**result, "authors": authors_of(db, result["id"])})
    return results


# ranking costs about a microsecond per matching article (bm25 reads each match's positions and
# column sizes); past this many articles the ranking is split across the cores
PARTITION_FROM = 20_000
TOP_SQL = """select rowid, bm25(articles_fts) as score from articles_fts
             where articles_fts match ? and rowid between ? and ? and {pages}
             order by score, rowid limit ?"""


def best_matches(db: Database, query: str, limit: int, articles_only: bool = True) -> list[int]:
    """The ids of the best ``limit`` matches, by bm25 then id (of articles only, or of every
    archived page: the index holds them all; the few non-articles are left out through
    their own small index).

    bm25's weights (how rare each term is) are computed over the whole index whatever the rowid
    range, so ranking ranges of ids on separate connections in threads (SQLite releases the GIL
    while it works) and merging the tops gives exactly the single-query result, faster."""
    low, high = db.execute("select (select min(rowid) from articles), "
                           "(select max(rowid) from articles)").fetchone()
    path = db.execute("pragma database_list").fetchone()[2]
    parts = min(os.cpu_count() or 1, 4)
    top_sql = TOP_SQL.format(pages=ARTICLES_ONLY if articles_only else "1 = 1")
    if low is None or high - low < PARTITION_FROM or parts == 1 or not path:
        return [r[0] for r in db.execute(top_sql, [query, low or 0, high or 0, limit])]
    step = (high - low) // parts + 1
    ranges = [(low + i * step, min(low + (i + 1) * step - 1, high)) for i in range(parts)]

    def rank(bounds: tuple[int, int]) -> list[tuple[int, float]]:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            return conn.execute(top_sql, [query, *bounds, limit]).fetchall()
        finally:
            conn.close()

    with ThreadPoolExecutor(parts) as pool:
        found = [row for rows in pool.map(rank, ranges) for row in rows]
    return [rowid for rowid, _ in sorted(found, key=lambda r: (r[1], r[0]))[:limit]]


def record(db: Database, key: str) -> dict[str, Any] | None:
    """The full record of an archived page by id or URL: fields, authors, capture, versions,
    and whether it is an article (``is_article``, ``not_article_reason``)."""
    # an id is all digits ("12"); anything else ("1 or 1=1", "12abc") can only be a URL
    article_id = int(key) if key.isascii() and key.isdigit() and len(key) < 19 else None
    columns = (*RECORD_COLUMNS, *PAGE_COLUMNS, "body", "capture_id")
    # (as given, else as a crawl would have asked for it: no fragment, no tracking parameters)
    found = article_by_url(db, key) or article_by_url(db, clean_url(key))
    row = db.execute(f"select {', '.join(columns)} from articles where id = ?",
                     [found["id"] if found else article_id]).fetchone()
    if row is None:
        return None
    out = dict(zip(columns, row, strict=True))
    out["is_article"] = bool(out["is_article"])
    out["authors"] = authors_of(db, out["id"])
    capture = db.execute("select id, fetched_at, status, warc_file, warc_offset from captures "
                         "where id = ?", [out.pop("capture_id")]).fetchone()
    out["capture"] = dict(zip(("id", "fetched_at", "status", "warc_file", "warc_offset"),
                              capture, strict=True)) if capture else None
    out["versions"] = [dict(zip(("version", "fetched_at", "content_hash", "title"), v,
                                strict=True)) for v in db.execute(
        "select version, fetched_at, content_hash, title from article_versions "
        "where article_id = ? order by version", [out["id"]]).fetchall()]
    out["urls"] = urls_of(db, out["id"])
    return out


def authors(db: Database, *, organisation: str | None = None, role: str | None = None,
            min_articles: int = 1) -> list[dict[str, Any]]:
    """Who writes: pieces, publications, roles, organisations, first and last piece."""
    where, params = ["1 = 1"], []
    for column, value in (("aa.organisation", organisation), ("aa.role", role)):
        if value:
            where.append(f"{column} like ? escape '\\'")
            params.append(contains(value))
    rows = db.execute(
        f"""select au.name, count(distinct a.id), group_concat(distinct a.site),
                   group_concat(distinct aa.role), group_concat(distinct aa.organisation),
                   min(a.published), max(a.published)
            from article_authors aa join authors au on au.id = aa.author_id
            join articles a on a.id = aa.article_id
            where {' and '.join(where)} and a.is_article = 1
            group by au.id having count(distinct a.id) >= ?
            order by count(distinct a.id) desc, au.name""", [*params, min_articles]).fetchall()
    keys = ("name", "articles", "sites", "roles", "organisations", "first", "last")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def organisations(db: Database, *, min_articles: int = 1) -> list[dict[str, Any]]:
    """Which organisations' people write: pieces, authors, publications, first and last."""
    rows = db.execute(
        """select aa.organisation, count(distinct a.id), count(distinct aa.author_id),
                  group_concat(distinct a.site), min(a.published), max(a.published)
           from article_authors aa join articles a on a.id = aa.article_id
           where aa.organisation is not null and a.is_article = 1
           group by aa.organisation having count(distinct a.id) >= ?
           order by count(distinct a.id) desc, aa.organisation""", [min_articles]).fetchall()
    keys = ("organisation", "articles", "authors", "sites", "first", "last")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def iter_records(db: Database, filters: Filters, batch: int = 500) -> Iterator[dict[str, Any]]:
    """Every matching article with its authors, streamed in id order (with ``all_pages``,
    every matching page, with :data:`PAGE_COLUMNS`)."""
    where, params = filters.sql()
    columns = (*RECORD_COLUMNS, *(PAGE_COLUMNS if filters.all_pages else ()), "body")
    last_id = 0
    while True:
        rows = db.execute(
            f"select {', '.join('a.' + c for c in columns)} from articles a "
            f"where {where} and a.id > ? order by a.id limit ?",
            [*params, last_id, batch]).fetchall()
        if not rows:
            return
        authors = _authors_of_many(db, [row[0] for row in rows])
        for row in rows:
            out = dict(zip(columns, row, strict=True))
            out["authors"] = authors.get(out["id"], [])
            yield out
        last_id = rows[-1][0]


def _authors_of_many(db: Database, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The authors of a batch of articles in one query."""
    out: dict[int, list[dict[str, Any]]] = {}
    marks = ", ".join("?" for _ in ids)
    for article_id, name, role, organisation in db.execute(
            f"""select aa.article_id, au.name, aa.role, aa.organisation from article_authors aa
                join authors au on au.id = aa.author_id where aa.article_id in ({marks})
                order by aa.article_id, aa.position""", ids).fetchall():
        out.setdefault(article_id, []).append(
            {"name": name, "role": role, "organisation": organisation})
    return out


STATS_GROUPS = {
    "month": "substr(published, 1, 7)",
    "year": "substr(published, 1, 4)",
    "site": "site",
    "genre": "genre",
}


def counts(db: Database, by: str) -> list[tuple[str, int]]:
    """Articles per month, year, site or genre."""
    expression = STATS_GROUPS[by]
    return [(key or "(unknown)", n) for key, n in db.execute(
        f"select {expression} as k, count(*) from articles where is_article = 1 "
        f"group by k order by k").fetchall()]


def counts_by_year_and_site(db: Database) -> list[tuple[str, str, int]]:
    return db.execute("select substr(published, 1, 4) as y, site, count(*) from articles "
                      "where published is not null and is_article = 1 "
                      "group by y, site order by y").fetchall()
