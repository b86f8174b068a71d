"""Browse an archive in Datasette, read-only.

``serve_archive(db_path)`` runs Datasette in the foreground on the archive, opened **immutable**
(``datasette serve -i PATH``): SQLite then reads the file without locks and nothing (not
Datasette, not a stray query) can write to it, so a crawl writing the same file is never
disturbed. The metadata (``datasette_metadata``) describes every table and the main columns,
sets default facets, full-text search on the ``article_records`` view and a few canned
queries; it is written to a temporary JSON file for the run.

Datasette runs as a child process in a session of its own; it is stopped (SIGTERM, then
SIGKILL after 5 s) whenever ``serve_archive`` returns or is interrupted (Ctrl-C, or SIGTERM
under the ``tradepress`` command), and sent SIGTERM by the kernel if this process is killed
outright (``pipelines.lifeline.dies_with_parent``).

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

from pipelines.archive.schema import descriptions, plain
from pipelines.lifeline import dies_with_parent, stop_child

__all__ = ["datasette_command", "datasette_metadata", "serve_archive"]

TITLE = "tradepress archive"

# How each table is browsed (facets, sort order, the column that names a row, search); what
# each table and column holds comes from pipelines/archive/schema.toml (see datasette_metadata).
BROWSING: dict[str, dict] = {
    # every archived page, articles and pages kept as non-articles (the reason facet splits them)
    "articles": {"facets": ["site", "genre", "not_article_reason"], "sort_desc": "published",
                 "label_column": "title"},
    # the view has no FTS table of its own: search articles_fts, matched on id
    "article_records": {"facets": ["site", "genre", "year"], "sort_desc": "published",
                        "fts_table": "articles_fts", "fts_pk": "id", "label_column": "title"},
    "authors": {"label_column": "name"},
    "article_authors": {"facets": ["role", "organisation"]},
    "captures": {"facets": ["kind", "site", "status"], "sort_desc": "id"},
    "article_urls": {"facets": ["found_by"], "sort_desc": "id", "label_column": "url"},
    "sites": {"label_column": "title"},
    "crawls": {"facets": ["site", "status", "trigger"], "sort_desc": "id"},
    "failures": {"facets": ["site", "status"], "sort_desc": "id"},
    "tasks": {"sort_desc": "id"},
}

# canned queries count articles only (not pages kept as non-articles), as article_records does
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
            "where aa.organisation like '%' || :organisation || '%' and a.is_article = 1\n"
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
            "where aa.role like '%' || :role || '%' and a.is_article = 1\n"
            "group by au.id, aa.role, aa.organisation\n"
            "order by pieces desc, au.name"
        ),
        "params": ["role"],
    },
    "several_urls": {
        "title": "Articles at several URLs",
        "description": "Articles archived under more than one URL (the URL asked for, a print "
                       "view, a copy with the same title and body...), with every URL.",
        "sql": (
            "select a.id, a.site, a.title, a.url, count(*) as urls,\n"
            "       group_concat(u.url || ' (' || u.found_by || ')', '; ') as all_urls\n"
            "from articles a join article_urls u on u.article_id = a.id\n"
            "where a.is_article = 1\n"
            "group by a.id having count(*) > 1\n"
            "order by urls desc, a.id"
        ),
    },
    "monthly_counts": {
        "title": "Articles per month per site",
        "description": "Articles archived per month of publication and publication; "
                       "comment counts opinion, letters and editorials.",
        "sql": (
            "select substr(published, 1, 7) as month, site, count(*) as articles,\n"
            "       sum(genre in ('opinion', 'letter', 'editorial')) as comment\n"
            "from articles\n"
            "where published is not null and is_article = 1\n"
            "group by month, site\n"
            "order by month desc, site"
        ),
    },
}


def _database_name(db_path) -> str:
    """Datasette names a database after its file's stem."""
    return Path(db_path).stem


def tables_metadata() -> dict[str, dict]:
    """Each table's description and columns (plain text), and how it is browsed."""
    return {table: {"description": plain(doc["description"]),
                    "columns": {name: plain(text) for name, text in doc["columns"].items()},
                    **copy.deepcopy(BROWSING.get(table, {}))}
            for table, doc in descriptions().items()}


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
                "tables": tables_metadata(),
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


def serve_archive(db_path, *, host="127.0.0.1", port=8001, open_browser=False) -> None:
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
        # its own session (a terminal's Ctrl-C reaches this process alone, which stops it),
        # and sent SIGTERM if this process dies without stopping it
        proc = subprocess.Popen(command, start_new_session=True,
                                preexec_fn=dies_with_parent())
        try:
            status = proc.wait()
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM (pipelines.lifeline.Stopped)
            return
        finally:
            stop_child(proc)
        if status != 0:
            raise RuntimeError(f"Datasette exited with status {status}")
