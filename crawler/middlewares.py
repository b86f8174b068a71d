"""Downloader middlewares: a crawl stays on its site, obeys robots.txt, reaches only public
addresses, and retries do what the server asks. The judgements are pure functions of
:mod:`crawler.targets`; these classes only apply them.

In the order a request meets them (lower numbers first, see ``DOWNLOADER_MIDDLEWARES``):

* :class:`StayOnSiteMiddleware` (90) refuses a request off the crawl's site, redirects and meta
  refreshes included, and one to an internal address literal: on the URL alone, before any DNS
  lookup, robots.txt request or connection. (Scrapy's own offsite check lets ``dont_filter``
  requests through, and the spider's requests are all ``dont_filter`` so that a resumed crawl
  re-reads its feeds.)
* :class:`RobotsMiddleware` (100) makes every request wait for its host's robots.txt and obey
  it. It replaces Scrapy's ``RobotsTxtMiddleware``, which (Scrapy 2.13 and later) hands the
  rules to the first request waiting for them and ``None``, "allow everything", to the others:
  awaiting one Twisted Deferred twice as a Future gives the second awaiter the first one's
  return value. A batch of URLs on one host therefore fetched its disallowed pages; here each
  waiter gets a Deferred of its own. A robots.txt that cannot be fetched (5xx, 429, no answer)
  counts as "disallow everything" for the crawl, a missing one (4xx) as "allow everything"
  (RFC 9309).
* :class:`PublicAddressMiddleware` (760, after Scrapy's proxy middleware) resolves the host and
  refuses a request whose host resolves to an internal address. It resolves through the
  reactor's resolver, whose cache (``DNSCACHE_ENABLED``) the connection then uses, so the
  address checked is the address connected to. Not in a resolver: Scrapy builds the resolver
  once per process, not per crawl (so it cannot know the crawl's site), and Twisted reports any
  refusal by a resolver as a bare "no results for hostname lookup". Through a proxy the proxy
  resolves: literal addresses are still refused (by :class:`StayOnSiteMiddleware`).

Scrapy's :class:`~scrapy.downloadermiddlewares.retry.RetryMiddleware` retries 429 and 5xx
responses at once. A server that says ``Retry-After: 30`` wants us to wait: this subclass waits
that long (without holding up other sites' downloads) before its bounded retries, and gives up
at once when the wait asked for is longer than ``TRADEPRESS_RETRY_AFTER_MAX`` seconds; the page
is then recorded as failed, to be fetched by a later crawl.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.response import response_status_message
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolutionReceiver
from zope.interface import provider

from crawler.fetch import classify, retry_after_seconds
from crawler.targets import (
    Bounds,
    address_refusal,
    host_address,
    literal_refusal,
    offsite_refusal,
    robots_policy,
)

logger = logging.getLogger(__name__)


def crawl_bounds(crawler) -> Bounds | None:
    """The running spider's :class:`~crawler.targets.Bounds` (None: a spider without them)."""
    return getattr(crawler.spider, "bounds", None)


class StayOnSiteMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        bounds = crawl_bounds(self.crawler)
        if bounds is None:
            return
        refused = offsite_refusal(request.url, bounds) or literal_refusal(request.url, bounds)
        if refused:
            raise IgnoreRequest(refused)


@dataclass(frozen=True)
class Rules:
    """A host's robots.txt: a parser to ask, or a refusal of everything (or neither: allow)."""
    parser: Any = None
    refusal: str | None = None


class RobotsMiddleware:
    PRIORITY = 1000  # robots.txt before any page waiting in the queue

    def __init__(self, crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.parser_class = load_object(crawler.settings["ROBOTSTXT_PARSER"])
        self.agent = crawler.settings["ROBOTSTXT_USER_AGENT"]
        self.rules: dict[str, Rules | Deferred[Rules]] = {}  # netloc -> rules, or a promise

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):
            return
        rules = await self.rules_for(request)
        if rules.refusal:
            raise IgnoreRequest(rules.refusal)
        agent = self.agent or request.headers.get(b"User-Agent") or b""
        if rules.parser is not None and not rules.parser.allowed(request.url, agent):
            self.crawler.stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest("forbidden by robots.txt")

    async def rules_for(self, request: Request) -> Rules:
        """The rules of the request's host: fetched once, every other request waits for them."""
        parts = urlparse_cached(request)
        known = self.rules.get(parts.netloc)
        if isinstance(known, Rules):
            return known
        if known is None:
            pending: Deferred[Rules] = Deferred()
            self.rules[parts.netloc] = pending
            try:
                rules = await self.fetch(f"{parts.scheme}://{parts.netloc}/robots.txt",
                                         parts.netloc)
            except Exception as e:  # never leave the waiters waiting
                rules = Rules(refusal=f"robots.txt of {parts.netloc} could not be read ({e})")
            self.rules[parts.netloc] = rules
            pending.callback(rules)
            return rules
        # one Deferred per waiter: awaiting the shared one would hand later waiters None
        waiter: Deferred[Rules] = Deferred()

        def hand_on(rules: Rules) -> Rules:
            waiter.callback(rules)
            return rules  # for the next waiter

        known.addCallback(hand_on)
        return await maybe_deferred_to_future(waiter)

    async def fetch(self, url: str, netloc: str) -> Rules:
        request = Request(url, priority=self.PRIORITY, callback=NO_CALLBACK,
                          meta={"dont_obey_robotstxt": True})
        self.crawler.stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as e:  # the robots.txt request failed: the host is unreachable
            if str(e).startswith("internal:"):
                return Rules(refusal=str(e))
            _, why = classify(e)
            return Rules(refusal=f"robots.txt of {netloc} could not be fetched ({why}); "
                                 "nothing on the host is")
        self.crawler.stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        policy = robots_policy(response.status)
        if policy == "allow":
            return Rules()
        if policy == "refuse":
            return Rules(refusal=f"robots.txt of {netloc} answered HTTP {response.status}; "
                                 "nothing on the host is fetched")
        parser = build_from_crawler(self.parser_class, self.crawler, response.body)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=parser, request=request)
        return Rules(parser=parser)


class PublicAddressMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        if not crawler.settings.getbool("DNSCACHE_ENABLED"):
            logger.warning("DNSCACHE_ENABLED is off: a host name is resolved again to connect, "
                           "so the address checked may not be the one connected to")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        bounds = crawl_bounds(self.crawler)
        host = urlparse_cached(request).hostname or ""
        if (bounds is None or request.meta.get("proxy") or host_address(host) is not None
                or bounds.allows(host)):
            return  # no spider bounds; the proxy resolves; a literal is judged already
        refused = address_refusal(host, await resolve(host), bounds)
        if refused:
            self.crawler.stats.inc_value("tradepress/internal_refused")
            raise IgnoreRequest(refused)


async def resolve(host: str) -> list[str]:
    """The addresses ``host`` resolves to, through the reactor's resolver (and its cache): the
    lookup the connection itself makes."""
    from twisted.internet import reactor

    done: Deferred = Deferred()
    found: list[str] = []

    @provider(IResolutionReceiver)
    class Receiver:
        @staticmethod
        def resolutionBegan(resolution) -> None:
            pass

        @staticmethod
        def addressResolved(address) -> None:
            found.append(address.host)

        @staticmethod
        def resolutionComplete() -> None:
            done.callback(found)

    reactor.nameResolver.resolveHostName(Receiver, host)
    addresses = await maybe_deferred_to_future(done)
    if not addresses:
        raise DNSLookupError(f"DNS lookup failed: no results for hostname lookup: {host}")
    return addresses


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


class SessionCookiesMiddleware:
    """Cookies for a subscriber's crawl only (``COOKIES_ENABLED`` stays off: every other crawl
    sends and keeps none): the spider's own jar (``cookie_jar``, loaded from a cookies.txt,
    then kept up to date with what the site sets, sign-in included)."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def jar(self):
        return getattr(self.crawler.spider, "cookie_jar", None)

    def process_request(self, request: Request) -> None:
        if (jar := self.jar()) is not None:
            # (a redirect's request carries the header it was made from: the jar's word now)
            request.headers.pop("Cookie", None)
            jar.add_cookie_header(request)

    def process_response(self, request: Request, response):
        if (jar := self.jar()) is not None:
            jar.extract_cookies(response, request)
        return response
