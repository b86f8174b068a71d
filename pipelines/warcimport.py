"""The import stage: captures in WARC and ARC files made by other tools become records, as a
crawl's would (``tradepress import-warc``).

Every HTML response of a page the caller wants (``target``: the site profiles' article URLs,
or every page) becomes a capture (``source`` ``warc``, with the file, the WARC-Record-ID and
the record's offset as provenance, and the capture's own date as its fetch time) and goes
through the same extraction and storage as a crawl's page: records, versions by capture time
(:mod:`pipelines.archive.backdated`), failures with reasons. A copy of each response goes into
the archive's own WARC file, so the archive stands on its own if the file is moved.

- **Status**: a 2xx page is extracted; 404/410 says the page had gone at that time; a revisit
  record says it was seen again unchanged; a redirect is kept as a capture only; any other
  status is a failure (``http``). What cannot be read in a file (a record cut short, a file
  that is no WARC) is a failure (``warc``) naming the file and offset, and the import goes on
  with the next file.
- **Idempotent and resumable**: a response already kept (same WARC-Record-ID, or same URL,
  time and body) is passed over, so a second import adds nothing and an import killed midway
  finishes the work when run again. A batch of captures and their records is one
  transaction.
- **Streaming**: one record at a time from the file, a batch of pages in flight to the
  extraction workers; memory does not grow with the file.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from pipelines.archive.aliases import article_by_url
from pipelines.archive.captures import Provenance, deflate_body, insert_capture, known_capture
from pipelines.archive.store import Archive
from pipelines.archive.warc import Capture, WarcWriter, warc_name
from pipelines.archive.warcread import Entry, Problem, read_warc
from pipelines.extract import extract_article
from pipelines.extract.encoding import decode_html
from pipelines.items import FetchFailure, Page
from pipelines.lifeline import extraction_pool, in_order
from pipelines.storage import outcome_counters

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    """A page to import: its site's profile name (None: no profile) and the keyword
    arguments of ``extract_article`` for it (from the profile)."""

    site: str | None
    options: dict[str, Any] = field(default_factory=dict)
    profile: Any = None  # the site's profile, recorded in ``sites`` when first met


TargetOf = Callable[[str], Target | None]
"""``target_of(url)``: what to import a page at ``url`` as, or None to pass it over."""

Discover = Callable[[Entry], list[tuple[str, dict[str, Any]]]]
"""``discover(entry)``: the article links a feed or sitemap entry gives, with their hints (a
feed's date and title), as a crawl reads them; [] for any other entry."""


def import_warcs(archive: Archive, files: list[Path], target_of: TargetOf, warc_dir: Path, *,
                 discover: Discover | None = None,
                 site: str | None = None, args: dict[str, Any] | None = None,
                 workers: int = 0, batch: int = 50,
                 progress: Callable[[Path, Counter, bool], None] | None = None
                 ) -> tuple[int, Counter]:
    """Import the files; return the crawl's id (``crawls.trigger`` ``import``) and counts:
    ``records`` read, ``captures`` kept, ``articles_new``... (as a crawl counts them),
    ``already`` (kept before), ``passed_over`` (not a page wanted), ``not_html``,
    ``redirects``, ``failures``. ``progress(file, counts, done)`` is called every batch and
    at the end of each file.

    ``discover`` reads the feeds and sitemaps met in the files: the hints they give a page
    (its date, its title) go with the page to extraction, as in a crawl, when the feed comes
    before the page (as in a crawl's own WARC: discovery first)."""
    crawl_id = archive.start_crawl(site, "import", args or {"files": [str(f) for f in files]})
    counts: Counter = Counter()
    status = "failed"
    name = warc_name(site, crawl_id, datetime.now(UTC)).replace("tradepress-", "tradepress-import-")
    with extraction_pool(workers) as pool:
        job = _Import(archive, crawl_id, target_of, warc_dir / name, pool, counts,
                      4 * max(1, workers))
        job.discover = discover
        try:
            for path in files:
                job.import_file(Path(path), batch, progress)
            status = "finished"
        except KeyboardInterrupt:
            status = "shutdown"
            raise
        finally:
            if job.copy is not None:
                job.copy.close()
            try:
                archive.finish_crawl(crawl_id, status, crawl_counts(counts))
            except sqlite3.Error:
                pass  # the archive itself failed: the next open marks the run interrupted
    return crawl_id, counts


def crawl_counts(counts: Counter) -> dict[str, int]:
    """The ``crawls`` row's counts of an import."""
    return {"pages_fetched": counts["captures"], "captures": counts["captures"],
            "failures": counts["failures"], "non_articles": counts["non_articles"],
            "teasers": counts["teasers"],
            **{key: counts[key] for key in ("articles_new", "articles_updated",
                                            "articles_unchanged", "articles_gone")}}


class _Import:
    def __init__(self, archive: Archive, crawl_id: int, target_of: TargetOf, copy_path: Path,
                 pool, counts: Counter, window: int):
        self.archive = archive
        self.crawl_id = crawl_id
        self.target_of = target_of
        self.copy_path = copy_path  # the archive's own WARC file of the import, once needed
        self.copy: WarcWriter | None = None
        self.pool = pool
        self.counts = counts
        self.window = window  # pages in flight to the workers
        self.sites: set[str] = set()
        self.discover: Discover | None = None
        self.hints: dict[str, dict[str, Any]] = {}  # URL -> what the first feed said of it

    def import_file(self, path: Path, batch: int, progress) -> None:
        pending: list[tuple[Entry, Target]] = []
        try:
            for item in read_warc(path):
                if isinstance(item, Problem):
                    self.file_failure(path, f"offset {item.offset}: {item.error}")
                    continue
                self.counts["records"] += 1
                wanted = self.wanted(item)
                if wanted is not None:
                    pending.append((item, wanted))
                if len(pending) >= batch:
                    self.write(path, pending)
                    pending = []
                    if progress:
                        progress(path, self.counts, False)
        except OSError as e:
            self.file_failure(path, f"cannot read: {e.strerror or e}")
        self.write(path, pending)
        if progress:
            progress(path, self.counts, True)

    def wanted(self, entry: Entry) -> Target | None:
        """The entry's target, or None (counted) if it is passed over."""
        if not entry.url.lower().startswith(("http://", "https://")):
            return None
        if self.discover and entry.kind == "response" and (links := self.discover(entry)):
            self.counts["discovery"] += 1
            for url, hints in links:
                self.hints.setdefault(url, {k: v for k, v in hints.items() if v})
            return None
        target = self.target_of(entry.url)
        if target is None:
            self.counts["passed_over"] += 1
            return None
        if entry.kind == "response" and entry.status is not None and entry.status < 300 and \
                not is_html(entry.content_type, entry.body):
            self.counts["not_html"] += 1
            return None
        if known_capture(self.archive.db, entry.url, entry.date, entry.body, entry.record_id):
            self.counts["already"] += 1
            return None
        return target

    def write(self, path: Path, pending: list[tuple[Entry, Target]]) -> None:
        """Extract the batch's pages (in the workers), then keep each capture and write its
        record, the whole batch in one transaction."""
        tasks = ((pair, partial(_extract, pair[0], pair[1].options, self.hints.get(pair[0].url)))
                 for pair in pending)
        results = list(in_order(tasks, self.pool, self.window))
        db = self.archive.db
        with db.atomic():
            for (entry, target), record in results:
                if target.site and target.site not in self.sites and target.profile is not None:
                    self.archive.upsert_site(target.profile)
                    self.sites.add(target.site)
                item = self.item(entry, target, self.keep(path, entry, target), record)
                if item is None:
                    continue
                outcome = self.archive.write_batch(self.crawl_id, [item])[0]
                self.counts.update(outcome_counters(item, outcome))

    def keep(self, path: Path, entry: Entry, target: Target) -> int:
        """The entry as a capture (and, unless a revisit, a response record in the archive's
        own WARC file); return the capture's id."""
        deflated = deflate_body(entry.body) if entry.body else None
        warc_file = offset = None
        if entry.kind == "response":
            if self.copy is None:
                self.copy = new_warc(self.copy_path)
            warc_file, offset = self.copy.write(Capture(
                url=entry.url, status=entry.status or 200, reason=entry.reason,
                headers=entry.headers, body=entry.body, fetched_at=entry.date), deflated,
                request=False)
        self.counts["captures"] += 1
        return insert_capture(
            self.archive.db, crawl_id=self.crawl_id, site=target.site, kind="article",
            url=entry.url, requested_url=entry.url, status=entry.status or 200,
            reason=entry.reason, headers=entry.headers, redirects=[], body=entry.body,
            fetched_at=entry.date, warc_file=warc_file, warc_offset=offset, deflated=deflated,
            hints=self.hints.get(entry.url),
            provenance=Provenance("warc", str(path.resolve()), entry.record_id, entry.offset))

    def item(self, entry: Entry, target: Target, capture_id: int,
             record: dict[str, Any] | str | None) -> Page | FetchFailure | None:
        """What the archive is told of the entry: a page with its record, a re-check (revisit,
        gone), a failure; None for a redirect (its capture is all there is)."""
        status = entry.status or 200
        if entry.kind == "revisit":
            record = {"is_article": True, "not_modified": True}
        elif status in (404, 410) and article_by_url(self.archive.db, entry.url):
            record = {"is_article": True, "gone": True}  # (an unknown page's 404 is a failure)
        elif 300 <= status < 400:
            self.counts["redirects"] += 1
            return None
        elif status >= 400 or not isinstance(record, dict):
            self.counts["failures"] += 1
            reason = "http" if status >= 400 else "extraction"
            error = f"HTTP {status}" if status >= 400 else f"not extracted: {record}"
            return FetchFailure(url=entry.url, site=target.site, status=status,
                                error=error[:500], failed_at=entry.date, reason=reason)
        return Page(url=entry.url, requested_url=entry.url, status=status,
                    headers=dict(entry.headers), body=b"", encoding="utf-8",
                    fetched_at=entry.date, site=target.site, source="warc",
                    hints=self.hints.get(entry.url) or {}, capture_id=capture_id, record=record)

    def file_failure(self, path: Path, error: str) -> None:
        """A file (or the rest of it) that cannot be read: one failure, recorded once."""
        logger.warning("%s: %s", path, error)
        self.counts["failures"] += 1
        where = str(path.resolve())
        db = self.archive.db
        if db.execute("select 1 from failures where url = ? and error = ? and reason = 'warc'",
                      [where, error[:500]]).fetchone():
            return
        self.archive.write_batch(self.crawl_id, [FetchFailure(
            url=where, site=None, status=None, error=error[:500],
            failed_at=datetime.now(UTC).isoformat(timespec="seconds"), reason="warc",
            kind="warc")])


def new_warc(path: Path) -> WarcWriter:
    """A new WARC file at ``path``, or beside it (``-2``, ``-3``...) if another import into
    the same folder took that name in the same second."""
    for n in range(1, 1000):
        candidate = path if n == 1 else path.with_name(path.name.replace(".warc.gz",
                                                                         f"-{n}.warc.gz"))
        try:
            return WarcWriter(candidate, info={"description": "tradepress import"})
        except FileExistsError:
            continue
    raise FileExistsError(f"no free WARC file name beside {path}")


def is_html(content_type: str | None, body: bytes) -> bool:
    """True for an HTML page: by its Content-Type, else by its first bytes."""
    if content_type:
        return "html" in content_type.lower()
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _extract(entry: Entry, options: dict[str, Any],
             hints: dict[str, Any] | None) -> dict[str, Any] | str | None:
    """The record of a 2xx page (run in a worker), the error's line if extraction failed, or
    None for an entry that is not extracted."""
    if entry.kind != "response" or not (200 <= (entry.status or 200) < 300):
        return None
    html = decode_html(entry.body, entry.content_type)[0]
    try:
        return extract_article(html, entry.url, fetched_at=entry.date, hints=hints, **options)
    except Exception as e:  # noqa: BLE001 - one bad page must never stop an import
        return f"{type(e).__name__}: {e}".splitlines()[0][:300]

