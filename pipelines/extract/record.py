"""The record schema: what :func:`pipelines.extract.extract_article` returns, stated once.

A record is a plain dict with exactly the keys of ``RECORD_FIELDS``, each holding a value of
the types listed there. Beyond the types:

- ``authors`` is a list of ``{name, role, organisation}`` dicts, ``name`` a non-empty string,
  ``role`` and ``organisation`` non-empty strings or None;
- ``published`` and ``updated`` are ISO 8601 (``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM:SS`` with
  an optional ``+HH:MM`` offset) or None, and ``published_raw`` is None when ``published`` is;
- ``genre`` is one of ``GENRES`` for an article (None is allowed for a page that is not one);
- ``language`` is a two-letter lower-case code or None;
- ``paywalled`` is True exactly when ``paywall_reason`` holds one of ``PAYWALL_REASONS``
  (the body is then a subscriber's teaser);
- ``is_article`` is False exactly when ``not_article_reason`` holds one of
  ``NOT_ARTICLE_REASONS``: a page that is not an article still has everything found on it
  (body, authors, dates), so that nothing fetched is lost and a better classifier can re-judge;
- every string can be written as UTF-8 (SQLite, JSON Lines, CSV).

:func:`record_problems` lists what is wrong with a record, one sentence each: the tests use it
on every record the fuzzers produce, and any consumer can use it on records it did not make.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

GENRES = ("opinion", "letter", "editorial", "news", "other")
# Why a page is not an article: the reason words of ``not_article_reason``.
NOT_ARTICLE_REASONS = {
    "page-type": "its structured data says it is a collection, search, profile, FAQ or about page",
    "site-page": "its address is one of the site's own pages (about, contact, privacy, terms...)",
    "listing": "it is a list of headlines linking to other pages, with little running text",
    "website": "it calls itself a website (og:type) and has little running text",
    "short": "it has too little running text to be an article",
}
# Why a page is taken for a subscriber's teaser: the reason words of ``paywall_reason``.
PAYWALL_REASONS = {
    "structured-data": "its structured data says it is not free to read (isAccessibleForFree)",
    "paywall-notice": "a paywall or subscription box on it says the rest is for subscribers",
}
AUTHOR_FIELDS = ("name", "role", "organisation")
# Field -> the types its value may have (type(None) where it may be missing).
RECORD_FIELDS: dict[str, tuple[type, ...]] = {
    "url": (str, type(None)),
    "is_article": (bool,),
    "not_article_reason": (str, type(None)),
    "title": (str, type(None)),
    "standfirst": (str, type(None)),
    "body": (str,),
    "authors": (list,),
    "published": (str, type(None)),
    "updated": (str, type(None)),
    "genre": (str, type(None)),
    "language": (str, type(None)),
    "paywalled": (bool,),
    "paywall_reason": (str, type(None)),
    "byline_raw": (str, type(None)),
    "published_raw": (str, type(None)),
    "extractor_version": (str,),
}
# Strings that, when present, are never empty (an empty value is written as None).
NON_EMPTY = ("title", "standfirst", "byline_raw", "published_raw", "extractor_version")
# (?a): ASCII digits only
ISO_DATE = re.compile(r"(?a)\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?)?")
LANGUAGE_CODE = re.compile(r"[a-z]{2}")


def record_problems(record: Any) -> list[str]:
    """What is wrong with ``record`` against the schema; an empty list for a valid record."""
    if not isinstance(record, dict):
        return [f"record is a {type(record).__name__}, not a dict"]
    problems = [f"missing key {key!r}" for key in RECORD_FIELDS if key not in record]
    problems += [f"unexpected key {key!r}" for key in record if key not in RECORD_FIELDS]
    for key, types in RECORD_FIELDS.items():
        if key in record and not isinstance(record[key], types):
            problems.append(f"{key} is a {type(record[key]).__name__}: {record[key]!r:.80}")
    if problems:
        return problems
    problems += [f"{key} is an empty string" for key in NON_EMPTY if record[key] == ""]
    problems += author_problems(record["authors"])
    for key in ("published", "updated"):
        if record[key] is not None and not is_iso_date(record[key]):
            problems.append(f"{key} is not ISO 8601: {record[key]!r:.80}")
    if record["published"] is None and record["published_raw"] is not None:
        problems.append(f"published_raw without published: {record['published_raw']!r:.80}")
    if record["genre"] not in GENRES and (record["is_article"] or record["genre"] is not None):
        problems.append(f"genre is not one of {', '.join(GENRES)}: {record['genre']!r:.80}")
    if record["language"] is not None and not LANGUAGE_CODE.fullmatch(record["language"]):
        problems.append(f"language is not a two-letter code: {record['language']!r:.80}")
    if record["is_article"] != (record["not_article_reason"] is None):
        problems.append(f"is_article is {record['is_article']} with not_article_reason "
                        f"{record['not_article_reason']!r:.40}")
    if record["paywalled"] != (record["paywall_reason"] in PAYWALL_REASONS):
        problems.append(f"paywalled is {record['paywalled']} with paywall_reason "
                        f"{record['paywall_reason']!r:.40}")
    if record["not_article_reason"] not in (None, *NOT_ARTICLE_REASONS):
        problems.append(f"not_article_reason is not a reason word: "
                        f"{record['not_article_reason']!r:.40}")
    problems += [f"{key} cannot be written as UTF-8" for key, value in _strings(record)
                 if not _encodable(value)]
    return problems


def author_problems(authors: list) -> list[str]:
    """What is wrong with a list of authors (a record's, or a byline parser's result)."""
    problems = []
    for i, author in enumerate(authors):
        if not isinstance(author, dict) or set(author) != set(AUTHOR_FIELDS):
            problems.append(f"authors[{i}] is not a {{name, role, organisation}} dict: "
                            f"{author!r:.80}")
            continue
        if not isinstance(author["name"], str) or not author["name"].strip():
            problems.append(f"authors[{i}].name is not a non-empty string: {author['name']!r:.80}")
        for key in ("role", "organisation"):
            value = author[key]
            if value is not None and (not isinstance(value, str) or not value.strip()):
                problems.append(f"authors[{i}].{key} is not a non-empty string or None: "
                                f"{value!r:.80}")
    return problems


def is_iso_date(value: str) -> bool:
    """True for the forms dates take in a record: a day, or a time with an optional offset."""
    if not ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _strings(record: dict[str, Any]):
    """Every string in the record, with the key it is under."""
    for key, value in record.items():
        if isinstance(value, str):
            yield key, value
    for author in record["authors"]:
        if isinstance(author, dict):
            yield from (("authors", v) for v in author.values() if isinstance(v, str))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
