"""Runs: the ``crawls`` rows (written by the archive as crawls start and finish) and the
``tasks`` rows of other work (``reprocess``), and the listing ``tradepress runs`` shows.

A run is ``running`` while its process lives; it ends ``finished``, ``failed`` or, when its
process died without saying (killed, power cut), ``interrupted`` (marked by the next process that
opens the archive for writing: :meth:`pipelines.archive.store.Archive.mark_interrupted`).
"""

from __future__ import annotations

import json
import os
from typing import Any

from sqlite_utils import Database

from pipelines.archive.database import now_iso

CRAWL_COLUMNS = ("id", "site", "trigger", "started_at", "finished_at", "pages_fetched",
                 "articles_new", "articles_updated", "articles_unchanged", "non_articles",
                 "failures", "status", "exit_status", "flags")
TASK_COLUMNS = ("id", "kind", "site", "started_at", "finished_at", "rows", "status", "error")


def flag_crawl(db: Database, crawl_id: int, flags: list[str]) -> None:
    """Record why a finished crawl looks wrong (``crawls.flags``; none: left as it is)."""
    if flags:
        with db.atomic():
            db.execute("update crawls set flags = ? where id = ?", ["; ".join(flags), crawl_id])


def start_task(db: Database, kind: str, args: dict[str, Any]) -> int:
    """Record a run of ``kind`` as running in this process; return its id."""
    with db.atomic():
        cursor = db.execute(
            "insert into tasks (kind, args, started_at, status, pid, rows) "
            "values (?, ?, ?, 'running', ?, 0)",
            [kind, json.dumps(args, sort_keys=True), now_iso(), os.getpid()])
    return int(cursor.lastrowid)  # type: ignore[arg-type]  # set by the insert above


def task_progress(db: Database, task_id: int, rows: int) -> None:
    with db.atomic():
        db.execute("update tasks set rows = ? where id = ?", [rows, task_id])


def task_rows(db: Database, task_id: int) -> int:
    """How many rows a task has gone through so far."""
    return int(db.execute("select rows from tasks where id = ?", [task_id]).fetchone()[0])


def finish_task(db: Database, task_id: int, status: str, rows: int,
                error: str | None = None) -> None:
    with db.atomic():
        db.execute("update tasks set status = ?, finished_at = ?, rows = ?, error = ? "
                   "where id = ?", [status, now_iso(), rows, error, task_id])


def list_runs(db: Database, *, site: str | None = None, failed: bool = False,
              limit: int = 30) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The newest crawls and tasks, newest first: ``failed`` keeps the runs that failed, were
    interrupted or flagged, or exited with a non-zero status."""
    where, params = ["1 = 1"], []
    task_where, task_params = ["1 = 1"], []
    if site:
        where.append("site = ?")
        params.append(site)
        task_where.append("json_extract(args, '$.site') = ?")
        task_params.append(site)
    if failed:
        where.append("(status not in ('finished', 'running', 'queued') or flags is not null "
                     "or coalesce(exit_status, 0) != 0)")
        task_where.append("status not in ('finished', 'running')")
    crawls = db.execute(
        f"""select {', '.join(CRAWL_COLUMNS)} from crawls where {' and '.join(where)}
            order by id desc limit ?""", [*params, limit]).fetchall()
    tasks = db.execute(
        f"""select id, kind, json_extract(args, '$.site'), started_at, finished_at, rows,
                   status, error
            from tasks where {' and '.join(task_where)} order by id desc limit ?""",
        [*task_params, limit]).fetchall()
    return ([dict(zip(CRAWL_COLUMNS, row, strict=True)) for row in crawls],
            [dict(zip(TASK_COLUMNS, row, strict=True)) for row in tasks])
