"""What flows through the crawl: a fetched page, and a fetch that failed.

The spider yields :class:`Page` for every article page it downloads; the extraction pipeline
fills ``record`` with the plain-data result of ``extract_article``; the storage pipeline writes
it. A :class:`FetchFailure` is stored as-is so that a crawl's errors can be queried later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipelines.extract.encoding import decode_html


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
        """The body as text: see :func:`pipelines.extract.encoding.decode_html` for whose word
        on the charset is taken (the bytes', where they are unambiguous)."""
        content_type = next((v for k, v in self.headers.items()
                             if k.lower() == "content-type"), None)
        return decode_html(self.body, content_type)[0]


@dataclass
class FetchFailure:
    url: str
    site: str | None
    status: int | None            # HTTP status, None for network errors
    error: str                    # one readable line
    failed_at: str                # ISO 8601, UTC
    reason: str = "error"         # one word to count by: http, timeout, robots, offsite, ...
    kind: str = "article"         # what was asked for: article, feed, sitemap, listing
