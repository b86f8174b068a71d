"""What to fetch and what went wrong: pure functions the spider and middlewares share.

* :func:`clean_url` gives the one address an article is archived under: no fragment, no
  tracking parameters (``utm_*``, ``fbclid``...), so a piece shared with ten campaign tags is
  fetched and stored once.
* :func:`refusal` says why a URL must not be fetched at all (only http and https are).
* :func:`not_a_page` says why a response on an article URL is not a page to extract (a PDF,
  an image, an empty body).
* :func:`classify` turns a failed request into a reason word and one readable line; the reason
  is what the ``failures`` table and a crawl's summary count by.
* :func:`recheck_due` says whether an archived article is due for a re-check under a site's
  recrawl policy.
* :func:`canonical_href` finds a page's ``<link rel="canonical">`` without parsing the page
  (the spider needs nothing else from an article page; extraction parses it once, later).

Reason words: ``http`` (an error status), ``timeout``, ``connection`` (refused, reset, cut
short), ``dns``, ``too-large``, ``robots`` (disallowed, or robots.txt unreachable), ``offsite``
(another host), ``internal`` (a non-public address), ``redirect-loop``, ``refused`` (not
http(s)), ``not-html``, ``empty``, ``decoding`` (a body its Content-Encoding does not unpack),
``malformed`` (a feed or sitemap), ``extraction``, ``error``.
"""

from __future__ import annotations

import html
import re
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit, urlunsplit

FETCHABLE_SCHEMES = ("http", "https")
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|"
    r"cmpid|ito|icid|ncid|sr_share|share|s_cid|at_medium|at_campaign|at_custom\d*)$", re.I)
# What gzip, brotli and zstandard raise for a body that is not what its Content-Encoding says
# (zlib's errors say "while decompressing"; Scrapy's HttpCompressionMiddleware lets them through).
DECODING_ERRORS = ("BadGzipFile", "BrotliError", "ZstdError")
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
# What an HTML parser reads as a <link> tag (quoted values may hold '>'), and what it does not
# look into for tags (comments, scripts, styles...), tried in one pass over the bytes.
_LINK_OR_SKIPPED = re.compile(
    rb"<!--.*?(?:-->|\Z)|<(script|style|textarea|title)\b.*?(?:</\1\s*>|\Z)"
    rb"""|<link(?=[\s/>])((?>"[^"]*"|'[^']*'|[^>])*)>""", re.I | re.S)
# One attribute inside a tag: a name, and maybe a value (quoted either way, or bare).
_ATTRIBUTE = rb"""([^\s=>/"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?"""
_ATTRIBUTES = re.compile(_ATTRIBUTE)


def clean_url(url: str) -> str:
    """The URL without its fragment and tracking parameters (other parameters keep order)."""
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMS.match(k)]
    return urlunsplit(parts._replace(query=urlencode(kept, doseq=True)))


def refusal(url: str) -> str | None:
    """Why this URL is not fetched (a scheme other than http(s), no host), or None."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in FETCHABLE_SCHEMES:
        return f"not an http(s) URL: {url[:200]}"
    if not parts.hostname:
        return f"no host in URL: {url[:200]}"
    return None


def not_a_page(content_type: str | None, body: bytes) -> tuple[str, str] | None:
    """(reason, message) if a 200 response is not an HTML page to extract, else None."""
    if not body.strip():
        return "empty", "empty body"
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind and kind not in HTML_TYPES and not kind.endswith("+xml"):
        return "not-html", f"not an HTML page: {kind}"
    return None


def retry_after_seconds(value: str | bytes | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def classify(exception: BaseException, status: int | None = None,
             location: str | None = None) -> tuple[str, str]:
    """(reason, message) for a request that failed with ``exception`` (an ``HttpError`` carries
    the response's ``status``; a redirect's ``location`` says where it wanted to go)."""
    name = type(exception).__name__
    text = str(exception).strip() or name
    lowered = f"{name} {text}".lower()
    if status is not None:
        if 300 <= status < 400 and location and refusal(location):
            return "refused", f"redirect to a URL that is not fetched: {location[:200]}"
        return "http", f"HTTP {status}"
    if text.startswith("internal:"):  # crawler.targets.address_refusal
        return "internal", text.splitlines()[0][:300]
    if "robots.txt" in lowered:
        if "forbidden by robots.txt" in lowered:
            return "robots", "forbidden by robots.txt"
        return "robots", text.splitlines()[0][:300]  # robots.txt itself could not be fetched
    if "max redirections" in lowered:
        return "redirect-loop", "too many redirects (a redirect loop?)"
    if "offsite" in lowered or "filtered offsite" in lowered:
        return "offsite", f"left the site: {text.removeprefix('offsite: ')}".splitlines()[0][:300]
    if "max size" in lowered or "download_maxsize" in lowered:
        return "too-large", text.split(" in request <")[0].splitlines()[0][:300]
    if name == "DownloadCancelledError":  # what Scrapy raises when a body outgrows the limit
        return "too-large", "download cancelled: the body went over DOWNLOAD_MAXSIZE"
    if name in DECODING_ERRORS or "decompress" in lowered:
        return "decoding", ("the body does not decode as its Content-Encoding says: "
                            f"{name}: {text}").splitlines()[0][:300]
    if "dataloss" in lowered:
        return "connection", "the connection closed before the whole body arrived"
    if "timeout" in lowered or "timed out" in lowered:
        return "timeout", f"timed out ({name})"
    if "dns" in lowered or "lookup" in lowered:
        return "dns", text.splitlines()[0][:300]
    if any(w in lowered for w in ("connection", "responsefailed", "responsenevereceived",
                                  "partialdownload", "reset", "refused")):
        return "connection", f"{name}: {text}".splitlines()[0][:300]
    return "error", f"{name}: {text}".splitlines()[0][:300]


def _day(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat((value or "")[:19])
    except ValueError:
        return None


def recheck_due(known: dict[str, Any], policy: tuple[int, int, int], now: str) -> bool:
    """Whether a known article is due for a re-check under (recent_days, recent_every_days,
    older_every_days): recent articles often, older ones less often."""
    recent_days, recent_every, older_every = policy
    today = _day(now) or datetime.now()
    born = _day(known.get("published")) or _day(known.get("first_seen_at")) or today
    last = _day(known.get("last_checked_at")) or _day(known.get("fetched_at"))
    every = recent_every if (today - born).days < recent_days else older_every
    return last is None or every == 0 or (today - last).days >= every


def canonical_href(body: bytes, encoding: str = "utf-8") -> str | None:
    """The ``href`` of the page's first ``<link>`` whose ``rel`` has the word ``canonical``,
    as an HTML parser reads it (entities undone; links inside comments, scripts and styles do
    not count; an attribute given twice counts once, the first time), or None.

    The same answer as ``response.css("link[rel~=canonical]::attr(href)").get()``, without
    building a tree of the whole page.
    """
    for match in _LINK_OR_SKIPPED.finditer(body):
        if match.group(2) is None:
            continue  # a comment, script or style
        attributes: dict[bytes, bytes] = {}
        for name, value in _ATTRIBUTES.findall(match.group(2)):
            attributes.setdefault(name.lower(), value[1:-1] if value[:1] in (b'"', b"'")
                                  else value)
        href = attributes.get(b"href")
        if href is not None and b"canonical" in attributes.get(b"rel", b"").split():
            return html.unescape(href.decode(encoding, "replace"))
    return None
