"""When it was published and updated, as the page says it: structured metadata, ``<time>``
elements, the feed's date, dated lines and datelines near the headline, htmldate last. Date
strings themselves are read by :mod:`pipelines.extract.dates`."""

from __future__ import annotations

import copy
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from htmldate import find_date
from lxml import etree
from lxml.html import builder as E

from pipelines.extract.boilerplate import drop_element
from pipelines.extract.dates import COPYRIGHT, find_date_in_text, numeric_order_of, parse_iso
from pipelines.extract.metadata import (
    Metadata,
    text_of,
)
from pipelines.extract.page import (
    VISIBLE_TEXTS,
    article_container,
    headline_node,
    in_comments_or_related,
    in_other_pieces,
    node_attrs,
    node_text,
    spaced_text,
    url_parts,
)

# (read lower-cased, as NOT_BYLINE_ANCESTOR: faster than case-insensitive matching)
DATE_ATTRS = re.compile(r"(^|[\s_-])(date|time|published|posted|pubdate|timestamp|"
                        r"meta-?date|article-?date|entry-?date)($|[\s_-])")
UPDATED_LABEL = re.compile(r"(?i)^\W*(last )?(updated|modified|aktualisiert|mis à jour)\b"
                           r"|\b(updated|aktualisiert|mis à jour)( on| am| le)?:?\s")
UPDATED_ATTRS = re.compile(r"(?i)updated|modified")
LINE_PARTS = re.compile(r"\s+[|•·]\s+")  # a byline's parts: "By Jane Doe | 10 March 2025"
DATE_LABEL = re.compile(r"(?i)\b(published|posted|updated|date|veröffentlicht|publié)\b")
# An instant written in UTC, with its time of day.
# Dates written for machines: <time datetime>, and the microformat's <abbr class="published"
# title="2025-03-19T10:45:00Z"> (hAtom: Blogger and older WordPress themes).
MACHINE_DATES = etree.XPath(
    "//time[@datetime] | //abbr[@title][contains(concat(' ', normalize-space(@class), ' '), "
    "' published ')]")
MODIFIED_DATES = etree.XPath(
    "//time[@datetime][@itemprop='dateModified'] | //abbr[@title][contains(concat(' ', "
    "normalize-space(@class), ' '), ' updated ')]")
UTC_INSTANT = re.compile(r"T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]00:?00)$")
# A site's top bar or masthead, or an element that says it shows today's date.
SITE_BAR = re.compile(r"top-?bar|masthead|site-?header|utility-?bar|today|current-?date|"
                      r"head(?:er)?[-_]?date")  # (a theme's header date: "tdb_header_date")
LABEL_WORDS = re.compile(r"ublish|osted|pdated|[Dd]ate|DATE|PUBLISH|POSTED|UPDATED|öffentlicht|"
                         r"ublié|ktualisiert|is à jour|odified")


def base_time(fetched_at: str | None) -> datetime | None:
    if not fetched_at:
        return None
    try:
        return datetime.fromisoformat(fetched_at.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


# A full date in the URL's path ("/2025/03/11/slug"): the day the site filed the piece under.
URL_DAY = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/-]|$)")


def url_day(url: str | None) -> str | None:
    """The date in a URL's path, as YYYY-MM-DD, or None."""
    match = URL_DAY.search(url_parts(url).path)
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:  # "/2025/02/31/": no such day
        return None


# A query's key for the day of the page ("letters.asp?LetterID=87&date=09-08-2006": an old
# site's own record of it), its value read as the page's numeric dates are.
QUERY_DATE_KEYS = frozenset({"date", "pubdate", "pub_date", "publishdate", "published", "datum",
                             "fecha", "data"})


def query_day(url: str | None, kwargs: dict) -> tuple[str | None, str | None]:
    """The day a date-named parameter of the URL's query gives (YYYY-MM-DD), and the
    parameter as written; (None, None) without one."""
    for key, value in parse_qsl(url_parts(url).query):
        if key.lower() in QUERY_DATE_KEYS and (found := find_date_in_text(value, **kwargs))[0]:
            return found[0][:10], f"{key}={value}"
    return None, None


def published_date(tree, md: Metadata, hints: dict, kwargs: dict,
                   title: str | None = None, url: str | None = None
                   ) -> tuple[str | None, str | None]:
    """The publication date and the raw string it was read from. A date on the page whose day
    is not the day in the URL's path is another piece's (a list of related posts): passed
    over, and the URL's day is taken when nothing on the page agrees with it (the day in its
    path, else in its query)."""
    filed, filed_raw = url_day(url), url_parts(url).path
    if not filed:
        filed, queried = query_day(url, kwargs)
        filed_raw = queried or filed_raw

    def agrees(value: str | None) -> bool:  # (a day apart: a print edition's URL, a time zone)
        return bool(value) and (not filed or abs(
            (date.fromisoformat(value[:10]) - date.fromisoformat(filed)).days) <= 1)

    structured = [text_of(md.article.get("datePublished")), md.meta.get("article:published_time"),
                  md.meta.get("datepublished"), md.meta.get("date"), md.meta.get("dc.date"),
                  md.meta.get("dc.date.issued"), md.meta.get("dc.date.created"),
                  md.meta.get("dcterms.issued"), md.meta.get("dcterms.created"),
                  md.meta.get("publish-date"), md.meta.get("sailthru.date")]
    for raw in structured:
        if raw and (value := parse_iso(raw)):
            if not UTC_INSTANT.search(raw):
                return value, raw
            # (the first <time> of that instant only: a template may stamp its comments' times
            # with the article's instant)
            same = next((node for node in tree.xpath("//time[@datetime]")
                         if parse_iso(node.get("datetime")) == value
                         and not in_comments_or_related(node)), None)
            return (same is not None and _local_day(same, value, kwargs)) or (value, raw)
    container = article_container(tree)
    for node in MACHINE_DATES(tree):
        if _is_update(node) or in_comments_or_related(node) or in_other_pieces(node, container):
            continue
        raw = node.get("datetime") or node.get("title")
        if agrees(value := parse_iso(raw)):
            return _local_day(node, value, kwargs) or (value, raw)
    hinted = hints.get("published")  # the feed's date, as the crawl read it (ISO 8601)
    if isinstance(hinted, str) and (value := parse_iso(hinted, base=kwargs.get("base"))):
        return value, hinted
    h1 = next(iter(tree.iter("h1")), None)
    around_h1 = set(h1.iterancestors()) if h1 is not None else set()
    for node in tree.iter("span", "div", "p", "time", "li", "small"):
        if DATE_ATTRS.search(node_attrs(node).lower()) and not _is_update(node) and not (
                _in_site_bar(node, around_h1)):
            text = node_text(node)
            if 6 <= len(text) <= 120 and not in_comments_or_related(node) and not (
                    in_other_pieces(node, container)):
                value, raw = find_date_in_text(text, **kwargs)
                if agrees(value):
                    return value, raw
    for _node, text in _labelled_dates(tree, DATE_LABEL):
        if not UPDATED_LABEL.match(text):
            value, raw = find_date_in_text(text, **kwargs)
            if agrees(value):
                return value, raw
    value, raw = _dateline_near_title(tree, kwargs, title)
    if agrees(value):
        return value, raw
    if filed:
        return parse_iso(filed), filed_raw
    return _htmldate(tree, kwargs.get("base"))


def _htmldate(tree, base) -> tuple[str | None, str | None]:
    """Last resort: htmldate's reading of the markup and URL, then its extensive search (free
    text, with its own guards against copyright lines), as trafilatura's metadata does."""
    for extensive in (False, True):
        try:
            found = find_date(_page_text(tree) if extensive else tree, extensive_search=extensive,
                              original_date=True,
                              max_date=(base or datetime.now()).strftime("%Y-%m-%d"))
        except Exception:  # noqa: BLE001 - a third-party heuristic must not fail the page
            return None, None
        value = parse_iso(found, base=base) if found else None  # htmldate's, if plausible
        if value and extensive and value.endswith("-01-01"):
            continue  # a bare year read as the 1st of January: not a publication date
        if value:
            return value, f"(htmldate) {found}"
    return None, None


def _page_text(tree):
    """The text a reader sees, one paragraph of lines, for htmldate's free-text search. Not the
    markup: the dates in an asset's address ("?ver=20240101", "/uploads/2024/04/") and in links
    to other pieces are not this page's; nor is a copyright year. On 710 real pages this gave
    as many right dates as searching the markup, a third of the wrong dates on undated pages,
    in a quarter of the time."""
    tree = copy.deepcopy(tree)
    for node in tree.xpath("//script | //style"):
        drop_element(node)
    for node in _copyright_lines(tree):
        drop_element(node)
    body = tree.find("body")
    return E.HTML(E.BODY(E.P("\n".join(  # (htmldate wants an HTML element, as parsed)
        line for text in (tree if body is None else body).itertext() if (line := text.strip())))))


def _copyright_lines(tree) -> list:
    """Elements of a few children whose text starts with a copyright line ("© 2019 Example
    Ltd"), in document order; looked for only around the texts that mention copyright."""
    around = set()
    for element in tree.iter():
        if (element.tail and _mentions_copyright(element.tail)) or (
                isinstance(element.tag, str) and element.text
                and _mentions_copyright(element.text)):
            node = element  # (the element whose text or tail it is, then its ancestors)
            while node is not None and node not in around:
                around.add(node)
                node = node.getparent()
    return [node for node in tree.iter() if node in around and len(node) < 5
            and COPYRIGHT.search(node.text_content()[:300])]


def _mentions_copyright(text: str) -> bool:
    """What may hold a copyright line (``COPYRIGHT`` decides), as XPath's contains() read it
    before: "©", "(c)", "(C)", or "copyright" with its ASCII letters in any case (lower() maps
    no other character to one of those letters). Read from each element's text and tail in
    Python: XPath's translate() over every text of the page was twice as slow."""
    return "\u00a9" in text or "(c)" in text or "(C)" in text or "copyright" in text.lower()


def updated_date(tree, md: Metadata, kwargs: dict) -> str | None:
    """When the page says it was last changed: metadata, then an "Updated ..." line."""
    for raw in (text_of(md.article.get("dateModified")), md.meta.get("article:modified_time"),
                md.meta.get("og:updated_time"), md.meta.get("datemodified")):
        if raw and (value := parse_iso(raw)):
            return value
    for node in MODIFIED_DATES(tree):
        if (value := parse_iso(node.get("datetime") or node.get("title"))):
            return value
    if md.article.get("datePublished") or md.meta.get("article:published_time"):
        return None  # a page whose metadata has dates would have said if it was updated
    for _, text in _labelled_dates(tree, UPDATED_LABEL):
        value, _ = find_date_in_text(UPDATED_LABEL.split(text, maxsplit=1)[-1], **kwargs)
        if value:
            return value
    return None


def _labelled_dates(tree, label: re.Pattern):
    """Short texts that carry a date label ("Posted: ...", "Updated ..."), outside comments."""
    return [(node, text) for node, text in _datelines(tree) if label.search(text)]


@lru_cache(maxsize=1)
def _datelines(tree) -> list[tuple[Any, str]]:
    """Every short text that mentions publishing or updating: gathered once per page, for
    both the published and the updated date."""
    lines, seen = [], set()
    for found in VISIBLE_TEXTS(tree):  # text with a label word: its element and the parent
        if not LABEL_WORDS.search(found):
            continue
        parent = found.getparent()
        for node in (parent, parent.getparent() if parent is not None else None):
            if node is None or node in seen or node.tag in ("script", "style", "html", "body"):
                continue
            seen.add(node)
            if len(node) > 4 or len(node.text or "") > 80:
                continue  # a container, or a paragraph of prose: not a dateline
            text = spaced_text(node)
            if (6 <= len(text) <= 80 and (DATE_LABEL.search(text) or UPDATED_LABEL.search(text))
                    and not in_comments_or_related(node)):
                lines.append((node, text))
    return lines


def _local_day(node, value: str, kwargs: dict) -> tuple[str, str] | None:
    """The day a ``<time>`` shows when its instant is written in UTC and the page's own text
    gives the day before or after: the local day ("2025-04-02T19:00:00Z" shown as "3 April
    2025" by a New Zealand site), with the text as the raw date."""
    if not UTC_INSTANT.search(node.get("datetime") or ""):
        return None
    text = node_text(node)
    shown, raw = find_date_in_text(text, **kwargs) if 6 <= len(text) <= 80 else (None, None)
    if shown and abs((date.fromisoformat(shown[:10]) - date.fromisoformat(value[:10])).days) == 1:
        return shown[:10], raw
    return None


def _in_site_bar(node, around_h1: set) -> bool:
    """In the site's own header or top bar, away from the headline: the day's date that a
    masthead shows ("Wednesday 1 October 2025"), not the article's. ``around_h1``: the
    headline's ancestors."""
    if SITE_BAR.search(node_attrs(node).lower()):
        return True
    for ancestor in node.iterancestors():
        if ancestor in around_h1:
            return False  # (the article's own header, around its headline)
        if ancestor.tag == "header" or SITE_BAR.search(node_attrs(ancestor).lower()):
            return True
    return False


def _is_update(node) -> bool:
    return node.get("itemprop") == "dateModified" or bool(UPDATED_ATTRS.search(node_attrs(node)))


def _dateline_near_title(tree, kwargs: dict,
                         title: str | None = None) -> tuple[str | None, str | None]:
    """A short line with a date in it, close to the headline (nearest first): the dateline
    of templates that mark it up with nothing but a ``<font>`` or a ``<span>``."""
    h1 = headline_node(tree, title)
    if h1 is None:
        return None, None
    container, seen = h1, set()
    for _ in range(4):
        container = container.getparent() if container.getparent() is not None else container
        for node in container.iter():
            if node in seen or not isinstance(node.tag, str) or node.tag in ("script", "style"):
                continue
            seen.add(node)
            if len(node) > 4 or len(node.text or "") > 60:
                continue
            text = spaced_text(node)  # (or a short part of a line: "By X | 10 March 2025")
            for part in [text] if len(text) <= 60 else LINE_PARTS.split(text):
                if 6 <= len(part) <= 60:
                    value, raw = find_date_in_text(part, **kwargs)
                    if value and not in_comments_or_related(node):  # (not a comment's, a teaser's)
                        return value, raw
    return None, None


def page_date_order(tree) -> str | None:
    """The order of the page's numeric dates as its other dates show it (``numeric_order_of``
    over all its pieces of text, spaced): for a page whose region does not tell."""
    return numeric_order_of(" ".join(tree.itertext()))
