"""The crawl's extensions: every response kept as evidence, and progress for the person watching.

:class:`CaptureExtension` keeps every response a crawl fetches (articles, feeds, sitemaps,
listing pages and robots.txt alike): a capture row in the archive and a WARC record. The
capture's id goes into the request's meta (``tradepress_capture_id``) so that the article record
can point at the exact response it was extracted from; one WARC file per crawl under
``TRADEPRESS_WARC_DIR`` (by default ``warc/`` beside the archive database). In a distributed
crawl, :class:`RedisCaptureExtension` takes its place and sends each response to the record
queue, for the one writer (``tradepress ingest``) to keep.

:class:`Progress` prints a progress line on stderr while a crawl runs, and each failed URL.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from crawler.cdx import archived
from crawler.session import redacted
from pipelines.archive.captures import Provenance, deflate_body, insert_capture
from pipelines.archive.store import Archive
from pipelines.archive.warc import Capture, WarcWriter, warc_date, warc_name
from pipelines.items import FetchFailure
from pipelines.recordqueue import RECORDS, encode, pack_body, redis_of
from pipelines.storage import stop_on_storage_error


def header_pairs(headers) -> list[tuple[str, str]]:
    """Scrapy's Headers (bytes, lists of values) as (name, value) pairs of text, as they are
    kept: with a session's secrets redacted (crawler.session.redacted)."""
    return redacted([(k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items()
                     for v in values])


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def kind_of(request) -> str:
    if request.url.endswith("/robots.txt"):
        return "robots"
    return request.meta.get("tradepress_kind", "other")


class CaptureExtension:
    def __init__(self, crawler, db_path: str, warc_dir: Path):
        self.crawler = crawler
        self.db_path = db_path
        self.warc_dir = warc_dir
        self.archive: Archive | None = None
        self.writer: WarcWriter | None = None
        self.crawl_id: int | None = None
        self.site: str | None = None

    @classmethod
    def from_crawler(cls, crawler):
        db_path = crawler.settings.get("TRADEPRESS_DB")
        if not db_path:
            raise NotConfigured("set TRADEPRESS_DB to keep captures")
        warc_dir = crawler.settings.get("TRADEPRESS_WARC_DIR") or Path(db_path).parent / "warc"
        ext = cls(crawler, db_path, Path(warc_dir))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def spider_opened(self, spider):
        profile = getattr(spider, "profile", None)
        self.site = profile.name if profile else None
        self.crawl_id = self.crawler.stats.get_value("tradepress/crawl_id") or 0
        self.archive = Archive(self.db_path)
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        name = warc_name(self.site, self.crawl_id, datetime.now(UTC))
        self.writer = WarcWriter(self.warc_dir / name,
                                 info={"operator-contact":
                                       self.crawler.settings.get("TRADEPRESS_CONTACT_URL", ""),
                                       "http-header-user-agent":
                                       self.crawler.settings.get("USER_AGENT", "")})

    def response_received(self, response, request, spider):
        if self.archive is None or self.writer is None:
            return
        fetched_at = now_iso()
        headers = header_pairs(response.headers)
        url, provenance = response.url, None
        capture = Capture(url=url, status=response.status, reason="",
                          headers=headers, body=response.body, fetched_at=fetched_at,
                          request_headers=header_pairs(request.headers), method=request.method)
        memento = request.meta.get("tradepress_memento")
        try:
            held = archived(memento, response.status, headers, response.body) if memento \
                else None
        except ValueError:  # the archive's own page (not found...): kept as fetched
            held = None
        if held is not None:
            request.meta["tradepress_held"] = held  # (read once: the spider takes it from here)
            # a web archive's capture: kept as the page it was, when it was, with where it was
            # read from (as pywb records from a remote archive: WARC-Source-URI)
            url, fetched_at, headers = memento["original"], held.when, held.headers
            provenance = Provenance("web-archive", response.url, held.record_id,
                                    memento.get("offset"))
            capture = replace(capture, url=url, status=held.status, headers=headers,
                              body=held.body, fetched_at=fetched_at, warc_headers=(
                                  ("WARC-Source-URI", response.url),
                                  ("WARC-Creation-Date", warc_date(now_iso()))))
        redirects = request.meta.get("redirect_urls", [])
        deflated = deflate_body(capture.body)  # once, for the WARC record and `bodies`
        try:
            warc_file, offset = self.writer.write(capture, deflated, request=held is None)
            with self.archive.db.atomic():
                capture_id = insert_capture(
                    self.archive.db, crawl_id=self.crawl_id, site=self.site,
                    kind=kind_of(request), url=url,
                    requested_url=url if held else redirects[0] if redirects else request.url,
                    status=capture.status, reason="", headers=headers, redirects=redirects,
                    body=capture.body, fetched_at=fetched_at, warc_file=warc_file,
                    warc_offset=offset, hints=request.meta.get("tradepress_hints"),
                    deflated=deflated, provenance=provenance)
        except (sqlite3.Error, OSError) as e:  # a full disk: the crawl cannot keep evidence
            stop_on_storage_error(self.crawler, self.db_path, e)
            return
        request.meta["tradepress_capture_id"] = capture_id
        request.meta["tradepress_fetched_at"] = fetched_at
        self.crawler.stats.inc_value("tradepress/captures")

    def spider_closed(self, spider, reason):
        if self.writer is not None:
            try:
                self.writer.close()
            except OSError as e:
                stop_on_storage_error(self.crawler, self.db_path, e)
            self.writer = None
        if self.archive is not None:
            self.archive.close()
            self.archive = None


class RedisCaptureExtension:
    """Every response a worker fetches goes to the record queue as a ``capture`` message (the
    writer keeps it as a capture row and a WARC record)."""

    def __init__(self, crawler, server):
        self.crawler = crawler
        self.server = server

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler, redis_of(crawler))
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def response_received(self, response, request, spider):
        fetched_at = now_iso()
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
