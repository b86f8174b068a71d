"""Downloader middlewares: a crawl stays on its site, and retries do what the server asks.

:class:`StayOnSiteMiddleware` refuses every request outside the site profile's domains,
redirects included (Scrapy's own offsite check lets ``dont_filter`` requests through, and the
spider's requests are all ``dont_filter`` so that a resumed crawl re-reads its feeds).

Scrapy's :class:`~scrapy.downloadermiddlewares.retry.RetryMiddleware` retries 429 and 5xx
responses at once. A server that says ``Retry-After: 30`` wants us to wait: this subclass waits
that long (without holding up other sites' downloads) before its bounded retries, and gives up
at once when the wait asked for is longer than ``TRADEPRESS_RETRY_AFTER_MAX`` seconds; the page
is then recorded as failed, to be fetched by a later crawl.
"""

from __future__ import annotations

import asyncio

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.response import response_status_message

from crawler.fetch import retry_after_seconds


class StayOnSiteMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        on_site = getattr(self.crawler.spider, "on_site", None)
        if on_site is not None and not on_site(request.url):
            raise IgnoreRequest(f"offsite: {request.url} is not on the site's domains")


class RetryAfterMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("TRADEPRESS_RETRY_AFTER_MAX")

    # Scrapy 2.14+ calls middlewares without the spider argument, and awaits coroutines
    async def process_response(  # type: ignore[override]
            self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None:
            if wait > self.max_wait:
                self.crawler.stats.inc_value("tradepress/retry_after_too_long")
                return response
            await asyncio.sleep(wait)
        return self._retry(request, response_status_message(response.status)) or response
