"""Web archives' capture indexes (CDX servers): pure functions for `tradepress backfill`.

One client for the servers that share the CDX API: the Wayback Machine's
(``https://web.archive.org/cdx/search/cdx``), pywb's (``http://HOST/COLLECTION/cdx``) and
Common Crawl's index servers (pywb underneath). They answer the same query in three shapes,
all read by :func:`parse_cdx`:

- the Wayback Machine's ``output=json``: one JSON array, a header row of field names first
  (``urlkey timestamp original mimetype statuscode digest length``), then one array a capture,
  and, with ``showResumeKey=true``, an empty row and the key to ask for the next page;
- pywb's ``output=json``: one JSON object a line (``url``, ``mime``, ``status``...);
- plain CDX lines, space-separated in the Wayback Machine's default field order.

Captures are normalised to :class:`Memento` (``url``, ``timestamp``, ``mime``, ``status``,
``digest``). :func:`collapse` keeps the first of each run of captures of a URL with the same
digest (the Wayback Machine's ``collapse=digest``, done here because pywb ignores it), and
:func:`memento_url` names a capture's original bytes in raw ``id_`` mode. An index without
replay (Common Crawl's) says where each capture's WARC record is instead (file, offset,
length): :func:`record_range` names those bytes, fetched with an HTTP ``Range``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from pipelines.archive.warcread import Problem, iso_date, read_record

WAYBACK_CDX = "https://web.archive.org/cdx/search/cdx"
WAYBACK_REPLAY = "https://web.archive.org/web/"
COMMON_CRAWL_DATA = "https://data.commoncrawl.org/"
PLAIN_FIELDS = ("urlkey", "timestamp", "url", "mime", "status", "digest", "length")
_NAMES = {"original": "url", "mimetype": "mime", "statuscode": "status"}


@dataclass(frozen=True)
class Memento:
    """One capture in a web archive's index."""

    url: str                # the original URL
    timestamp: str          # 14 digits, UTC
    mime: str = ""
    status: int | None = None  # None: not said (a revisit in pywb's index)
    digest: str = ""
    filename: str = ""      # the WARC file holding it, and where (Common Crawl's index says)
    offset: int | None = None
    length: int | None = None

    @property
    def when(self) -> str:
        """The capture's time in the project's ISO form."""
        return timestamp_iso(self.timestamp)


def query_url(source: str, prefix: str, since: str | None = None, until: str | None = None,
              limit: int | None = None, resume_key: str | None = None) -> str:
    """The CDX query for every capture under ``prefix`` (host and path, no scheme), between
    the days ``since`` and ``until`` (YYYY-MM-DD, inclusive)."""
    params: dict[str, str] = {"url": prefix.rstrip("*") + "*", "output": "json"}
    if since:
        params["from"] = since.replace("-", "")
    if until:
        params["to"] = until.replace("-", "")
    if limit:
        params["limit"] = str(limit)
        params["showResumeKey"] = "true"
    if resume_key:
        params["resumeKey"] = resume_key
    return f"{source}{'&' if '?' in source else '?'}{urlencode(params)}"


def url_prefix(base_url: str) -> str:
    """What a CDX query matches for a site: its base URL's host and path, without scheme."""
    parts = urlsplit(base_url)
    return (parts.netloc + (parts.path or "/")).rstrip("/") + "/"


def replay_base(source: str) -> str:
    """Where an index server's captures are replayed: the Wayback Machine's ``/web/``, or, for
    pywb (``.../COLLECTION/cdx``), the collection's own address."""
    if source.rstrip("/") == WAYBACK_CDX:
        return WAYBACK_REPLAY
    path = source.split("?", 1)[0].rstrip("/")
    if path.endswith("/cdx"):
        return path[: -len("cdx")]
    raise ValueError(f"cannot tell where {source} replays its captures (give --replay)")


def memento_url(replay: str, memento: Memento) -> str:
    """The capture's original bytes, as archived (raw ``id_`` mode)."""
    return f"{replay.rstrip('/')}/{memento.timestamp}id_/{memento.url}"


def record_range(warc_prefix: str, memento: Memento) -> tuple[str, str] | None:
    """Where the capture's WARC record is, for an index without replay (Common Crawl's): the
    WARC file's URL under ``warc_prefix`` and the HTTP ``Range`` of its bytes; None if the
    index did not say."""
    if not memento.filename or memento.offset is None or not memento.length:
        return None
    return (f"{warc_prefix.rstrip('/')}/{memento.filename.lstrip('/')}",
            f"bytes={memento.offset}-{memento.offset + memento.length - 1}")


def warc_prefix_for(source: str) -> str | None:
    """Common Crawl's index servers answer with the WARC records' places, not with replays:
    their files are served by byte range from ``COMMON_CRAWL_DATA``."""
    return COMMON_CRAWL_DATA if urlsplit(source).hostname == "index.commoncrawl.org" else None


def parse_cdx(text: str) -> tuple[list[Memento], str | None]:
    """The captures of a CDX answer in any of the three shapes, and the resume key if the
    server gave one. ``ValueError`` for an answer that is none of them."""
    text = text.strip()
    if not text:
        return [], None
    if text.startswith("["):
        return _json_array(json.loads(text))
    if text.startswith("{"):
        return [_memento(json.loads(line)) for line in text.splitlines() if line.strip()], None
    mementos = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 3 or not fields[1].isdigit():
            raise ValueError(f"not a CDX line: {line[:80]!r}")
        mementos.append(_memento(dict(zip(PLAIN_FIELDS, fields, strict=False))))
    return mementos, None


def _json_array(rows: list) -> tuple[list[Memento], str | None]:
    if not rows:
        return [], None
    header, rows = [str(name) for name in rows[0]], rows[1:]
    resume = None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:  # showResumeKey's tail
        resume, rows = str(rows[-1][0]), rows[:-2]
    return [_memento(dict(zip(header, row, strict=False))) for row in rows if row], resume


def _memento(fields: dict) -> Memento:
    fields = {_NAMES.get(k, k): v for k, v in fields.items()}
    if not fields.get("url") or not str(fields.get("timestamp", "")).isdigit():
        raise ValueError(f"a CDX capture without url or timestamp: {fields}")
    status = str(fields.get("status") or "")
    offset, length = str(fields.get("offset") or ""), str(fields.get("length") or "")
    return Memento(url=str(fields["url"]), timestamp=str(fields["timestamp"]).ljust(14, "0"),
                   mime=str(fields.get("mime") or ""),
                   status=int(status) if status.isdigit() else None,
                   digest=str(fields.get("digest") or ""),
                   filename=str(fields.get("filename") or ""),
                   offset=int(offset) if offset.isdigit() else None,
                   length=int(length) if length.isdigit() else None)


def collapse(mementos: list[Memento]) -> list[Memento]:
    """Each URL's captures in time order, without those whose digest is the one before's (the
    page had not changed); what is left is every distinct content a URL had, in order."""
    last: dict[str, str] = {}
    kept = []
    for memento in sorted(mementos, key=lambda m: (m.timestamp, m.url)):
        if memento.digest and last.get(memento.url) == memento.digest:
            continue
        last[memento.url] = memento.digest
        kept.append(memento)
    return kept


def timestamp_iso(timestamp: str) -> str:
    """A CDX timestamp (14 digits, or fewer: "2017" is its first second) in the project's
    ISO form (UTC)."""
    return iso_date(timestamp[:14].ljust(14, "0"))


def http_date_iso(value: str | None) -> str | None:
    """A ``Memento-Datetime`` header (an HTTP date) in the project's ISO form, or None."""
    if not value:
        return None
    try:
        when = datetime.strptime(value.strip(), "%a, %d %b %Y %H:%M:%S GMT")
    except ValueError:
        return None
    return when.replace(tzinfo=UTC).isoformat()


@dataclass(frozen=True)
class Archived:
    """A capture as the archive holds it: the site's status, headers and body, and when."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    when: str
    record_id: str | None = None


def archived(memento: dict, status: int, headers: list[tuple[str, str]],
             body: bytes) -> Archived:
    """What an archive's answer holds of a capture: a replay's answer as it is, dated by its
    ``Memento-Datetime``; or, for a byte range of a WARC file (``memento["record"]``), the
    record in it. ``ValueError`` (one line) if the answer is not a capture: the archive's own
    "not found" page, a range not served."""
    if memento.get("record"):
        if status != 206:
            raise ValueError(f"the WARC file answered HTTP {status}, not the range asked for")
        entry = read_record(body)
        if isinstance(entry, Problem):
            raise ValueError(f"no WARC record in the range: {entry.error}")
        return Archived(entry.status or 200, entry.headers, entry.body,
                        entry.date or memento["datetime"], entry.record_id)
    when = http_date_iso(next((v for k, v in headers if k.lower() == "memento-datetime"), None))
    if when is None:
        raise ValueError(f"not a capture (HTTP {status}, no Memento-Datetime)")
    return Archived(status, headers, body, when)
