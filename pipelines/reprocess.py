"""Re-extraction: run the current extractor over stored captures, without the network.

Each archived page is re-extracted from the capture its record came from; a record whose
extraction changed is rewritten and stamped with the extractor's version. Pages are read a
batch at a time, so memory does not grow with the archive. Running it twice changes nothing
the second time.

Pages kept as non-articles are judged again: one that now reads as an article becomes one
(``now_an_article``). An article that now reads as a non-article is left as it was and counted
(``no_longer_an_article``, and logged with its id and URL): re-extraction never hides an
article from researchers; a person should look.

Crash safety: each article is rewritten in its own transaction, so a run killed at any point
leaves every article either as it was or re-extracted, never half-written; running it again
finishes the work, with the same result as a run that was never interrupted. Each run is
recorded in the ``tasks`` table (``running``, then ``finished`` or ``failed``; a run whose
process died is marked ``interrupted`` the next time the archive is opened for writing).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any

from pipelines.archive.captures import read_body
from pipelines.archive.runs import finish_task, start_task, task_progress, task_rows
from pipelines.archive.store import Archive, content_hash
from pipelines.extract import EXTRACTOR_VERSION, ExtractionError, extract_article
from pipelines.extract.encoding import decode_html
from pipelines.lifeline import worker_pool

logger = logging.getLogger(__name__)

OptionsFor = Callable[..., dict[str, Any]]
"""``options_for(site, *urls)``: the keyword arguments of ``extract_article`` for a page of
``site`` (a profile name, or None) fetched at ``urls`` (as fetched, as asked for)."""


def reprocess(archive: Archive, *, site: str | None = None, since: str | None = None,
              options_for: OptionsFor = lambda site, *urls: {},
              batch: int = 100, workers: int = 0) -> Counter:
    """Re-extract the archive's pages; return counts: ``updated``, ``unchanged``,
    ``now_an_article``, ``no_longer_an_article``, ``failed``, ``without_capture``.

    With ``workers`` > 0 the extraction runs in that many processes while this one reads
    captures and writes records; the results are the same. The run is recorded in ``tasks``
    (with the number of articles gone through, kept up to date batch by batch)."""
    task_id = start_task(archive.db, "reprocess", {"site": site, "since": since})
    try:
        counts = _reprocess(archive, site, since, options_for, batch, workers,
                            lambda n: task_progress(archive.db, task_id, n))
        done = sum(n for key, n in counts.items() if key != "without_capture")
    except BaseException as e:
        status = "interrupted" if isinstance(e, KeyboardInterrupt) else "failed"
        try:
            done = task_rows(archive.db, task_id)
            finish_task(archive.db, task_id, status, done,
                        (f"{type(e).__name__}: {e}".splitlines() or [""])[0][:500])
        except sqlite3.Error:
            pass  # the archive itself failed (full disk...): the next open marks it interrupted
        raise
    finish_task(archive.db, task_id, "finished", done)
    return counts


def _reprocess(archive: Archive, site: str | None, since: str | None,
               options_for: OptionsFor, batch: int, workers: int,
               progress: Callable[[int], None]) -> Counter:
    counts: Counter = Counter()
    done = 0
    where, params = ["a.capture_id is not null"], []
    if site:
        where.append("a.site = ?")
        params.append(site)
    if since:
        where.append("coalesce(a.published, a.fetched_at) >= ?")
        params.append(since)
    counts["without_capture"] = archive.db.execute(
        "select count(*) from articles where capture_id is null").fetchone()[0]
    pool = worker_pool(workers) if workers else None
    last_id = 0
    try:
        while True:
            rows = archive.db.execute(
                f"""select a.id, a.version, a.is_article, a.not_article_reason, a.content_hash,
                           a.extractor_version, a.site, c.url, c.requested_url, c.fetched_at,
                           c.body_sha256, c.hints, c.content_type
                    from articles a join captures c on c.id = a.capture_id
                    where {' and '.join(where)} and a.id > ? order by a.id limit ?""",
                [*params, last_id, batch]).fetchall()
            if not rows:
                return counts
            tasks = [partial(_extract, decode_html(read_body(archive.db, sha), content_type)[0],
                             url, fetched_at, json.loads(hints) if hints else None,
                             options_for(row_site, url, requested_url))
                     for (*_, row_site, url, requested_url, fetched_at, sha, hints,
                          content_type) in rows]
            results = pool.map(_run, tasks, chunksize=8) if pool else map(_run, tasks)
            for row, record in zip(rows, results, strict=True):
                counts[_rewrite(archive, row[:6], record)] += 1
            last_id = rows[-1][0]
            done += len(rows)
            progress(done)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)  # stopped midway: not the rest of the batch


def _rewrite(archive: Archive, stored: tuple, record: dict[str, Any] | None) -> str:
    """Rewrite one stored page with its new record if that changed anything; say what
    happened."""
    article_id, version, was_article, old_reason, old_hash, old_version = stored
    if record is None:
        return "failed"
    if was_article and not record["is_article"]:
        logger.warning("article %s (%s) now reads as a non-article (%s); left as it was",
                       article_id, record["url"], record["not_article_reason"])
        return "no_longer_an_article"
    if (content_hash(record) == old_hash and old_version == EXTRACTOR_VERSION
            and record["not_article_reason"] == old_reason):
        return "unchanged"
    archive.rewrite_extraction(article_id, version or 1, record)
    return "updated" if was_article or not record["is_article"] else "now_an_article"


def _extract(html: str, url: str, fetched_at: str, hints: dict | None,
             options: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return extract_article(html, url, fetched_at=fetched_at, hints=hints, **options)
    except ExtractionError:
        return None


def _run(task: Callable[[], Any]) -> Any:
    return task()
