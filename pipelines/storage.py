"""The storage stage: write extracted records and fetch failures to the archive, in batches.

A thin Scrapy pipeline over :class:`pipelines.archive.store.Archive`: records are committed in
batches (``TRADEPRESS_BATCH_SIZE`` records, or whatever has waited five seconds), each batch in
one transaction, so a crash loses at most the batch in flight and never corrupts the archive.
Every page fetched as an article is stored, an article or not (``is_article``); only a page
the crawl was told to skip (``record["skipped"]``: published before ``--since``) is dropped.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import replace

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from pipelines.archive.database import error_line
from pipelines.archive.store import Archive
from pipelines.items import FetchFailure, Page

logger = logging.getLogger(__name__)


def stop_on_storage_error(crawler, db_path: str, error: BaseException) -> None:
    """The archive cannot be written (disk full, I/O error): stop the crawl, once, with the
    reason in the stats (``tradepress/storage_error``) for the command to report. What was
    committed before stays; the batch that failed was rolled back as a whole."""
    if crawler.stats.get_value("tradepress/storage_error"):
        return
    line = error_line(db_path, error)
    crawler.stats.set_value("tradepress/storage_error", line)
    logger.error("%s; stopping the crawl", line)
    if crawler.engine is not None and crawler.engine.spider is not None:
        deferred_from_coro(crawler.engine.close_spider_async(reason="storage_error"))


def outcome_counters(item: Page | FetchFailure, outcome: str) -> list[str]:
    """The counters (stats keys after ``tradepress/``) a written item adds one to, by the
    outcome :meth:`Archive.write_batch` gave it: ``articles_new``...; ``non_articles`` and
    ``non_articles/REASON`` for a page kept as a non-article; ``teasers`` too for an article
    that is a subscriber's teaser."""
    if outcome == "failure":
        return []  # counted where the failure was made
    if outcome == "non_article":
        reason = (getattr(item, "record", None) or {}).get("not_article_reason")
        return ["non_articles", f"non_articles/{reason}"]
    if outcome in ("non_article_rechecked", "no_longer_an_article"):
        return [outcome]
    if outcome in ("new", "updated", "unchanged") and (
            getattr(item, "record", None) or {}).get("paywalled"):
        return [f"articles_{outcome}", "teasers"]  # a subscriber's teaser, not the full text
    return [f"articles_{outcome}"]


def kept_for_writing(item: Page | FetchFailure) -> Page | FetchFailure:
    """What a batch holds until it is written: a page without its body (kept already, in its
    capture; writing a record never reads it), so a waiting batch costs its records, not a
    body a page."""
    return replace(item, body=b"") if isinstance(item, Page) else item


class StoragePipeline:
    """Write extracted records and fetch failures to the archive, in batches."""

    def __init__(self, crawler, db_path: str, batch_size: int):
        self.crawler = crawler
        self.db_path = db_path
        self.batch_size = batch_size
        self.pending: list[Page | FetchFailure] = []
        self.archive: Archive | None = None
        self.crawl_id: int | None = None
        self.flushed_at = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        db_path = crawler.settings.get("TRADEPRESS_DB")
        if not db_path:
            raise NotConfigured("set TRADEPRESS_DB to the archive's path, e.g. data/archive.db")
        pipeline = cls(crawler, db_path, crawler.settings.getint("TRADEPRESS_BATCH_SIZE", 50))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.archive = Archive(self.db_path)
        profile = getattr(spider, "profile", None)
        if profile is not None:
            self.archive.upsert_site(profile)
        site = profile.name if profile else None
        args = {"site": site, "urls": getattr(spider, "urls", []),
                "max_articles": getattr(spider, "max_articles", None),
                "since": getattr(spider, "since", None), **getattr(spider, "run_args", {})}
        self.crawl_id = self.archive.start_crawl(
            site, self.crawler.settings.get("TRADEPRESS_TRIGGER", "manual"), args,
            crawl_id=self.crawler.settings.getint("TRADEPRESS_CRAWL_ID") or None)
        self.crawler.stats.set_value("tradepress/crawl_id", self.crawl_id)

    def process_item(self, item):
        if isinstance(item, Page) and (item.record or {}).get("skipped"):
            return item  # counted by the extraction pipeline, never stored
        self.pending.append(kept_for_writing(item))
        if len(self.pending) >= self.batch_size or time.monotonic() - self.flushed_at > 5:
            self.flush()
        return item

    def flush(self) -> None:
        if not self.pending or self.archive is None:
            return
        try:
            outcomes = self.archive.write_batch(self.crawl_id, self.pending)
        except (sqlite3.Error, OSError) as e:  # a full disk: the batch was rolled back
            self.pending = []
            stop_on_storage_error(self.crawler, self.db_path, e)
            return
        for item, outcome in zip(self.pending, outcomes, strict=True):
            if outcome == "no_longer_an_article":
                logger.warning("%s was archived as an article and now reads as a non-article "
                               "(%s): its record is left as it was", item.url,
                               (getattr(item, "record", None) or {}).get("not_article_reason"))
            for key in outcome_counters(item, outcome):
                self.crawler.stats.inc_value(f"tradepress/{key}")
        self.pending = []
        self.flushed_at = time.monotonic()

    def close_spider(self) -> None:
        self.flush()

    def spider_closed(self, spider, reason):
        # After close_spider: the engine's final stats (responses received) are known here.
        if self.archive is None:
            return
        stats = self.crawler.stats
        counts = {
            "pages_fetched": stats.get_value("response_received_count", 0),
            "articles_new": stats.get_value("tradepress/articles_new", 0),
            "articles_updated": stats.get_value("tradepress/articles_updated", 0),
            "articles_unchanged": stats.get_value("tradepress/articles_unchanged", 0),
            "non_articles": stats.get_value("tradepress/non_articles", 0),
            "failures": stats.get_value("tradepress/failures", 0),
            "articles_gone": stats.get_value("tradepress/articles_gone", 0),
            "captures": stats.get_value("tradepress/captures", 0),
            "teasers": stats.get_value("tradepress/teasers", 0),
        }
        try:
            self.archive.finish_crawl(self.crawl_id, reason, counts)
        except (sqlite3.Error, OSError) as e:  # marked interrupted when next opened
            logger.error("cannot record the end of crawl %s: %s", self.crawl_id,
                         error_line(self.db_path, e))
        self.archive.close()
        self.archive = None
