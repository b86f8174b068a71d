"""Scrapy settings for tradepress, plus the project's own (prefixed ``TRADEPRESS_``).

This module is the project's one configuration system: the CLI, ``scrapy crawl`` and the tests
all start from it and override single values with ``-s NAME=VALUE``.
"""

from pathlib import Path

import pipelines  # the version (a module, so not taken for a setting)


def user_agent(contact_url: str) -> str:
    """The User-Agent: the project's name and version, and where to reach the operator (the
    runner calls it again when ``TRADEPRESS_CONTACT_URL`` is overridden)."""
    return f"tradepress/{pipelines.VERSION} (+{contact_url}; trade-press opinion archive)"


BOT_NAME = "tradepress"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- Politeness -------------------------------------------------------------------------------
# Contact URL sent in the User-Agent so that site owners can reach the archive's operator:
# set it to your own page (`tradepress crawl -s TRADEPRESS_CONTACT_URL=https://...`).
TRADEPRESS_CONTACT_URL = "https://github.com/tradepress/tradepress"
USER_AGENT = user_agent(TRADEPRESS_CONTACT_URL)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# 429 and 5xx are retried (twice) after the wait a Retry-After header asks for, if it is at most
# this many seconds; a longer wait is not waited for: the page is recorded as failed.
TRADEPRESS_RETRY_AFTER_MAX = 120.0
# A request meets these in order of their numbers: off-site and internal-address literals are
# refused first (90: no DNS lookup, no robots.txt request); then it waits for its host's
# robots.txt (100; a robots.txt that cannot be fetched, 5xx or no answer, stops the host's
# pages, a missing one, 4xx, allows them); just before the connection its host is resolved
# and refused if it is an internal address (760, after the proxy middleware: a proxy resolves
# for itself). See crawler/middlewares.py.
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.StayOnSiteMiddleware": 90,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.RobotsMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,
    "crawler.middlewares.PublicAddressMiddleware": 760,
    # a subscriber's crawl keeps its session's cookies (where Scrapy's own would sit, 700)
    "crawler.middlewares.SessionCookiesMiddleware": 700,
}
# Loopback, private, link-local (169.254.169.254), unique-local and other non-public addresses
# are never fetched, nor host names resolving to one, except a site whose base URL is written
# with such an address (the sample site and the tests run on 127.0.0.1; or localhost) and what
# this list names: host names, addresses or networks, e.g.
# `-s TRADEPRESS_ALLOWED_HOSTS=intranet.example,10.1.0.0/16`.
TRADEPRESS_ALLOWED_HOSTS: list[str] = []

# --- Hostile servers --------------------------------------------------------------------------
# Article pages are well under a megabyte; a bigger body (or a gzip body unpacking to more) is
# cut off and recorded as failed ("too-large"). Sitemaps may be up to 50 MB (their own limit).
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
# Only http(s) is ever fetched: file:, ftp:, s3: and data: URLs are refused by Scrapy itself.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- Pipeline: extract, then store ------------------------------------------------------------
ITEM_PIPELINES = {
    "pipelines.extraction.ExtractionPipeline": 300,
    "pipelines.storage.StoragePipeline": 800,
}
EXTENSIONS = {
    "crawler.extensions.Progress": 500,
    "crawler.extensions.CaptureExtension": 510,
}

# --- tradepress -------------------------------------------------------------------------------
# Where the archive lands; relative paths are relative to the working directory.
TRADEPRESS_DB = str(Path("data") / "archive.db")
# Folders searched for site profiles, in order (the bundled ones always come last).
TRADEPRESS_SITES_DIRS: list[str] = []
# Extraction worker processes: "auto" (one per core), or a number; 0 extracts inline.
TRADEPRESS_EXTRACT_WORKERS = "auto"
# WARC files of each crawl go here (default: "warc" beside the database).
TRADEPRESS_WARC_DIR = ""
# Records are committed in batches of this size (and when the crawl ends).
TRADEPRESS_BATCH_SIZE = 50
# Seconds between progress lines while a crawl runs (0 turns progress off).
TRADEPRESS_PROGRESS_INTERVAL = 5.0
# What started the crawl: "manual", "schedule", "demo" ...
TRADEPRESS_TRIGGER = "manual"
# The crawls row to report into (the scheduler makes it before starting the crawl); 0: a new one.
TRADEPRESS_CRAWL_ID = 0

# --- Distributed crawls (see crawler/distributed.py and README "Scaling out") ---------------
# A Redis URL (redis://HOST:6379/0) turns a crawl into a worker of a shared queue; empty: off.
TRADEPRESS_REDIS_URL = ""
# A worker stops after this many seconds with nothing to do anywhere (queue empty, no leases).
TRADEPRESS_WORKER_IDLE = 30.0
# A worker whose heartbeat is older than this many seconds counts as dead: the requests it had
# taken are put back in the queue by the others.
TRADEPRESS_WORKER_HEARTBEAT = 10.0
# Seconds between two requests to one host across all workers ("": DOWNLOAD_DELAY).
TRADEPRESS_GLOBAL_DELAY = ""
ADDONS = {"crawler.distributed.Distributed": 0}

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
