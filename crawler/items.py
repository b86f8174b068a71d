"""What flows through the crawl: a fetched page, and a fetch that failed.

The spider yields :class:`Page` for every article page it downloads; the extraction pipeline
fills ``record`` with the plain-data result of ``extract_article``; the storage pipeline writes
it. A :class:`FetchFailure` is stored as-is so that a crawl's errors can be queried later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    url: str                      # final URL, after redirects
    requested_url: str            # what the spider asked for
    status: int
    headers: dict[str, str]
    body: bytes
    encoding: str
    fetched_at: str               # ISO 8601, UTC
    site: str | None              # profile name, None for `crawl --url`
    source: str                   # how it was found: feed, sitemap, listing, url
    hints: dict[str, Any] = field(default_factory=dict)  # e.g. the feed's pubDate
    capture_id: int | None = None                        # the raw capture of this response
    record: dict[str, Any] | None = None                 # filled by ExtractionPipeline

    @property
    def text(self) -> str:
        return self.body.decode(self.encoding or "utf-8", errors="replace")


@dataclass
class FetchFailure:
    url: str
    site: str | None
    status: int | None            # HTTP status, None for network errors
    error: str                    # one readable line
    failed_at: str                # ISO 8601, UTC
