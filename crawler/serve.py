"""Browse an archive in Datasette, read-only.

``serve(db_path)`` runs Datasette in the foreground on the archive, opened **immutable**
(``datasette serve -i PATH``): SQLite then reads the file without locks and nothing (not
Datasette, not a stray query) can write to it, so a crawl writing the same file is never
disturbed. The metadata (``datasette_metadata``) describes every table and the main columns,
sets default facets, full-text search on the ``article_records`` view and a few canned
queries; it is written to a temporary JSON file for the run.

Immutable mode reads the main database file only: rows a running crawl has not yet
checkpointed out of its WAL file show up once the crawl finishes (restart ``serve`` to see
them; Datasette also caches table counts of immutable files at start).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.request import pathname2url

__all__ = ["datasette_command", "datasette_metadata", "serve"]

TITLE = "tradepress archive"

# Short forms of data/README.md.
TABLES: dict[str, dict] = {
    "articles": {
        "description": "One row per article page, unique by URL: the current version of its "
                       "text, dates, genre and crawl bookkeeping.",
        "columns": {
            "id": "Row id",
            "url": "The page's canonical URL (else the URL fetched)",
            "requested_url": "The URL the crawler asked for, before redirects",
            "site": "The publication's profile name (sites.name); null for crawl --url",
            "title": "Headline as shown on the page",
            "standfirst": "The summary under the headline, if any",
            "body": "Article text only, paragraphs separated by a blank line",
            "published": "Publication date (ISO 8601, as the publisher gave it)",
            "updated": "Last-updated date (ISO 8601), if given",
            "published_raw": "The raw string the publication date was read from",
            "byline_raw": "The raw byline / sign-off the authors were parsed from",
            "genre": "opinion, letter, editorial, news or other",
            "language": "Two-letter language code",
            "paywalled": "1 if the full text is for subscribers (body is then the teaser)",
            "word_count": "Words in body",
            "content_hash": "SHA-256 of the content: same hash, same content",
            "fetched_at": "When this content was fetched (UTC)",
            "first_seen_at": "When the article was first archived (UTC)",
            "last_checked_at": "When the page was last fetched, even if unchanged (UTC)",
            "crawl_id": "The crawl that wrote this content (crawls.id)",
            "extractor_version": "Version of the extractor that produced the record",
            "capture_id": "The capture the current record was extracted from (captures.id)",
            "version": "Current version number (article_versions.version)",
            "etag": "The page's ETag validator",
            "last_modified": "The page's Last-Modified validator",
            "gone_at": "When the page was found gone (404/410); the record is kept",
        },
        "facets": ["site", "genre"],
        "sort_desc": "published",
        "label_column": "title",
    },
    "article_records": {
        "description": "One row per article with its authors, roles and organisations "
                       "joined in: the table to browse and search.",
        # only the columns that need saying (each description is a line above the rows);
        # the others are described on articles
        "columns": {
            "year": "Year of publication (from published)",
            "month": "Month of publication, YYYY-MM",
            "genre": "opinion, letter, editorial, news or other",
            "paywalled": "1 if the body is only the free teaser",
            "authors": "Authors in byline order, with role and organisation at the time",
            "organisations": "Authors' organisations at the time of writing, '; '-joined",
        },
        "facets": ["site", "genre", "year"],
        "sort_desc": "published",
        # the view has no FTS table of its own: search articles_fts, matched on id
        "fts_table": "articles_fts",
        "fts_pk": "id",
        "label_column": "title",
    },
    "authors": {
        "description": "One row per person.",
        "columns": {
            "id": "Row id",
            "name": "Name as first seen",
            "name_key": "Folded name matching the same person across articles",
        },
        "label_column": "name",
    },
    "article_authors": {
        "description": "Who wrote what, in which role: roles and organisations live on the "
                       "link, not on the person (people change jobs).",
        "columns": {
            "article_id": "The article (articles.id)",
            "position": "The author's place in the byline (0 first)",
            "author_id": "The author (authors.id)",
            "role": "Role at the time of writing, as written",
            "organisation": "Organisation at the time of writing",
        },
        "facets": ["role", "organisation"],
    },
    "article_versions": {
        "description": "Every distinct content an article has had (a new version when the "
                       "publisher changes what a reader sees).",
        "columns": {
            "article_id": "The article (articles.id)",
            "version": "Version number: 1, 2, ...",
            "fetched_at": "When this version was fetched (UTC)",
            "content_hash": "SHA-256 of the content",
            "authors": "JSON list of {name, role, organisation}",
            "capture_id": "The response it was read from (captures.id)",
        },
    },
    "captures": {
        "description": "Every response a crawl fetched, with its headers and the WARC "
                       "record holding it.",
        "columns": {
            "kind": "article, feed, sitemap, listing, robots or other",
            "url": "Final URL",
            "requested_url": "The URL asked for",
            "status": "HTTP status",
            "headers": "JSON list of [name, value]",
            "redirects": "JSON list of URLs",
            "body_sha256": "The body (bodies.sha256); null for an empty body",
            "warc_file": "WARC file in data/warc/",
            "warc_offset": "Offset of the WARC record",
            "hints": "JSON: what discovery said of the page",
        },
        "facets": ["kind", "site", "status"],
        "sort_desc": "id",
    },
    "bodies": {
        "description": "Response bodies, stored once (zlib-compressed).",
        "columns": {
            "sha256": "SHA-256 of the body as received (content-encoding undone)",
            "length": "Length in bytes",
            "data": "zlib-compressed body",
        },
    },
    "sites": {
        "description": "Configured publications that have been crawled.",
        "columns": {
            "name": "Profile name",
            "title": "Publication title",
            "base_url": "The publication's base URL",
            "language": "Default language",
            "country": "Country",
            "first_crawled_at": "First crawl (UTC)",
            "last_crawled_at": "Latest crawl (UTC)",
        },
        "label_column": "title",
    },
    "crawls": {
        "description": "One row per crawl run, with its counts and outcome.",
        "columns": {
            "trigger": "manual, schedule, cron or demo",
            "args": "JSON of the crawl's options",
            "status": "running, then Scrapy's finish reason; failed if it crashed",
            "pages_fetched": "Pages fetched",
            "articles_new": "New articles",
            "articles_updated": "Articles with a new version",
            "articles_unchanged": "Articles re-fetched unchanged",
            "non_articles": "Pages fetched that were not articles",
            "failures": "Pages that failed",
            "articles_gone": "Articles found gone",
            "flags": "Why the run looks wrong, if it does",
        },
        "facets": ["site", "status", "trigger"],
        "sort_desc": "id",
    },
    "failures": {
        "description": "Pages that could not be fetched or extracted.",
        "columns": {
            "crawl_id": "The crawl (crawls.id)",
            "url": "The page",
            "status": "HTTP status; null for network errors",
            "error": "What went wrong (one line)",
            "failed_at": "When (UTC)",
        },
        "facets": ["site", "status"],
        "sort_desc": "id",
    },
    "schedules": {
        "description": "When each publication is crawled.",
        "columns": {
            "cron": "Cron expression (UTC)",
            "options": "JSON list of crawl options",
            "paused": "1 if paused",
            "last_crawl_id": "The latest crawl it ran (crawls.id)",
        },
    },
    "tasks": {
        "description": "Runs of work other than crawls (reprocess), and how they ended.",
        "columns": {
            "kind": "What ran: reprocess",
            "args": "JSON of its options",
            "status": "running, finished, failed, or interrupted (its process died)",
            "pid": "The process that ran it",
            "rows": "Articles it went through",
            "error": "Why it failed (one line)",
        },
        "sort_desc": "id",
    },
    "articles_fts": {
        "description": "FTS5 full-text index over articles.title, standfirst and body "
                       "(Porter stemming, accents folded).",
    },
    "_migrations": {
        "description": "Schema migrations applied to this archive.",
    },
}

QUERIES: dict[str, dict] = {
    "pieces_by_organisation": {
        "title": "Pieces by organisation",
        "description": "Pieces whose authors wrote as staff of an organisation "
                       "(part of its name is enough), one row per author.",
        "sql": (
            "select a.id, a.published, a.site, a.title, au.name as author, aa.role,\n"
            "       aa.organisation, a.genre, a.url\n"
            "from article_authors aa\n"
            "join articles a on a.id = aa.article_id\n"
            "join authors au on au.id = aa.author_id\n"
            "where aa.organisation like '%' || :organisation || '%'\n"
            "order by a.published desc, a.id, aa.position"
        ),
        "params": ["organisation"],
    },
    "authors_by_role": {
        "title": "Authors by role",
        "description": "Authors who wrote in a role (part of it is enough, e.g. "
                       "'chief executive'), with how many pieces.",
        "sql": (
            "select au.name, aa.role, aa.organisation,\n"
            "       count(distinct aa.article_id) as pieces,\n"
            "       min(a.published) as first_published, max(a.published) as last_published\n"
            "from article_authors aa\n"
            "join authors au on au.id = aa.author_id\n"
            "join articles a on a.id = aa.article_id\n"
            "where aa.role like '%' || :role || '%'\n"
            "group by au.id, aa.role, aa.organisation\n"
            "order by pieces desc, au.name"
        ),
        "params": ["role"],
    },
    "monthly_counts": {
        "title": "Articles per month per site",
        "description": "Articles archived per month of publication and publication; "
                       "comment counts opinion, letters and editorials.",
        "sql": (
            "select substr(published, 1, 7) as month, site, count(*) as articles,\n"
            "       sum(genre in ('opinion', 'letter', 'editorial')) as comment\n"
            "from articles\n"
            "where published is not null\n"
            "group by month, site\n"
            "order by month desc, site"
        ),
    },
}


def _database_name(db_path) -> str:
    """Datasette names a database after its file's stem."""
    return Path(db_path).stem


def datasette_metadata(db_path) -> dict:
    """Datasette metadata for the archive at ``db_path`` (its database name is the stem)."""
    return {
        "title": TITLE,
        "description": "Trade-press opinion pieces archived by tradepress: articles with "
                       "their authors' roles and organisations at the time of writing. "
                       "Read-only.",
        "license": "Articles © their publishers and authors; archived for research",
        "source": "tradepress crawls of the publishers' own pages (WARC records kept)",
        "databases": {
            _database_name(db_path): {
                "description": "Start with article_records (one row per article, "
                               "searchable) or the canned queries below.",
                "tables": copy.deepcopy(TABLES),
                "queries": copy.deepcopy(QUERIES),
            }
        },
    }


def datasette_command(db_path, metadata_path, host, port) -> list[str]:
    """The command line that serves ``db_path`` immutable with ``metadata_path``."""
    return [
        sys.executable, "-m", "datasette", "serve",
        "-i", str(Path(db_path).resolve()),
        "--metadata", str(metadata_path),
        "--host", str(host),
        "--port", str(int(port)),
    ]


def _check_archive(db_path) -> Path:
    """The archive's path, if it is a tradepress archive; read without writing anything."""
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(f"no archive at {path} (run a crawl, or `tradepress demo`)")
    with path.open("rb") as f:
        header = f.read(16)
    if header != b"SQLite format 3\x00":
        raise ValueError(f"{path} is not a tradepress archive (not an SQLite database)")
    conn = sqlite3.connect(f"file:{pathname2url(str(path.absolute()))}?mode=ro&immutable=1",
                           uri=True)
    try:
        tables = {name for (name,) in conn.execute(
            "select name from sqlite_master where type = 'table'").fetchall()}
    except sqlite3.Error as e:
        raise ValueError(f"cannot read {path}: {e}") from None
    finally:
        conn.close()
    if not {"_migrations", "articles"} <= tables:
        raise ValueError(f"{path} is not a tradepress archive (no articles or _migrations "
                         f"table)")
    return path


def _check_port(host: str, port: int) -> None:
    """Fail early, in one line, if the address is taken (rather than in uvicorn's log)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise OSError(f"cannot serve on {host}:{port}: {e.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as e:
            raise OSError(f"cannot serve on {host}:{port}: {e.strerror}") from None


def serve(db_path, *, host="127.0.0.1", port=8001, open_browser=False) -> None:
    """Run Datasette on the archive, read-only, in the foreground until Ctrl-C."""
    path = _check_archive(db_path)
    if importlib.util.find_spec("datasette") is None:
        raise ModuleNotFoundError("Datasette is not installed (pip install datasette)")
    _check_port(host, port)
    with tempfile.TemporaryDirectory(prefix="tradepress-datasette-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata_path.write_text(json.dumps(datasette_metadata(path), indent=2,
                                            ensure_ascii=False), encoding="utf-8")
        command = datasette_command(path, metadata_path, host, port)
        if open_browser:
            command.append("--open")
        proc = subprocess.Popen(command)
        try:
            status = proc.wait()
        except KeyboardInterrupt:
            # Ctrl-C reached Datasette too (same process group); give it time to stop.
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            return
        if status != 0:
            raise RuntimeError(f"Datasette exited with status {status}")
