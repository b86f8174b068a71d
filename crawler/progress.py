"""What a person watching a crawl sees on stderr: a progress line, and each failed URL."""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from pipelines.items import FetchFailure


def progress_line(stats: dict, name: str) -> str:
    """One line such as ``civic-ledger: 12 pages fetched, 8 articles archived, 0 failed``."""
    pages = stats.get("response_received_count", 0)
    archived = stats.get("tradepress/articles_new", 0) + stats.get("tradepress/articles_updated", 0)
    unchanged = stats.get("tradepress/articles_unchanged", 0)
    gone = stats.get("tradepress/articles_gone", 0)
    errors = stats.get("tradepress/failures", 0)
    extra = (f", {unchanged} unchanged" if unchanged else "") + (f", {gone} gone" if gone else "")
    return f"{name}: {pages} pages fetched, {archived} articles archived{extra}, {errors} failed"


class Progress:
    """Print :func:`progress_line` every ``TRADEPRESS_PROGRESS_INTERVAL`` seconds."""

    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.task = None

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("TRADEPRESS_PROGRESS_INTERVAL")
        if not interval:
            raise NotConfigured
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def spider_opened(self, spider):
        self.task = create_looping_call(self.show, spider)
        self.task.start(self.interval, now=False)

    def show(self, spider):
        line = progress_line(self.crawler.stats.get_stats(), spider.label)
        print(line, file=sys.stderr, flush=True)

    def item_scraped(self, item, spider):
        # A site crawl reports each failed URL as it happens; `crawl --url` reports at the end.
        if isinstance(item, FetchFailure) and getattr(spider, "profile", None) is not None:
            print(f"{spider.label}: failed {item.url}: {item.error}", file=sys.stderr, flush=True)

    def spider_closed(self, spider, reason):
        if self.task and self.task.running:
            self.task.stop()
