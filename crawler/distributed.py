"""Distributed crawls: many crawler processes, on any number of machines, share one request
queue and one duplicate filter in Redis (scrapy-redis), and push finished records to a Redis
queue that one writer (``tradepress ingest``) drains into the archive.

Switched on by one setting, ``TRADEPRESS_REDIS_URL``: the :class:`Distributed` add-on (always
listed in ``ADDONS``) then swaps the scheduler, duplicate filter, storage pipeline and capture
extension, and adds the global politeness middleware, whatever started the crawl
(``tradepress worker``, ``scrapy crawl opinion -s TRADEPRESS_REDIS_URL=...``, Scrapyd).

Keys, per site (``tradepress:SITE:...``): ``requests`` (scrapy-redis' priority queue),
``dupefilter`` (scrapy-redis' fingerprints), ``leases`` (requests popped and not yet done),
``crawl`` (the archive's crawl id), ``worker:ID`` (a worker's heartbeat). Global:
``tradepress:records`` and ``tradepress:records:processing`` (the record queue, see
:mod:`pipelines.recordqueue`), ``tradepress:polite:HOST`` (the next time a host may be asked).

scrapy-redis pops requests without acknowledgement: a worker that dies loses what it had
popped. Here a pop also records a *lease* (atomically, one Lua script), released when the
response's callback output has been handled (items pushed, requests queued) or when the
request is handed back to the queue (a redirect, a retry). A worker keeps a heartbeat key with a
short TTL; an idle worker puts the leases of workers without a heartbeat back in the queue.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy_redis import picklecompat
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

logger = logging.getLogger(__name__)

LEASE = "tradepress_lease"  # request.meta key: the lease of a popped request
PREFIX = "tradepress"

POP_WITH_LEASE = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return nil end
redis.call('ZREM', KEYS[1], r[1])
local id = ARGV[1] .. '|' .. redis.call('INCR', KEYS[3]) .. '|' .. r[2]
redis.call('HSET', KEYS[2], id, r[1])
return {id, r[1]}
"""

REQUEUE_LEASE = """
local data = redis.call('HGET', KEYS[1], ARGV[1])
if not data then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], data)
return 1
"""

# The next moment (ms, Redis' clock) a host may be asked, taken atomically: returns how long the
# caller must wait (ms) for its slot, and moves the next slot one delay on.
TAKE_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local next_at = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, next_at)
redis.call('SET', KEYS[1], slot + tonumber(ARGV[1]), 'PX', tonumber(ARGV[1]) + 60000)
return slot - now
"""


class DistributedError(Exception):
    """Redis cannot be reached or is in the wrong state; the message is one readable line."""


def redis_key(site: str | None, name: str) -> str:
    return f"{PREFIX}:{site or 'urls'}:{name}"


def connect(url: str) -> redis.Redis:
    """A client of the Redis at ``url``, checked with a ping; a :class:`DistributedError`
    with one line if it cannot be reached."""
    try:
        server = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        server.ping()
    except (redis.RedisError, ValueError) as e:
        raise DistributedError(f"cannot reach Redis at {url}: {e}") from None
    return server


class Distributed:
    """Add-on: with ``TRADEPRESS_REDIS_URL`` set, the crawl works a shared Redis queue."""

    def update_settings(self, settings) -> None:
        url = settings.get("TRADEPRESS_REDIS_URL")
        if not url:
            return

        def put(name: str, value: Any) -> None:  # over the project's own value
            settings.set(name, value, priority=max(settings.getpriority(name) or 0,
                                                   SETTINGS_PRIORITIES["addon"]))

        put("REDIS_URL", url)
        put("SCHEDULER", "crawler.distributed.LeasedScheduler")
        put("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter")
        put("SCHEDULER_PERSIST", True)
        put("SCHEDULER_QUEUE_CLASS", "crawler.distributed.LeaseQueue")
        put("JOBDIR", None)  # the queue lives in Redis
        pipelines = settings.getdict("ITEM_PIPELINES")
        pipelines.pop("pipelines.storage.StoragePipeline", None)
        pipelines["pipelines.recordqueue.RedisRecordPipeline"] = 800
        put("ITEM_PIPELINES", pipelines)
        extensions = settings.getdict("EXTENSIONS")
        extensions.pop("crawler.extensions.CaptureExtension", None)
        extensions["crawler.extensions.RedisCaptureExtension"] = 510
        extensions["crawler.distributed.Worker"] = 520
        put("EXTENSIONS", extensions)
        middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
        middlewares["crawler.distributed.GlobalPoliteness"] = 990  # last: just before sending
        put("DOWNLOADER_MIDDLEWARES", middlewares)


class LeaseQueue(PriorityQueue):
    """scrapy-redis' priority queue, per site, whose pops record a lease."""

    def __init__(self, server, spider, key: str, serializer=None):
        super().__init__(server, spider, key, serializer)
        self.key = redis_key(site_of_spider(spider), "requests")
        self.leases = redis_key(site_of_spider(spider), "leases")
        self.counter = redis_key(site_of_spider(spider), "lease-counter")
        self.worker_id = ""
        self._pop = server.register_script(POP_WITH_LEASE)

    def pop(self, timeout=0):
        found = self._pop(keys=[self.key, self.leases, self.counter], args=[self.worker_id])
        if not found:
            return None
        lease, data = found
        request = self._decode_request(data)
        request.meta[LEASE] = lease.decode() if isinstance(lease, bytes) else lease
        return request


def site_of_spider(spider) -> str | None:
    """The site a spider works for: its profile's name (or its ``site`` argument)."""
    profile = getattr(spider, "profile", None)
    return profile.name if profile else getattr(spider, "site_name", None)


class LeasedScheduler(Scheduler):
    """scrapy-redis' scheduler over a :class:`LeaseQueue`: a request handed back to the queue
    (a redirect, a retry) or dropped as a duplicate releases the lease it came with."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.worker_id = worker_id()

    def open(self, spider):
        result = super().open(spider)
        self.queue.worker_id = self.worker_id
        site = site_of_spider(spider)
        if self.df is not None:
            self.df.key = redis_key(site, "dupefilter")
        return result

    def enqueue_request(self, request):
        lease = request.meta.pop(LEASE, None)
        try:
            return super().enqueue_request(request)
        finally:
            if lease is not None:
                self.release(lease)

    def release(self, lease: str) -> None:
        self.server.hdel(self.queue.leases, lease)


def worker_id() -> str:
    host = socket.gethostname().replace("|", "-")
    return f"{host}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Worker:
    """A worker's life: a heartbeat, releasing leases once a response is handled, putting dead
    workers' leases back, and stopping once nothing has been left to do for
    ``TRADEPRESS_WORKER_IDLE`` seconds (empty queue, no leases anywhere)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.idle_limit = crawler.settings.getfloat("TRADEPRESS_WORKER_IDLE")
        self.ttl_ms = int(crawler.settings.getfloat("TRADEPRESS_WORKER_HEARTBEAT") * 1000)
        self.idle_since: float | None = None
        self.scheduler: LeasedScheduler | None = None
        self.beat: asyncio.Task | None = None
        self._requeue = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("TRADEPRESS_REDIS_URL"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def server(self) -> redis.Redis:
        assert self.scheduler is not None
        return self.scheduler.server

    def heartbeat_key(self, worker: str) -> str:
        assert self.scheduler is not None
        return redis_key(site_of_spider(self.scheduler.spider), f"worker:{worker}")

    def spider_opened(self, spider):
        engine = self.crawler.engine
        self.scheduler = engine._slot.scheduler
        self._requeue = self.server.register_script(REQUEUE_LEASE)
        self.server.set(self.heartbeat_key(self.scheduler.worker_id), "1",
                        px=self.ttl_ms)
        self.beat = asyncio.get_event_loop().create_task(self.heartbeat())
        # A response is done once its callback's output has been handled (items through the
        # pipelines, requests queued): Scrapy's scraper says so by finishing the response.
        slot = engine.scraper.slot
        finish = slot.finish_response

        def finish_response(result, request):
            finish(result, request)
            lease = request.meta.pop(LEASE, None)
            if lease is not None:
                self.scheduler.release(lease)
        slot.finish_response = finish_response
        crawl_id = self.server.get(redis_key(site_of_spider(spider), "crawl"))
        self.crawler.stats.set_value("tradepress/crawl_id", int(crawl_id or 0))

    async def heartbeat(self) -> None:
        assert self.scheduler is not None
        me = self.heartbeat_key(self.scheduler.worker_id)
        while True:
            await asyncio.sleep(self.ttl_ms / 4000)
            try:
                self.server.set(me, "1",
                                px=self.ttl_ms)
            except redis.RedisError as e:
                logger.warning("cannot reach Redis for the heartbeat: %s", e)

    def spider_idle(self, spider):
        scheduler = self.scheduler
        assert scheduler is not None
        queue = scheduler.queue
        mine = scheduler.worker_id + "|"
        for lease in self.server.hkeys(queue.leases):
            lease = lease.decode()
            worker, _, rest = lease.partition("|")
            score = rest.partition("|")[2]
            if lease.startswith(mine):
                scheduler.release(lease)  # idle: whatever it popped has been handled
            elif not self.server.exists(self.heartbeat_key(worker)):
                if self._requeue(keys=[queue.leases, queue.key], args=[lease, score]):
                    self.crawler.stats.inc_value("tradepress/leases_requeued")
                    logger.info("requeued the request of dead worker %s", worker)
        busy = len(queue) or self.server.hlen(queue.leases)
        now = time.monotonic()
        if busy or self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_limit:
            raise DontCloseSpider

    def spider_closed(self, spider, reason):
        if self.beat is not None:
            self.beat.cancel()
        if self.scheduler is not None:
            try:
                self.server.delete(self.heartbeat_key(self.scheduler.worker_id))
            except redis.RedisError:
                pass


class GlobalPoliteness:
    """Per-host politeness across all workers: each request waits for its host's next slot,
    taken atomically in Redis, ``TRADEPRESS_GLOBAL_DELAY`` seconds after the previous one
    (default: ``DOWNLOAD_DELAY``)."""

    def __init__(self, server: redis.Redis, delay: float):
        self.delay_ms = int(delay * 1000)
        self._take = server.register_script(TAKE_SLOT)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        url = settings.get("TRADEPRESS_REDIS_URL")
        if not url:
            raise NotConfigured
        delay = settings.get("TRADEPRESS_GLOBAL_DELAY")
        delay = settings.getfloat("DOWNLOAD_DELAY") if delay in (None, "") else float(delay)
        if delay <= 0:
            raise NotConfigured
        return cls(redis.Redis.from_url(url), delay)

    async def process_request(self, request) -> None:
        host = (urlsplit(request.url).hostname or "").lower()
        port = urlsplit(request.url).port
        wait_ms = self._take(keys=[f"{PREFIX}:polite:{host}:{port or ''}"],
                             args=[self.delay_ms])
        if wait_ms:
            await asyncio.sleep(int(wait_ms) / 1000)


def seed(url: str, spider, crawl_id: int) -> int:
    """Put a site's discovery requests (feeds, sitemaps, listings) in its shared queue, with a
    fresh duplicate filter, and say which crawl the workers report into. Refuses while another
    crawl of the site is still being worked. Returns how many requests were queued."""
    server = connect(url)
    site = site_of_spider(spider)
    queue = LeaseQueue(server, spider, redis_key(site, "requests"), picklecompat)
    waiting, leased = len(queue), server.hlen(queue.leases)
    if waiting or leased:
        raise DistributedError(f"a distributed crawl of {site} is still being worked "
                               f"({waiting} requests queued, {leased} in progress)")
    server.delete(redis_key(site, "dupefilter"))
    server.set(redis_key(site, "crawl"), crawl_id)
    requests: list[Any] = []
    profile = spider.profile
    requests += [spider.discovery_request(u, spider.parse_feed, "feed")
                 for u in profile.start_feeds]
    requests += [spider.discovery_request(u, spider.parse_sitemap, "sitemap")
                 for u in profile.start_sitemaps]
    requests += [spider.discovery_request(u, spider.parse_listing, "listing", page=1)
                 for u in profile.start_listings]
    for request in requests:
        queue.push(request)
    return len(requests)
