"""The one generic spider: a site profile's feeds, sitemaps and listing pages lead to article pages.

    scrapy crawl opinion -a site=civic-ledger
    scrapy crawl opinion -a urls=https://example.com/a.article,https://example.com/b.article

Discovery only finds URLs; every article page is handed on as a :class:`pipelines.items.Page`
for the pipelines to extract and store. Failures become :class:`pipelines.items.FetchFailure`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.discovery import (
    MAX_SITEMAP_BYTES,
    feed_links,
    gunzip,
    malformed,
    sitemap_links,
)
from crawler.fetch import canonical_href, classify, clean_url, not_a_page, recheck_due, refusal
from crawler.session import redacted
from crawler.siteconfig import SiteProfile, find_profile, profile_dirs
from crawler.spiders.signin import SignIn
from crawler.targets import Bounds, bounds_for, host_of, on_site
from pipelines.archive.store import known_articles
from pipelines.items import FetchFailure, Page

NEXT_PAGE_DEFAULT = "a[rel~=next], link[rel~=next]"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class OpinionSpider(SignIn, scrapy.Spider):
    name = "opinion"

    def __init__(
        self,
        site: str | None = None,
        urls: str | list[str] | None = None,
        profile: SiteProfile | None = None,
        max_articles: int | str | None = None,
        since: str | None = None,
        base_url: str | None = None,
        cookies: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.site_name = site
        self.profile = profile
        if isinstance(urls, str):
            urls = [u for u in urls.split(",") if u.strip()]
        self.urls = [u.strip() for u in urls or []]
        self.max_articles = int(max_articles) if max_articles else None
        self.since = since[:10] if since else None
        self.base_url = base_url
        self.cookies_file = cookies  # a cookies.txt to crawl as a subscriber (--cookies)
        self.session_open = False
        self.seen: set[str] = set()
        self.new_articles = 0
        self.known: dict[str, dict[str, Any]] = {}  # archived articles, by URL
        self.distributed = False
        self.bounds = Bounds(())

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.profile is None and spider.site_name:
            dirs = profile_dirs(crawler.settings.getlist("TRADEPRESS_SITES_DIRS"))
            spider.profile = find_profile(spider.site_name, dirs)
        if spider.profile is not None and spider.base_url:
            spider.profile = spider.profile.with_base_url(spider.base_url)
        if spider.profile is None and not spider.urls:
            raise ValueError("give a site (-a site=NAME) or article URLs (-a urls=URL,URL)")
        if spider.profile is not None:
            spider.allowed_domains = spider.profile.domains
        spider.bounds = spider.site_bounds(crawler.settings.getlist("TRADEPRESS_ALLOWED_HOSTS"))
        spider.session_open = spider.open_session(spider.cookies_file)
        # a distributed worker works the shared queue: the seeder queued the discovery requests,
        # the shared duplicate filter (not `seen`, which is this process's) keeps each article
        # fetched once, and the archive is the ingest writer's, not the worker's
        spider.distributed = bool(crawler.settings.get("TRADEPRESS_REDIS_URL"))
        if spider.distributed:
            return spider
        spider.known = known_articles(crawler.settings.get("TRADEPRESS_DB"),
                                      spider.profile.name if spider.profile else None,
                                      spider.urls)
        return spider

    @property
    def label(self) -> str:
        return self.profile.name if self.profile else "urls"

    # -- discovery ---------------------------------------------------------------------------

    async def start(self):
        if self.session_open:  # a subscriber's crawl: signed in first (crawler.spiders.signin)
            self.started = self.distributed  # (a worker's discovery was queued by the seeder)
            yield self.session_request()
            return
        if self.distributed:
            return
        for request in self.discovery():
            yield request

    def discovery(self):
        """The crawl's first requests: the URLs given, the site's feeds, sitemaps and listing
        pages, and the known articles due for a re-check."""
        for url in self.urls:
            request = self.article_request(url, source="url", explicit=True)
            if request is not None:
                yield request
        if self.profile is None:
            return
        for url in self.profile.start_feeds:
            yield self.discovery_request(url, self.parse_feed, "feed")
        for url in self.profile.start_sitemaps:
            yield self.discovery_request(url, self.parse_sitemap, "sitemap")
        for url in self.profile.start_listings:
            yield self.discovery_request(url, self.parse_listing, "listing", page=1)
        # Known articles that discovery no longer lists are re-checked too, when due, so that a
        # deleted or edited page is noticed.
        for url in sorted(self.known):
            request = self.article_request(url, "recheck", explicit=True)
            if request is not None:
                yield request

    def discovery_request(self, url: str, callback, kind: str, **cb_kwargs) -> scrapy.Request:
        # dont_filter: a resumed crawl (JOBDIR) must read its feeds and listings again
        meta: dict[str, Any] = {"tradepress_kind": kind}
        if kind == "sitemap":
            meta["download_maxsize"] = MAX_SITEMAP_BYTES
        return scrapy.Request(url, callback, errback=self.failed, cb_kwargs=cb_kwargs,
                              meta=meta, dont_filter=True)

    def article_request(self, url: str, source: str, explicit: bool = False,
                        hints: dict[str, Any] | None = None
                        ) -> scrapy.Request | FetchFailure | None:
        """A request for an article page; a failure if the URL must not be fetched (not
        http(s)); or None if it is skipped, seen, old, not due for a re-check, over the limit or
        on another site. A known article is asked for conditionally."""
        url = clean_url(url.strip())
        if url in self.seen:
            return None
        refused = refusal(url)
        if refused:
            self.seen.add(url)
            return self.failure(url, "refused", refused, kind="article")
        if not explicit and self.profile is not None and not self.profile.is_article_url(url):
            return None
        if not explicit and not self.on_site(url):
            self.crawler.stats.inc_value("tradepress/offsite_links")
            return None
        published = (hints or {}).get("published")
        if self.since and published and published[:10] < self.since:
            self.crawler.stats.inc_value("tradepress/skipped_before_since")
            return None
        known = self.known.get(url)
        if known is not None:
            if known.get("gone_at") or not recheck_due(known, self.policy, now_iso()):
                self.crawler.stats.inc_value("tradepress/not_due")
                return None
        elif self.max_articles is not None and self.new_articles >= self.max_articles:
            return None
        else:
            self.new_articles += 1
        self.seen.add(url)
        headers: dict[str, str] = {}
        # the hints travel with the request (through redirects, a resumed job's queue, a shared
        # queue), not in a table of every URL the spider ever asked for
        meta: dict[str, Any] = {"tradepress_kind": "article",
                                "tradepress_hints": {k: v for k, v in (hints or {}).items() if v}}
        if known is not None:
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
            # a re-check reports "not modified" and "gone" to parse_article, not as errors
            meta["handle_httpstatus_list"] = [304, 404, 410]
        return scrapy.Request(url, self.parse_article, errback=self.failed, headers=headers,
                              meta=meta, cb_kwargs={"source": source},
                              dont_filter=not self.distributed)

    def site_bounds(self, allowed: list[str]) -> Bounds:
        """Where this crawl may go: the profile's domains, or the hosts of the URLs given; a
        base host (or a URL's host) written as an internal address may be used, as may what
        ``allowed`` names (see crawler.targets.bounds_for)."""
        if self.profile is not None:
            return bounds_for(self.profile.domains, [host_of(self.profile.base_url)], allowed)
        hosts = [host_of(url) for url in self.urls if host_of(url)]
        return bounds_for(hosts, hosts, allowed)

    def on_site(self, url: str) -> bool:
        """True if the URL's host is one of the site's domains (or a subdomain of one)."""
        return on_site(url, self.bounds.domains)

    def failure(self, url: str, reason: str, error: str, kind: str = "article",
                status: int | None = None) -> FetchFailure:
        self.logger.warning("failed %s: %s", url, error)
        self.crawler.stats.inc_value("tradepress/failures")
        self.crawler.stats.inc_value(f"tradepress/failures/{reason}")
        return FetchFailure(url=url, site=self.profile.name if self.profile else None,
                            status=status, error=error.splitlines()[0][:500],
                            failed_at=now_iso(), reason=reason, kind=kind)

    @property
    def policy(self) -> tuple[int, int, int]:
        """(recent_days, recent_every_days, older_every_days) of the site's recrawl policy."""
        if self.profile is None:
            return (30, 0, 0)
        return (self.profile.recent_days, self.profile.recent_every_days,
                self.profile.older_every_days)

    def parse_feed(self, response):
        body = response.body
        broken = self.malformed(response.url, body, "feed")
        if broken is not None:
            yield broken  # recorded; whatever can be read of it is still used
        for url, hints in feed_links(body, response.encoding, response.url):
            request = self.article_request(url, "feed", hints=hints)
            if request is not None:
                yield request

    def parse_sitemap(self, response):
        body = response.body
        error = None
        if body[:2] == b"\x1f\x8b":
            body, error = gunzip(body, MAX_SITEMAP_BYTES)
        broken = (self.failure(response.url, "malformed", f"malformed sitemap: {error}",
                               kind="sitemap") if error
                  else self.malformed(response.url, body, "sitemap"))
        if broken is not None:
            yield broken
        children, links = sitemap_links(body, response.encoding, response.url)
        for url in children:
            yield self.discovery_request(url, self.parse_sitemap, "sitemap")
        for url, hints in links:
            request = self.article_request(url, "sitemap", hints=hints)
            if request is not None:
                yield request

    def malformed(self, url: str, body: bytes, kind: str) -> FetchFailure | None:
        """A failure if a feed or sitemap is not well-formed XML (it is still read, leniently,
        for whatever links survive)."""
        error = malformed(body)
        return self.failure(url, "malformed", f"malformed {kind}: {error}",
                            kind=kind) if error else None

    def parse_listing(self, response, page: int):
        for href in response.css("a::attr(href)").getall():
            request = self.article_request(response.urljoin(href), "listing")
            if request is not None:
                yield request
        if self.profile is None or page >= self.profile.max_listing_pages:
            return
        found = response.css(self.profile.next_page or NEXT_PAGE_DEFAULT)
        next_href = next((node.attrib["href"] for node in found if node.attrib.get("href")), None)
        if next_href:
            url = response.urljoin(next_href)
            if not self.profile.is_skipped(url):
                yield self.discovery_request(url, self.parse_listing, "listing", page=page + 1)

    # -- article pages and failures ----------------------------------------------------------

    def parse_article(self, response, source: str):
        """Hand the page on: a 200 to be extracted, or a re-check's 304 or 404/410. What is not
        an HTML page is recorded as failed; an AMP, print or tracking copy of an article whose
        canonical URL is elsewhere on the site is not stored: the canonical page is fetched."""
        requested = response.request.meta.get("redirect_urls", [response.request.url])[0]
        if self.session_open and self.signed_out(response):  # a teaser again: sign in again
            yield from self.renew(response, source)
            return
        if response.status == 200:
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
            problem = not_a_page(content_type, response.body)
            if problem is not None:
                yield self.failure(response.url, *problem, status=response.status)
                return
            canonical = self.canonical_elsewhere(response)
            if canonical is not None:
                self.crawler.stats.inc_value("tradepress/duplicate_urls")
                request = self.article_request(canonical, "canonical")
                if request is not None:
                    yield request
                return
        yield Page(
            url=response.url,
            requested_url=requested,
            status=response.status,
            headers=dict(redacted([(k.decode("latin-1"), b", ".join(v).decode("latin-1"))
                                   for k, v in response.headers.items()])),
            body=response.body,
            encoding=getattr(response, "encoding", None) or "utf-8",
            fetched_at=response.meta.get("tradepress_fetched_at") or now_iso(),
            site=self.profile.name if self.profile else None,
            source=source,
            hints=dict(response.meta.get("tradepress_hints") or {}),
            capture_id=response.meta.get("tradepress_capture_id"),
        )

    def canonical_elsewhere(self, response) -> str | None:
        """The page's canonical URL if it is another article URL of this site, else None.
        (The page is scanned, not parsed: extraction parses it, once.)"""
        if self.profile is None or not hasattr(response, "css"):
            return None
        href = canonical_href(response.body, response.encoding)
        if not href:
            return None
        canonical = clean_url(response.urljoin(href.strip()))
        if canonical == clean_url(response.url) or refusal(canonical):
            return None
        if not self.on_site(canonical) or not self.profile.is_article_url(canonical):
            return None  # a canonical link to the home page or elsewhere: not to be trusted
        return canonical

    def failed(self, failure):
        """Record why a request failed, with a reason word to count by (see crawler.fetch)."""
        request = failure.request
        status = location = None
        if failure.check(HttpError):
            response = failure.value.response
            status = response.status
            location = response.headers.get(b"Location", b"").decode("latin-1") or None
        reason, error = classify(failure.value, status, location)
        asked = request.meta.get("redirect_urls", [request.url])[0]
        if asked != request.url and request.url not in error:
            error = f"{error} (redirected to {request.url})"
        yield self.failure(asked, reason, error, request.meta.get("tradepress_kind", "article"),
                           status)

