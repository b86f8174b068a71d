"""Re-extraction: run the current extractor over stored captures, without the network.

Each archived article is re-extracted from the capture its record came from; a record whose
extraction changed is rewritten and stamped with the extractor's version. Articles are read a
batch at a time, so memory does not grow with the archive. Running it twice changes nothing
the second time.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from pipelines.captures import read_body
from pipelines.extract import EXTRACTOR_VERSION, ExtractionError, extract_article
from pipelines.store import Archive, content_hash


def reprocess(archive: Archive, *, site: str | None = None, since: str | None = None,
              hints_for: Callable[[str | None], dict[str, Any]] = lambda site: {},
              batch: int = 100) -> Counter:
    """Re-extract the archive's articles; return counts of updated, unchanged, skipped."""
    counts: Counter = Counter()
    where, params = ["a.capture_id is not null"], []
    if site:
        where.append("a.site = ?")
        params.append(site)
    if since:
        where.append("coalesce(a.published, a.fetched_at) >= ?")
        params.append(since)
    counts["without_capture"] = archive.db.execute(
        "select count(*) from articles where capture_id is null").fetchone()[0]
    last_id = 0
    while True:
        rows = archive.db.execute(
            f"""select a.id, a.version, a.site, a.content_hash, a.extractor_version, c.url,
                       c.fetched_at, c.body_sha256, c.hints
                from articles a join captures c on c.id = a.capture_id
                where {' and '.join(where)} and a.id > ? order by a.id limit ?""",
            [*params, last_id, batch]).fetchall()
        if not rows:
            return counts
        for article_id, version, row_site, old_hash, old_version, url, fetched_at, sha, hints in (
                rows):
            try:
                record = extract_article(read_body(archive.db, sha), url, fetched_at=fetched_at,
                                         hints=json.loads(hints) if hints else None,
                                         **hints_for(row_site))
            except ExtractionError:
                counts["failed"] += 1
                continue
            if not record["is_article"]:
                counts["no_longer_an_article"] += 1  # kept as it was: a person should look
                continue
            if content_hash(record) == old_hash and old_version == EXTRACTOR_VERSION:
                counts["unchanged"] += 1
                continue
            archive.rewrite_extraction(article_id, version or 1, record)
            counts["updated"] += 1
        last_id = rows[-1][0]
