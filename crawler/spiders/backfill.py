"""The back catalogue from a web archive: a site's article captures, from a CDX index server.

    scrapy crawl backfill -a site=nursing-times -a source=https://web.archive.org/cdx/search/cdx

It asks the index for every capture under the site's base URL (between ``since`` and
``until``), keeps those of article URLs (the profile's patterns) that are HTML, drops a capture
whose digest is the one before's for that URL (unchanged), and fetches each one left in raw
``id_`` mode: the bytes the archive holds, as the site sent them. Each becomes a
:class:`pipelines.items.Page` with the original URL and the memento's datetime as its fetch
time (``source`` ``web-archive``), so the pipelines store it as a crawl's page, in its place
among the article's versions. Only the archive's host is ever asked (robots.txt, politeness,
Retry-After as for any crawl); redirects are not followed (a captured redirect points at the
live site). Captures already kept from the archive are not fetched again: a run that was
killed finishes when run again. With ``dry_run`` nothing but the index is fetched and
``planned`` lists what would be.
"""

from __future__ import annotations

from typing import Any

import scrapy

from crawler.cdx import (
    Archived,
    Memento,
    archived,
    collapse,
    memento_url,
    parse_cdx,
    query_url,
    record_range,
    url_prefix,
)
from crawler.discovery import links_in
from crawler.extensions import header_pairs
from crawler.siteconfig import SiteProfile
from crawler.spiders.opinion import OpinionSpider
from crawler.targets import bounds_for, host_of
from pipelines.archive.captures import known_mementos
from pipelines.items import Page

INDEX_PAGE = 10_000  # captures asked for at a time from a server that pages its answers


class BackfillSpider(OpinionSpider):
    name = "backfill"

    def __init__(self, source: str = "", replay: str = "", until: str | None = None,
                 dry_run: bool = False, warc_prefix: str | None = None, **kwargs: Any):
        self.captured_since = kwargs.pop("since", None)  # capture dates, not publication dates
        super().__init__(**kwargs)
        self.source = source
        self.replay = replay
        self.warc_prefix = warc_prefix  # where the index's WARC files are (Common Crawl's)
        self.until = until
        self.dry_run = dry_run
        self.planned: list[tuple[Memento, str]] = []
        self.kept: set[tuple[str, str]] = set()  # (URL, time) of mementos kept before
        self.articles: list[Memento] = []   # the index's article captures
        self.feeds: list[Memento] = []  # ... and those of the site's feeds and sitemaps
        self.hints: dict[str, dict[str, Any]] = {}  # what the archived feeds say of a URL
        self.feeds_left = 0  # feeds and sitemaps being fetched before the articles
        self.run_args = {"source": source, "captured_since": self.captured_since,
                         "until": until, "dry_run": dry_run}

    def open_session(self, cookies: str | None) -> bool:
        return False  # an archive's captures are read, never the live site as a subscriber

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.profile is None:
            raise ValueError("a backfill needs a site (-a site=NAME)")
        archive = [host_of(spider.source)] + (
            [host_of(spider.warc_prefix)] if spider.warc_prefix else [])
        spider.allowed_domains = archive
        spider.bounds = bounds_for(archive, archive,
                                   crawler.settings.getlist("TRADEPRESS_ALLOWED_HOSTS"))
        spider.kept = known_mementos(crawler.settings.get("TRADEPRESS_DB"), spider.profile.name)
        return spider

    @property
    def site(self) -> SiteProfile:
        assert self.profile is not None  # (from_crawler refuses a backfill without one)
        return self.profile

    @property
    def discovery_urls(self) -> set[str]:
        return {*self.site.start_feeds, *self.site.start_sitemaps}

    async def start(self):
        yield self.index_request()

    def index_request(self, resume_key: str | None = None) -> scrapy.Request:
        url = query_url(self.source, url_prefix(self.site.base_url), self.captured_since,
                        self.until, INDEX_PAGE, resume_key)
        return scrapy.Request(url, self.parse_index, errback=self.failed, dont_filter=True,
                              meta={"tradepress_kind": "index"})

    def parse_index(self, response):
        try:
            mementos, resume_key = parse_cdx(response.text)
        except ValueError as e:
            yield self.failure(response.url, "malformed", f"malformed index answer: {e}",
                               kind="index", status=response.status)
            return
        self.crawler.stats.inc_value("tradepress/index_captures", len(mementos))
        for memento in mementos:
            if memento.url in self.discovery_urls and memento.status in (None, 200):
                self.feeds.append(memento)
            elif (self.site.is_article_url(memento.url) and "html" in memento.mime.lower()
                  and memento.status in (None, 200, 404, 410)):
                self.articles.append(memento)
        if resume_key:
            yield self.index_request(resume_key)
            return
        if len(mementos) >= INDEX_PAGE:
            self.logger.warning("the index gave its first %s captures only: narrow the dates "
                                "(--since, --until) to see the rest", len(mementos))
        # the site's feeds and sitemaps as archived come first (when there are pieces left
        # to fetch): the dates and titles they give the pieces go with them to extraction,
        # as in a crawl
        self.articles = collapse(self.articles)
        left = any((m.url, m.when) not in self.kept for m in self.articles)
        feeds = collapse(self.feeds) if left and not self.dry_run else []
        self.feeds_left = len(feeds)
        for memento in feeds:
            kind = "sitemap" if memento.url in self.site.start_sitemaps else "feed"
            yield self.memento_request(memento, self.parse_discovery, kind,
                                       errback=self.discovery_failed)
        if not self.feeds_left:
            yield from self.article_requests()

    def parse_discovery(self, response):
        held = self.held(response)
        if not isinstance(held, str) and held.status == 200:
            for url, hints in links_in(held.body, response.meta["tradepress_memento"][
                    "original"]):
                self.hints.setdefault(url, {k: v for k, v in hints.items() if v})
        yield from self.discovery_done()

    def discovery_failed(self, failure):
        yield from self.failed(failure)
        yield from self.discovery_done()

    def discovery_done(self):
        self.feeds_left -= 1
        if self.feeds_left == 0:
            yield from self.article_requests()

    def article_requests(self):
        stats = self.crawler.stats
        for memento in self.articles:
            if (memento.url, memento.when) in self.kept:
                stats.inc_value("tradepress/already_kept")
            elif self.dry_run:
                where = record_range(self.warc_prefix, memento) if self.warc_prefix else None
                self.planned.append((memento, f"{where[0]} ({where[1]})" if where
                                     else memento_url(self.replay, memento)))
            else:
                yield self.memento_request(memento, self.parse_memento, "article")

    def memento_request(self, memento: Memento, callback, kind: str,
                        errback=None) -> scrapy.Request:
        """The memento's raw bytes (replayed in ``id_`` mode, or its WARC record's byte range
        where the index has no replay); its redirects and error statuses are its own (not
        followed, not errors), and it is kept as the capture of the original URL."""
        meta: dict[str, Any] = {
            "tradepress_kind": kind, "dont_redirect": True, "handle_httpstatus_all": True,
            "tradepress_hints": self.hints.get(memento.url) or None,
            "tradepress_memento": {"original": memento.url, "datetime": memento.when}}
        where = record_range(self.warc_prefix, memento) if self.warc_prefix else None
        if where is None:
            return scrapy.Request(memento_url(self.replay, memento), callback,
                                  errback=errback or self.failed, meta=meta)
        meta["tradepress_memento"].update(record=True, offset=memento.offset)
        return scrapy.Request(where[0], callback, errback=errback or self.failed, meta=meta,
                              headers={"Range": where[1]}, dont_filter=True)

    @staticmethod
    def held(response) -> Archived | str:
        """What the archive holds of the capture (as the capture extension read it, when it
        did), or why its answer is not a capture."""
        if (held := response.meta.get("tradepress_held")) is not None:
            return held
        try:
            return archived(response.meta["tradepress_memento"], response.status,
                            header_pairs(response.headers), response.body)
        except ValueError as e:
            return f"{response.url}: {e}"

    def parse_memento(self, response):
        """A memento as the site served it then: a page to extract (200), a page gone (404,
        410, if archived before); a captured redirect is kept as a capture only."""
        memento = response.meta["tradepress_memento"]
        self.crawler.stats.inc_value("tradepress/mementos_fetched")
        held = self.held(response)
        if isinstance(held, str):
            yield self.failure(memento["original"], "not-archived", held,
                               status=response.status)
            return
        known = memento["original"] in self.known
        if 300 <= held.status < 400 or (held.status in (404, 410) and not known):
            self.crawler.stats.inc_value("tradepress/mementos_not_pages")
            return
        if held.status not in (200, 404, 410):
            yield self.failure(memento["original"], "http", f"archived with HTTP {held.status}",
                               status=held.status)
            return
        yield Page(url=memento["original"], requested_url=memento["original"],
                   status=held.status, headers=dict(held.headers), body=held.body,
                   encoding=encoding_of(held.headers), fetched_at=held.when,
                   site=self.site.name, source="web-archive",
                   hints=dict(self.hints.get(memento["original"]) or {}),
                   capture_id=response.meta.get("tradepress_capture_id"))


def encoding_of(headers: list[tuple[str, str]]) -> str:
    """The charset a Content-Type names, else UTF-8 (extraction decides from the bytes)."""
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    charset = content_type.lower().partition("charset=")[2].split(";")[0].strip(' "')
    return charset or "utf-8"
