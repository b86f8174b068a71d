"""The record queue of distributed crawls: workers push what they fetched and extracted to a
Redis list instead of writing SQLite; ``tradepress ingest`` (:mod:`pipelines.ingest`) is the
one writer that drains it into the archive.

A message is one JSON object (bodies zlib-compressed, then base64): ``capture`` (a fetched
response, kept as a capture row and a WARC record), ``page`` (a page fetched as an article,
extracted: its record says whether it is one) or ``failure`` (a URL that could not be
archived). Workers ``LPUSH`` to ``tradepress:records``; the writer moves messages to
``tradepress:records:processing`` while it works on them and removes them only once their
batch is committed. A message that is not a record at all is moved to
``tradepress:records:rejected`` instead of stopping the writer.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import asdict
from typing import Any

import redis
from scrapy.exceptions import NotConfigured

from pipelines.items import FetchFailure, Page

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
    """Push extracted records (articles or not; not those the crawl skips) and failures to
    the record queue (the distributed crawl's StoragePipeline): the push is done before the
    response counts as handled."""

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
            if (item.record or {}).get("skipped"):
                return item  # counted by the extraction pipeline, never stored
            self.server.lpush(RECORDS, page_message(self.crawl_id, item))
        elif isinstance(item, FetchFailure):
            self.server.lpush(RECORDS, failure_message(self.crawl_id, item))
        else:
            return item
        self.crawler.stats.inc_value("tradepress/records_queued")
        return item
