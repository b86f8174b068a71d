"""Run crawls in this process, from ``crawler.settings`` (so any working directory works)."""

from __future__ import annotations

import signal
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from crawler.settings import user_agent
from crawler.siteconfig import SiteProfile
from crawler.spiders.backfill import BackfillSpider
from crawler.spiders.opinion import OpinionSpider
from pipelines.lifeline import STOP_SIGNALS, note_stop

# `tradepress crawl` exits with this when it finished but some URLs failed (0: none failed;
# 1: the crawl could not run or fetched nothing; 2: a usage error).
PARTIAL_EXIT = 3


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The project's settings with command-line overrides on top."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    if "USER_AGENT" not in (overrides or {}):
        settings.set("USER_AGENT", user_agent(settings.get("TRADEPRESS_CONTACT_URL")),
                     priority="cmdline")
    return settings


@dataclass
class CrawlJob:
    profile: SiteProfile | None = None
    urls: list[str] = field(default_factory=list)
    max_articles: int | None = None
    since: str | None = None
    cookies: str | None = None  # a cookies.txt to crawl with (a subscriber's session)

    @property
    def label(self) -> str:
        return self.profile.name if self.profile else "urls"


@dataclass
class CrawlResult:
    label: str
    stats: dict[str, Any]

    def get(self, key: str) -> int:
        return int(self.stats.get(key, 0) or 0)

    @property
    def pages(self) -> int:
        return self.get("response_received_count")

    @property
    def archived(self) -> int:
        return self.get("tradepress/articles_new") + self.get("tradepress/articles_updated")

    @property
    def unchanged(self) -> int:
        return self.get("tradepress/articles_unchanged")

    @property
    def failures(self) -> int:
        return self.get("tradepress/failures")

    @property
    def failure_reasons(self) -> dict[str, int]:
        """Failed URLs by reason word (see crawler.fetch), most first."""
        return self.by_word("tradepress/failures/")

    @property
    def non_articles(self) -> int:
        """Pages fetched as articles and kept as non-articles."""
        return self.get("tradepress/non_articles")

    @property
    def non_article_reasons(self) -> dict[str, int]:
        """Pages kept as non-articles by reason word (``not_article_reason``), most first."""
        return self.by_word("tradepress/non_articles/")

    def by_word(self, prefix: str) -> dict[str, int]:
        counts = {k[len(prefix):]: int(v) for k, v in self.stats.items() if k.startswith(prefix)}
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    @property
    def finish_reason(self) -> str:
        return str(self.stats.get("finish_reason", "unknown"))


class CrawlProcess(AsyncCrawlerProcess):
    """Scrapy's process, noting the signal that stopped it (the command's exit status says
    which: see pipelines.lifeline)."""

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        note_stop(signum)
        super()._signal_shutdown(signum, frame)

    def _signal_shutdown_reactorless(self, signum: int, frame: Any) -> None:
        note_stop(signum)
        super()._signal_shutdown_reactorless(signum, frame)


def run_crawls(jobs: list[CrawlJob], overrides: dict[str, Any] | None = None) -> list[CrawlResult]:
    """Run the jobs side by side and return their stats once all have finished (or a
    SIGTERM/SIGINT has stopped them gracefully: Scrapy's own shutdown)."""
    process = CrawlProcess(project_settings(overrides))
    crawlers = []
    for job in jobs:
        crawler = process.create_crawler(OpinionSpider)
        crawlers.append((job, crawler))
        process.crawl(crawler, profile=job.profile, urls=job.urls,
                      max_articles=job.max_articles, since=job.since, cookies=job.cookies)
    saved = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    try:
        process.start()
    finally:  # Scrapy's handlers do nothing once its loop has stopped: put the caller's back
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    return [CrawlResult(job.label, crawler.stats.get_stats()) for job, crawler in crawlers]


def run_backfill(profile: SiteProfile, source: str, replay: str, since: str | None,
                 until: str | None, dry_run: bool, overrides: dict[str, Any] | None = None,
                 warc_prefix: str | None = None) -> tuple[CrawlResult, list]:
    """Run a backfill of ``profile``'s site from a web archive (see
    crawler.spiders.backfill); return its stats and, for a dry run, the (memento, its raw
    URL) pairs it would have fetched."""
    process = CrawlProcess(project_settings({"TRADEPRESS_TRIGGER": "backfill",
                                             **(overrides or {})}))
    crawler = process.create_crawler(BackfillSpider)
    process.crawl(crawler, profile=profile, source=source, replay=replay, since=since,
                  until=until, dry_run=dry_run, warc_prefix=warc_prefix)
    saved = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    try:
        process.start()
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    spider = crawler.spider
    return CrawlResult(profile.name, crawler.stats.get_stats()), list(
        getattr(spider, "planned", []))
