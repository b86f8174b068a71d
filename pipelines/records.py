"""The record queue of distributed crawls: workers push what they fetched and extracted to a
Redis list instead of writing SQLite; ``tradepress ingest`` (:mod:`pipelines.ingest`) is the
one writer that drains it into the archive.

A message is one JSON object (bodies zlib-compressed, then base64): ``capture`` (a fetched
response, kept as a capture row and a WARC record), ``page`` (an extracted article page) or
``failure`` (a URL that could not be archived). Workers ``LPUSH`` to ``tradepress:records``; the
writer moves messages to ``tradepress:records:processing`` while it works on them and removes
them only once their batch is committed. A message that is not a record at all is moved to
``tradepress:records:rejected`` instead of stopping the writer.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import redis
from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.items import FetchFailure, Page

RECORDS = "tradepress:records"
PROCESSING = "tradepress:records:processing"
REJECTED = "tradepress:records:rejected"  # messages that are not records, kept for a look


def pack_body(body: bytes) -> str:
    return base64.b64encode(zlib.compress(body, 6)).decode("ascii")


def unpack_body(text: str) -> bytes:
    return zlib.decompress(base64.b64decode(text)) if text else b""


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def page_message(crawl_id: int, page: Page) -> bytes:
    fields = asdict(page)
    fields["body"] = pack_body(page.body)
    return encode({"type": "page", "crawl_id": crawl_id, "page": fields})


def failure_message(crawl_id: int, failure: FetchFailure) -> bytes:
    return encode({"type": "failure", "crawl_id": crawl_id, "failure": asdict(failure)})


def decode(data: bytes) -> dict[str, Any]:
    return json.loads(data)


def page_of(message: dict[str, Any]) -> Page:
    fields = dict(message["page"])
    fields["body"] = unpack_body(fields["body"])
    return Page(**fields)


def failure_of(message: dict[str, Any]) -> FetchFailure:
    return FetchFailure(**message["failure"])


def redis_of(crawler) -> redis.Redis:
    """The distributed crawl's Redis; not configured when the crawl is not distributed."""
    url = crawler.settings.get("TRADEPRESS_REDIS_URL")
    if not url:
        raise NotConfigured
    return redis.Redis.from_url(url)


class RedisRecordPipeline:
    """Push extracted article records and failures to the record queue (the distributed
    crawl's StoragePipeline): the push is done before the response counts as handled."""

    def __init__(self, crawler, server: redis.Redis):
        self.crawler = crawler
        self.server = server

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, redis_of(crawler))

    @property
    def crawl_id(self) -> int:
        return int(self.crawler.stats.get_value("tradepress/crawl_id") or 0)

    def process_item(self, item):
        if isinstance(item, Page):
            if not (item.record or {}).get("is_article"):
                return item  # counted by the extraction pipeline, never stored as an article
            self.server.lpush(RECORDS, page_message(self.crawl_id, item))
        elif isinstance(item, FetchFailure):
            self.server.lpush(RECORDS, failure_message(self.crawl_id, item))
        else:
            return item
        self.crawler.stats.inc_value("tradepress/records_queued")
        return item


def header_pairs(headers) -> list[list[str]]:
    return [[k.decode("latin-1"), v.decode("latin-1")] for k, values in headers.items()
            for v in values]


class RedisCaptureExtension:
    """Every response a worker fetches goes to the record queue as a ``capture`` message (the
    writer keeps it as a capture row and a WARC record)."""

    def __init__(self, crawler, server: redis.Redis):
        self.crawler = crawler
        self.server = server

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler, redis_of(crawler))
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def response_received(self, response, request, spider):
        from crawler.capture import kind_of

        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        redirects = request.meta.get("redirect_urls", [])
        profile = getattr(spider, "profile", None)
        message = {
            "type": "capture",
            "crawl_id": int(self.crawler.stats.get_value("tradepress/crawl_id") or 0),
            "site": profile.name if profile else None, "kind": kind_of(request),
            "url": response.url, "requested_url": redirects[0] if redirects else request.url,
            "status": response.status, "headers": header_pairs(response.headers),
            "request_headers": header_pairs(request.headers), "method": request.method,
            "redirects": redirects, "body": pack_body(response.body), "fetched_at": fetched_at,
            "hints": request.meta.get("tradepress_hints"),
        }
        self.server.lpush(RECORDS, encode(message))
        request.meta["tradepress_fetched_at"] = fetched_at
        self.crawler.stats.inc_value("tradepress/captures")
