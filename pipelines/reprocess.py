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
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from pipelines.archive.captures import unpack_body
from pipelines.archive.runs import finish_task, start_task, task_progress, task_rows
from pipelines.archive.store import Archive, content_hash
from pipelines.extract import EXTRACTOR_VERSION, ExtractionError, extract_article
from pipelines.extract.encoding import decode_html
from pipelines.lifeline import extraction_pool, in_order

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
    counts["without_capture"] = archive.db.execute(
        "select count(*) from articles where capture_id is null").fetchone()[0]
    with extraction_pool(workers) as pool:
        pages = _stored_pages(archive, site, since, options_for, batch)
        # twice as many pages in flight as workers can take at once: the workers never wait
        # for this process to read the next pages or write the last records
        for stored, record in in_order(pages, pool, window=4 * max(workers, 1)):
            counts[_rewrite(archive, stored, record)] += 1
            done += 1
            if done % batch == 0:
                progress(done)
        if done % batch:
            progress(done)
        return counts


def _stored_pages(archive: Archive, site: str | None, since: str | None,
                  options_for: OptionsFor, batch: int) -> Iterator[tuple[tuple, Callable]]:
    """Each stored page (its article's stored fields) and the task that re-extracts it from
    its capture's compressed body (unpacked and decoded by whoever runs the task), read a
    batch at a time."""
    where, params = ["a.capture_id is not null"], []
    if site:
        where.append("a.site = ?")
        params.append(site)
    if since:
        where.append("coalesce(a.published, a.fetched_at) >= ?")
        params.append(since)
    last_id = 0
    while True:
        rows = archive.db.execute(
            f"""select a.id, a.version, a.is_article, a.not_article_reason, a.content_hash,
                       a.extractor_version, a.site, c.url, c.requested_url, c.fetched_at,
                       b.data, c.hints, c.content_type
                from articles a join captures c on c.id = a.capture_id
                     left join bodies b on b.sha256 = c.body_sha256
                where {' and '.join(where)} and a.id > ? order by a.id limit ?""",
            [*params, last_id, batch]).fetchall()
        if not rows:
            return
        for row in rows:
            *stored, row_site, url, requested_url, fetched_at, data, hints, content_type = row
            yield tuple(stored), partial(
                _extract, data, content_type, url, fetched_at,
                json.loads(hints) if hints else None, options_for(row_site, url, requested_url))
        last_id = rows[-1][0]


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


def _extract(data: bytes | None, content_type: str | None, url: str, fetched_at: str,
             hints: dict | None, options: dict[str, Any]) -> dict[str, Any] | None:
    """Extract a stored page from its ``bodies`` row's data (run in a worker: the body
    travels compressed)."""
    html = decode_html(unpack_body(data), content_type)[0]
    try:
        return extract_article(html, url, fetched_at=fetched_at, hints=hints, **options)
    except ExtractionError:
        return None
