"""Extraction of saved HTML files (``tradepress extract``): each file's record, in input order,
extracted in this process or by a pool of worker processes (one per CPU for a long manifest).

A file is read by whoever extracts it, so only its path and the record cross between
processes; a file that cannot be read or extracted gives an object with an ``error`` key, and
the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from pipelines.lifeline import extraction_pool, in_order

# A manifest this long is extracted by a pool (one worker per CPU) unless told otherwise: below
# it, starting the pool costs more than it saves.
POOL_PAGES = 50


def extract_saved(entries: list[dict], options_for, workers: int) -> Iterator[dict]:
    """``{"file", "url", ..., record fields}`` or ``{"file", "error"}`` for each entry
    (``{"file", "path"?, "url"?, "fetched_at"?}``), in order; ``options_for(url)``: the site
    profile's extraction options for a page; ``workers``: 0 extracts in this process."""
    with extraction_pool(workers) as pool:
        tasks = (((entry["file"],), partial(extract_file, entry, options_for(entry.get("url"))))
                 for entry in entries)
        # twice as many pages in flight as workers can take at once: none waits for the next
        for _, out in in_order(tasks, pool, window=4 * max(workers, 1)):
            yield out


def extract_file(entry: dict, options: dict[str, Any]) -> dict:
    """One saved page's JSON object: its record, or the one-line error that stopped it."""
    from pipelines.extract import extract_article

    out: dict[str, Any] = {"file": entry["file"]}
    try:
        html = Path(entry.get("path") or entry["file"]).read_bytes()
        record = extract_article(html, entry.get("url"), fetched_at=entry.get("fetched_at"),
                                 **options)
        out.update(record)
        out["url"] = entry.get("url") or record.get("url")
    except Exception as e:  # one bad page must not stop the run
        out["error"] = f"{type(e).__name__}: {e}".splitlines()[0]
    return out
