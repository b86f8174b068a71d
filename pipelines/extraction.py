"""The extraction stage: the thin Scrapy pipeline over :func:`pipelines.extract.extract_article`."""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from pipelines.extract import ExtractionError, extract_article
from pipelines.items import FetchFailure, Page
from pipelines.lifeline import worker_pool

logger = logging.getLogger(__name__)


class ExtractionPipeline:
    """Fill ``Page.record`` with :func:`extract_article`'s result; a page that cannot be
    extracted becomes a recorded failure, and the crawl goes on. A page that is not an article
    is kept all the same (``is_article`` False: the storage stage stores it as such); a page
    published before the spider's ``since`` is marked ``skipped`` (never stored).

    Extraction runs in a pool of worker processes (``TRADEPRESS_EXTRACT_WORKERS``: the number
    of cores by default, 0 for inline in the crawl process), off the crawl engine's event loop.
    Scrapy waits for each item's extraction before taking more (``CONCURRENT_ITEMS``), so
    downloads cannot outrun extraction without bound. The records are the same either way.
    """

    def __init__(self, crawler, workers: int):
        self.crawler = crawler
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        setting = crawler.settings.get("TRADEPRESS_EXTRACT_WORKERS")
        workers = os.cpu_count() or 1 if setting in (None, "", "auto") else int(setting)
        return cls(crawler, max(0, workers))

    def open_spider(self) -> None:
        if self.workers:
            # forkserver workers (none of the engine's threads and sockets) that end when the
            # crawl process does, even killed outright (see pipelines.lifeline)
            self.pool = worker_pool(self.workers, preload=("pipelines.extract.warm",))
            self.crawler.stats.set_value("tradepress/extract_workers", self.workers)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None

    async def process_item(self, item):
        if not isinstance(item, Page):
            return item
        profile = getattr(self.crawler.spider, "profile", None)
        stats = self.crawler.stats
        if item.status == 304:  # a re-check: the archived version still stands
            item.record = {"is_article": True, "not_modified": True}
            return item
        if item.status in (404, 410):  # a re-check: the page has gone; the archive keeps it
            item.record = {"is_article": True, "gone": True}
            return item
        # the profile's word on the page's URLs is evidence: an article URL is an article
        # unless the page itself says plainly otherwise
        options = profile.extract_options(item.url, item.requested_url) if profile else {}
        task = partial(extract_article, item.text, item.url, fetched_at=item.fetched_at,
                       hints=item.hints, **options)
        try:
            if self.pool is None:
                item.record = task()
            else:
                item.record = await asyncio.get_running_loop().run_in_executor(self.pool, task)
        except Exception as e:  # noqa: BLE001 - one bad page must never stop a crawl
            reason = str(e) if isinstance(e, ExtractionError) else f"{type(e).__name__}: {e}"
            logger.warning("cannot extract %s: %s", item.url, reason)
            stats.inc_value("tradepress/failures")
            stats.inc_value("tradepress/failures/extraction")
            return FetchFailure(url=item.url, site=item.site, status=item.status,
                                error=f"not extracted: {reason}"[:500], failed_at=item.fetched_at,
                                reason="extraction")
        since = getattr(self.crawler.spider, "since", None)
        published = item.record.get("published") or ""
        if since and published and published[:10] < since:
            # not stored at all (an article or not): the storage stage drops skipped records
            item.record["skipped"] = "before-since"
            stats.inc_value("tradepress/skipped_before_since")
        return item
