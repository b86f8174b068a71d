"""The single writer of a distributed crawl: drain the record queue into the archive.

    tradepress ingest --redis redis://127.0.0.1:6379/0 [--db PATH] [--idle SECONDS]

Reliable-queue pattern: a message is moved (``BLMOVE``/``LMOVE``) from ``tradepress:records``
to ``tradepress:records:processing``, a batch of them is written in one transaction, and only
after the commit are they removed from the processing list. On start, whatever a killed writer
left in the processing list is moved back to the queue and written again: writes are idempotent
(articles by URL and content hash, captures by URL, fetch time and body hash, failures by URL,
time and reason), so a message written twice is stored once. A WARC record whose batch was
rolled back by a crash is written again with its capture (the first copy is never pointed at).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import redis

from pipelines.archive.captures import deflate_body, insert_capture
from pipelines.archive.store import Archive
from pipelines.archive.warc import Capture, WarcWriter, warc_name
from pipelines.items import FetchFailure, Page
from pipelines.recordqueue import (
    PROCESSING,
    RECORDS,
    REJECTED,
    decode,
    failure_of,
    page_of,
    unpack_body,
)
from pipelines.storage import outcome_counters

logger = logging.getLogger(__name__)
KINDS = ("capture", "page", "failure")


class Ingest:
    def __init__(self, server: redis.Redis, archive: Archive, warc_dir: Path,
                 batch_size: int = 50):
        self.server = server
        self.archive = archive
        self.warc_dir = warc_dir
        self.batch_size = batch_size
        self.writer: WarcWriter | None = None
        self.counts: Counter[str] = Counter()
        self.crawls: set[int] = set()

    def recover(self) -> int:
        """Put back what a killed writer had taken and not committed; return how many."""
        moved = 0
        while self.server.lmove(PROCESSING, RECORDS, "LEFT", "RIGHT") is not None:
            moved += 1
        return moved

    def take(self, wait: int) -> list[Any]:
        first = self.server.blmove(RECORDS, PROCESSING, wait, "RIGHT", "LEFT")
        if first is None:
            return []
        batch = [first]
        while len(batch) < self.batch_size:
            data = self.server.lmove(RECORDS, PROCESSING, "RIGHT", "LEFT")
            if data is None:
                break
            batch.append(data)
        return batch

    def write(self, batch: list[Any]) -> None:
        """Write a batch in one transaction, then acknowledge it."""
        messages = []
        for data in batch:
            try:
                message = decode(data)
                if not isinstance(message, dict) or message.get("type") not in KINDS:
                    raise ValueError("not a tradepress record")
                messages.append(message)
            except (ValueError, UnicodeDecodeError, json.JSONDecodeError) as e:
                # never written, never retried for ever: kept aside for a person to look at
                logger.warning("rejected a message of the record queue: %s", e)
                self.server.lpush(REJECTED, data)
                self.counts["rejected"] += 1
        db = self.archive.db
        with db.atomic():
            for message in messages:
                crawl_id = message.get("crawl_id") or None
                if crawl_id:
                    self.crawls.add(crawl_id)
                if message["type"] == "capture":
                    self.counts["captures" if self.write_capture(message) else
                                "captures_again"] += 1
                elif message["type"] == "page":
                    page = page_of(message)
                    page.capture_id = self.capture_of(page)
                    outcome = self.archive.write_batch(crawl_id, [page])[0]
                    self.counts.update(outcome_counters(page, outcome))
                elif message["type"] == "failure":
                    failure = failure_of(message)
                    if not self.failure_known(crawl_id, failure):
                        self.archive.write_batch(crawl_id, [failure])
                        self.counts["failures"] += 1
        pipe = self.server.pipeline()
        for data in batch:
            pipe.lrem(PROCESSING, 1, data)
        pipe.execute()

    def write_capture(self, message: dict[str, Any]) -> bool:
        body = unpack_body(message["body"])
        deflated = deflate_body(body)  # once, for the WARC record and `bodies`
        digest = deflated.sha256 if body else None
        db = self.archive.db
        if db.execute("select 1 from captures where url = ? and fetched_at = ? and "
                      "body_sha256 is ? and crawl_id is ?",
                      [message["url"], message["fetched_at"], digest,
                       message.get("crawl_id") or None]).fetchone():
            return False
        if self.writer is None:
            self.warc_dir.mkdir(parents=True, exist_ok=True)
            self.writer = WarcWriter(self.warc_dir / warc_name(
                f"ingest-{os.getpid()}", 0, datetime.now(UTC)),
                info={"software": "tradepress ingest"})
        headers = [tuple(h) for h in message["headers"]]
        warc_file, offset = self.writer.write(Capture(
            url=message["url"], status=message["status"], reason="", headers=headers,
            body=body, fetched_at=message["fetched_at"],
            request_headers=[tuple(h) for h in message["request_headers"]],
            method=message.get("method", "GET")), deflated)
        insert_capture(db, crawl_id=message.get("crawl_id") or None, site=message["site"],
                       kind=message["kind"], url=message["url"],
                       requested_url=message["requested_url"], status=message["status"],
                       reason="", headers=headers, redirects=message["redirects"], body=body,
                       fetched_at=message["fetched_at"], warc_file=warc_file,
                       warc_offset=offset, hints=message.get("hints"), deflated=deflated)
        return True

    def capture_of(self, page: Page) -> int | None:
        """The capture the page was extracted from (pushed before it by the same worker)."""
        row = self.archive.db.execute(
            "select id from captures where url = ? and fetched_at = ? and body_sha256 is ? "
            "order by id desc limit 1",
            [page.url, page.fetched_at,
             hashlib.sha256(page.body).hexdigest() if page.body else None]).fetchone()
        return row[0] if row else None

    def failure_known(self, crawl_id: int | None, failure: FetchFailure) -> bool:
        return self.archive.db.execute(
            "select 1 from failures where crawl_id is ? and url = ? and failed_at = ? and "
            "reason = ? and error = ?",
            [crawl_id, failure.url, failure.failed_at, failure.reason, failure.error]
        ).fetchone() is not None

    def work_left(self) -> bool:
        """Whether any distributed crawl still has requests queued or being worked."""
        return any(self.server.scan_iter(match="tradepress:*:requests", count=100)) or any(
            self.server.scan_iter(match="tradepress:*:leases", count=100))

    def finish_crawls(self) -> None:
        """Record the crawls whose records this run wrote as finished, with their counts."""
        db = self.archive.db
        for crawl_id in sorted(self.crawls):
            def count(sql: str, crawl_id: int = crawl_id) -> int:
                return int(db.execute(sql, [crawl_id]).fetchone()[0])
            self.archive.finish_crawl(crawl_id, "finished", {
                "captures": count("select count(*) from captures where crawl_id = ?"),
                "pages_fetched": count("select count(*) from captures where crawl_id = ?"),
                "failures": count("select count(*) from failures where crawl_id = ?"),
                "articles_new": count("select count(*) from articles where crawl_id = ? "
                                      "and is_article"),
                "non_articles": count("select count(*) from articles where crawl_id = ? "
                                      "and not is_article"),
            })

    def run(self, idle: float | None, wait: int = 1,
            stop: Callable[[], bool] = lambda: False) -> None:
        """Drain the queue; with ``idle``, return once the queue has been empty and no crawl
        has had work left for that many seconds (else run until ``stop()`` says so, looked at
        between batches and at least every ``wait`` seconds)."""
        quiet_since = time.monotonic()
        while not stop():
            batch = self.take(wait)
            if batch:
                self.write(batch)
                quiet_since = time.monotonic()
                continue
            if self.work_left():
                quiet_since = time.monotonic()
            elif idle is not None and time.monotonic() - quiet_since >= idle:
                self.finish_crawls()
                return

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
