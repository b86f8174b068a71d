"""Extraction: one fetched page in, one clean record out.

:func:`extract_article` is a pure function of the page's HTML and what is known about it (URL,
fetch time, the site profile's hints); it returns plain data. The crawl, ``tradepress extract``
and re-extraction of stored captures all call it. :class:`ExtractionPipeline` is the thin Scrapy
stage over it.

The order of work:
1. read structured metadata (JSON-LD, meta tags) and byline candidates from the untouched page;
2. drop boilerplate containers (``pipelines.boilerplate``) and run trafilatura on what is left;
3. clean the paragraphs: drop boilerplate lines, the title, the standfirst, bylines, repeated
   author names; take sign-offs, end notes and letter signatures off the end as authors;
4. decide title, standfirst, authors, dates, genre, language and whether this is an article.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import re
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from functools import lru_cache, partial
from multiprocessing import get_context
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml import html as lxml_html

from pipelines.boilerplate import (
    boilerplate_kind,
    drop_element,
    strip_boilerplate,
)
from pipelines.bylines import (
    Author,
    looks_like_name,
    merge_authors,
    parse_byline,
    parse_endnote,
    parse_signature,
    parse_signoff,
    split_role_organisation,
)
from pipelines.dates import find_date_in_text, parse_iso
from pipelines.encoding import decode_html
from pipelines.metadata import (
    NON_ARTICLE_TYPES,
    Metadata,
    jsonld_authors,
    meta_authors,
    read_metadata,
    text_of,
)

EXTRACTOR_VERSION = "0.1.0"
logger = logging.getLogger(__name__)

# Bounds on what is extracted at all, so that one hostile page cannot stall a crawl: real
# article pages are well under a megabyte and a few thousand elements.
MAX_PAGE_BYTES = 32_000_000
MAX_ELEMENTS = 50_000
BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b",
                     b"RIFF", b"\x00\x00\x01\x00")
# Fewer words than this from trafilatura's fast mode, and its fallback extractors are tried.
THIN_TEXT_WORDS = 120
KEYS = ("url", "is_article", "title", "standfirst", "body", "authors", "published", "updated",
        "genre", "language", "paywalled", "byline_raw", "published_raw", "extractor_version")

# "field--type-text-with-summary" is the body's container, not a summary of it.
BODY_TOKEN = re.compile(r"(?i)body|content|text")
STANDFIRST_ATTRS = re.compile(r"(?i)(^|[\s_-])(standfirst|strapline|dek|deck|subhead(ing|line)?|"
                              r"sub-?title|summary|intro|lede|lead|excerpt|article-?description|"
                              r"teaser|kicker-?text)($|[\s_-])")
BYLINE_ATTRS = re.compile(r"(?i)(^|[\s_-])(by-?line|author|authors|author-?name|contributor|"
                          r"writer|signature|sign-?off|posted-?by|autor|autorin|auteur|"
                          r"fn|vcard|creator)($|[\s_-])")
AUTHOR_BIO_ATTRS = re.compile(r"(?i)(author|contributor|writer)-?_*(bio|box|card|info|about|"
                              r"profile|note|description)|about-?the-?author|"
                              r"(^|[\s_-])bio($|[\s_-])")
AUTHOR_ROLE_ATTRS = re.compile(r"(?i)(author|byline|autor|auteur|contributor)-?_*(role|job|"
                               r"job-?title|title|position|desc|description|affiliation|org)"
                               r"($|[\s_-])|(^|[\s_-])job-?title($|[\s_-])")
# Any of the three above, as a cheap first test over every element with attributes.
AUTHORISH_ATTRS = re.compile(r"(?i)by-?line|author|autor|auteur|contributor|writer|signature|"
                             r"sign-?off|posted|\bfn\b|vcard|creator|bio|job")
BY_START = re.compile(r"^\s*(by|von|par|words by|written by)(\s|$)", re.I)
AUTHOR_LINKS = etree.XPath(".//a[{}]".format(" or ".join(
    f"contains(@href, '/{d}/')" for d in ("author", "authors", "writers", "columnists",
                                           "contributors", "staff", "people", "profile",
                                           "editors", "autor", "auteur"))))
PRECEDING = etree.XPath("count(preceding::*)")
LONG_PARAGRAPH = etree.XPath("(//p[string-length(normalize-space()) > 200])[1]")
ROLE_SEPARATOR = re.compile(r"\s+[·•|]\s+")  # "Staff engineer · Harbourline Logistics"
# Beside a byline: the element that carries the author's role ("bt-role", "affil", "job-title").
ROLE_BESIDE_ATTRS = re.compile(r"(?i)(^|[\s_-])(role|job|job-?title|title|position|affil\w*|"
                               r"desc\w*|org\w*)($|[\s_-])")
# In the headline's neighbourhood only: an element named for a person ("name", "who").
NAME_ATTRS = re.compile(r"(?i)(^|[\s_-])(name|who|person)($|[\s_-])")
NOT_BYLINE_ANCESTOR = re.compile(r"(?i)(^|[\s_-])(comments?|comment-?\w+|respond|discussion|"
                                 r"replies|reply|related\w*|most-?read|popular|trending|"
                                 r"recommended|more-?from|read-?next|teaser|card|promo\w*)"
                                 r"($|[\s_-])")
DATE_ATTRS = re.compile(r"(?i)(^|[\s_-])(date|time|published|posted|pubdate|timestamp|"
                        r"meta-?date|article-?date|entry-?date)($|[\s_-])")
BYLINE_PREFIX = re.compile(r"(?i)^\s*(by|von|par|words by|written by)\s")
SECTION_LABEL = re.compile(r"^[•·|>\s]*([A-Z][\w&' -]{0,30})$")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
SITE_PAGES = {"about", "about-us", "contact", "contact-us", "privacy", "privacy-policy", "terms",
              "terms-and-conditions", "cookies", "cookie-policy", "faq", "help", "advertise",
              "subscribe", "impressum", "datenschutz", "kontakt", "mentions-legales", "a-propos"}
UPDATED_LABEL = re.compile(r"(?i)^\W*(last )?(updated|modified|aktualisiert|mis à jour)\b"
                           r"|\b(updated|aktualisiert|mis à jour)( on| am| le)?:?\s")
UPDATED_ATTRS = re.compile(r"(?i)updated|modified")
DATE_LABEL = re.compile(r"(?i)\b(published|posted|updated|date|veröffentlicht|publié)\b")
# Every text node of a page or region; and a cheap first look for DATE_LABEL and
# UPDATED_LABEL words in them (a regex over the strings is faster than XPath's contains()).
TEXTS = etree.XPath(".//text()")
LABEL_WORDS = re.compile(r"ublish|osted|pdated|[Dd]ate|DATE|PUBLISH|POSTED|UPDATED|öffentlicht|"
                         r"ublié|ktualisiert|is à jour|odified")
PAYWALL_TEXT = re.compile(r"(?i)subscribe to (continue|read)|(this|the rest of this) article is "
                          r"(for|only available to) (subscribers|members)|to continue reading|"
                          r"unlock (this|full) article")

_SHORT = "[string-length(normalize-space()) < 80]"
SECTION_LABELS = etree.XPath(
    f'//*[contains(@class, "breadcrumb")]{_SHORT}//a | //*[contains(@class, "kicker")]{_SHORT}'
    f' | //*[contains(@class, "section")]{_SHORT} | //*[contains(@class, "category")]{_SHORT}'
    ' | //*[@aria-current="page"]'
    ' | //nav//*[contains(@class, "current") or contains(@class, "active")]/a')
# Genre from the URL path, the section label or JSON-LD type: first match wins.
GENRE_WORDS = [
    ("letter", re.compile(r"(?i)\b(letters?(-to-the-editor)?|leserbriefe?|courrier des lecteurs|"
                          r"readers?'? letters?|your letters|postbag|mailbag)\b")),
    ("editorial", re.compile(r"(?i)\b(editorials?|leaders?|our view|leitartikel|éditorial|"
                             r"the \w+ view|editor'?s comment)\b")),
    ("opinion", re.compile(r"(?i)\b(opinions?|comment|comments|columns?|columnists?|op-?eds?|"
                           r"viewpoints?|views?|blogs?|analysis|perspectives?|insights?|"
                           r"kommentare?|meinung|gastbeitr(a|ä)ge?|standpunkte?|tribunes?|"
                           r"points? de vue|chroniques?|débats?|debates?|voices?)\b")),
    ("news", re.compile(r"(?i)\b(news|nachrichten|actualités?|actualites|breaking)\b")),
]
TITLE_GENRE = [
    ("letter", re.compile(r"(?i)^letters?\s*:|^letter of the week")),
    ("editorial", re.compile(r"(?i)^(our view|leader|editorial|the \w+ view)\s*:")),
    ("opinion", re.compile(r"(?i)^(comment|opinion|viewpoint|column)\s*:")),
]


class ExtractionError(ValueError):
    """The input is not an HTML page that can be parsed."""


def extract_article(
    html: str | bytes,
    url: str | None = None,
    *,
    fetched_at: str | None = None,
    language: str | None = None,
    date_order: str | None = None,
    genre: str | None = None,
    remove: tuple[str, ...] = (),
    hints: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Extract the record of one page. ``hints`` may carry a feed's ``published`` date;
    ``language``, ``date_order``, ``genre`` and ``remove`` come from the site profile."""
    tree = _parse(html)
    md = read_metadata(tree)
    url = _canonical_url(url, md)
    title = _title(tree, md)
    byline_nodes, role_texts, bio_texts = _byline_candidates(tree)
    standfirst = _standfirst(tree, md)
    clean = copy.deepcopy(tree)
    strip_boilerplate(clean, remove)
    table_layout = _unwrap_layout_tables(clean)
    _split_short_lines(clean)
    paragraphs = _main_text(clean, url, careful=table_layout)

    visible, byline_raw = _visible_authors(byline_nodes, role_texts)
    bio_authors = [a for text in bio_texts for a in parse_endnote(text)]
    byline_raw += [t for t in bio_texts if parse_endnote(t)]
    names = [n for n in meta_authors(md.meta) if looks_like_name(n)]
    authors_found = [jsonld_authors(md.article), visible, bio_authors,
                     [_name_only(n) for n in names]]
    body, tail_authors, tail_raw = _clean_paragraphs(paragraphs, title, standfirst,
                                                      _all_names(authors_found))
    if standfirst is None and body and _is_description(body[0], md) and len(body) > 2:
        standfirst = body.pop(0)
    text = "\n\n".join(body)
    lang = md.language or detect_language(text) or language
    not_an_article: dict[str, Any] = {
        **dict.fromkeys(KEYS), "url": url, "is_article": False, "title": title, "body": "",
        "authors": [], "language": lang, "paywalled": False, "extractor_version": EXTRACTOR_VERSION}
    if not _is_article(md, body, text, clean, url):
        return not_an_article

    if tail_raw:
        byline_raw.append(tail_raw)
    authors = [a for a in merge_authors(tail_authors, *authors_found)
               if not _is_publication(a["name"], md)]
    date_kwargs = {"languages": [lang] if lang else None, "date_order": date_order,
                   "base": _base_time(fetched_at)}
    published, published_raw = _published(tree, md, hints or {}, date_kwargs)

    updated = _updated(tree, md, date_kwargs)
    return {
        "url": url,
        "is_article": True,
        "title": title,
        "standfirst": standfirst,
        "body": text,
        "authors": authors,
        "published": published,
        "updated": updated if updated and updated[:16] != (published or "")[:16] else None,
        "genre": _genre(url, md, title, tree, authors) or genre or _unlabelled_genre(authors),
        "language": lang,
        "paywalled": _paywalled(md, tree),
        "byline_raw": " | ".join(dict.fromkeys(byline_raw)) or None,
        "published_raw": published_raw,
        "extractor_version": EXTRACTOR_VERSION,
    }


def detect_language(text: str) -> str | None:
    """The language of a text long enough to tell (py3langid, loaded on first use)."""
    if len(text.split()) < 20:
        return None
    import py3langid  # its model takes half a second to load: only when a page needs it

    return str(py3langid.classify(text[:1500])[0])


def _is_publication(name: str, md: Metadata) -> bool:
    """A publication named as author ("Nursing Practice Weekly") is not a person."""
    publisher = md.meta.get("og:site_name") or text_of(md.article.get("publisher"))
    return bool(publisher) and _norm(name) == _norm(publisher)


# -- parsing and metadata --------------------------------------------------------------------

def _parse(html: str | bytes) -> lxml_html.HtmlElement:
    """The page as a tree, or :class:`ExtractionError` for what is not a page of HTML:
    empty, binary, too big, or too many elements to extract in bounded time."""
    if len(html) > MAX_PAGE_BYTES:
        raise ExtractionError(f"page too large: {len(html) / 1e6:.1f} MB "
                              f"(limit {MAX_PAGE_BYTES / 1e6:.0f} MB)")
    if isinstance(html, bytes):
        if html.startswith(BINARY_SIGNATURES) or b"\x00" in html[:8192]:
            raise ExtractionError("binary content, not HTML")
        html = decode_html(html)[0]  # the bytes' word over the label (see pipelines.encoding)
    head = html[:8192]
    if "\x00" in head or head.count("\ufffd") > len(head) / 10:
        raise ExtractionError("binary content, not HTML")
    html = XML_DECLARATION.sub("", html, count=1)
    if not html or not html.strip():
        raise ExtractionError("empty page")
    try:  # trafilatura's loader: it repairs what libxml2 trips on (a doctype line, <html/>)
        tree = trafilatura.load_html(html)
    except (etree.ParserError, ValueError) as e:
        raise ExtractionError(f"not parseable as HTML: {e}") from None
    if tree is None:
        raise ExtractionError("not parseable as HTML")
    elements = int(tree.xpath("count(//*)"))
    if elements > MAX_ELEMENTS:
        raise ExtractionError(f"page too complex: {elements} elements (limit {MAX_ELEMENTS})")
    for node in tree.xpath("//comment() | //processing-instruction()"):
        drop_element(node)  # keeping its tail: "had suffered<!-- --> months of ..."
    return tree


def _canonical_url(url: str | None, md: Metadata) -> str | None:
    """The canonical URL when it is a real page of the same site, else the fetched URL."""
    if not md.canonical:
        return url
    canonical = urljoin(url or "", md.canonical)
    if url and urlsplit(canonical).hostname != urlsplit(url).hostname:
        return url
    if urlsplit(canonical).path in ("", "/"):
        return url
    return canonical


def _base_time(fetched_at: str | None) -> datetime | None:
    if not fetched_at:
        return None
    try:
        return datetime.fromisoformat(fetched_at.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace(
        "\u201d", '"')
    return " ".join(text.split()).strip().lower()


def _text(node) -> str:
    return " ".join(node.text_content().split())


def _title(tree, md: Metadata) -> str | None:
    """The headline as written on the page: the <h1> the metadata names; else an <h1> in the
    article (not a logo in the masthead); else the metadata's title; else the first <h1>."""
    h1s = [h for h in tree.xpath("//h1") if _text(h)]
    candidates = [text_of(md.article.get("headline")), md.meta.get("og:title"),
                  md.meta.get("twitter:title")]
    structured = next((c for c in candidates if c), None)
    if structured:
        for h in h1s:
            if _norm(structured).strip("'\"").startswith(_norm(_text(h)).strip("'\"")[:40]):
                return _text(h)
    in_article = [h for h in h1s if h.xpath("ancestor::article or ancestor::main")
                  and not h.xpath("ancestor::header[not(ancestor::article or ancestor::main)]")]
    if in_article:
        return _text(in_article[0])
    if structured:
        return _strip_site_suffix(structured)
    if h1s:
        return _text(h1s[0])
    title = tree.findtext(".//title")
    return _strip_site_suffix(title) if title and title.strip() else None


def _strip_site_suffix(title: str) -> str:
    parts = re.split(r"\s+(?:[|–—»:-]|::)\s+", title.strip())
    return max(parts, key=len) if len(parts) > 1 else title.strip()


def _standfirst(tree, md: Metadata) -> str | None:
    """The standfirst: an element marked as one (standfirst, dek, summary...) in the headline's
    neighbourhood, after the headline."""
    h1 = next(iter(tree.iter("h1")), None)
    if h1 is None:
        return None
    after = False
    for node in _headline_region(tree).iter():
        if node is h1:
            after = True
        if not after or node.tag not in ("p", "div", "h2", "span") or node.xpath(
                ".//p[2] | .//script"):
            continue
        if any(STANDFIRST_ATTRS.search(t) and not BODY_TOKEN.search(t)
               for t in _attrs(node).split()):
            text = _text(node)
            linked = sum(len(_text(a)) for a in node.iter("a"))
            if 30 <= len(text) <= 600 and linked < len(text) / 2 and not boilerplate_kind(text):
                return text
    return None


def _is_description(paragraph: str, md: Metadata) -> bool:
    description = md.meta.get("og:description") or md.meta.get("description") or text_of(
        md.article.get("description"))
    return bool(description) and _norm(description) == _norm(paragraph)


def _byline_candidates(tree) -> tuple[list[str], list[str], list[str]]:
    """Texts of elements marked as bylines (rel/itemprop/class author, byline), outside comment
    sections and related-article boxes, outer elements first; texts marked as author roles;
    and the paragraphs of author-bio boxes ("Jane Doe is head of policy at X")."""
    bylines: list[str] = []
    roles: list[str] = []
    bios: list[str] = []
    first_paragraph = LONG_PARAGRAPH(tree)
    body_line = (first_paragraph[0].sourceline or sys.maxsize) if first_paragraph else sys.maxsize
    region = _headline_region(tree)

    def above_text(node) -> bool:
        """Before the article's first long paragraph (by source line; by position in the
        document when the page is all on one line)."""
        line = node.sourceline or body_line
        if line != body_line or not first_paragraph:
            return line < body_line
        return PRECEDING(node) < PRECEDING(first_paragraph[0])

    def trusted(node) -> bool:
        """Above the article's text, or outside comment sections and related boxes."""
        return above_text(node) or not _in_comments_or_related(node)

    def near_headline(node) -> bool:
        """A byline sits by the headline or above the text, not in teasers further down."""
        return region is None or above_text(node) or region in node.iterancestors()

    for node in tree.xpath("//*[@class or @id or @rel or @itemprop]"):
        if node.tag in ("meta", "link", "script", "img", "html", "body", "article", "main"):
            continue
        attrs = _attrs(node)
        if not AUTHORISH_ATTRS.search(attrs) or not trusted(node):
            continue
        text = _spaced_text(node)
        if not 3 <= len(text) <= 600:
            continue
        if AUTHOR_BIO_ATTRS.search(attrs):
            bios.extend(_text(p) for p in node.xpath(".//p") or [node])
        elif AUTHOR_ROLE_ATTRS.search(attrs):
            roles.append(text)
        elif (BYLINE_ATTRS.search(attrs) and not NOT_BYLINE_ANCESTOR.search(attrs)
              and len(text) <= 250 and near_headline(node)):
            text = _collapse_repeat(text)
            if text not in bylines:
                bylines.append(text)
            roles.extend(_role_beside(node))
    # Bylines with no telling markup, around the headline and above the text:
    # "By <span>Jane Doe</span>", or a link to the author's page (/author/jane-doe).
    if region is None:
        return bylines, roles, bios
    plain = [t.getparent() for t in TEXTS(region) if BY_START.match(t)]
    named = [] if bylines else [n for n in region.iter()  # the weakest sign: only if no other
                                if isinstance(n.tag, str) and NAME_ATTRS.search(_attrs(n))]
    for node in plain + AUTHOR_LINKS(region) + named:
        if above_text(node) and not _in_comments_or_related(node):
            text = _spaced_text(node)
            if node in named and not looks_like_name(text):
                continue  # class="name" says little: only a person's name will do
            if 3 <= len(text) <= 120 and text not in bylines:
                bylines.append(text)
                roles.extend(_role_beside(node))
    return bylines, roles, bios


def _role_beside(node) -> list[str]:
    """The text of a role line next to a byline (<p class="role">Director, X</p>)."""
    sibling = node.getnext()
    if sibling is None or not ROLE_BESIDE_ATTRS.search(_attrs(sibling)):
        return []
    text = _spaced_text(sibling)
    return [text] if 3 <= len(text) <= 150 else []


def _headline_region(tree):
    """The part of the page around the headline: its third ancestor, or None without <h1>."""
    region = next(iter(tree.iter("h1")), None)
    for _ in range(3):
        if region is not None and region.getparent() is not None:
            region = region.getparent()
    return region


def _attrs(node) -> str:
    if not isinstance(node.tag, str):
        return ""
    return " ".join(filter(None, (node.get("class"), node.get("id"), node.get("rel"),
                                  node.get("itemprop"))))


def _collapse_repeat(text: str) -> str:
    """'Jane Doe Jane Doe' (a widget's caption and name in one element) -> 'Jane Doe'."""
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


def _spaced_text(node) -> str:
    """Text of an element with its parts joined by spaces: <span>Jo Bloggs</span><time>..."""
    return " ".join(" ".join(node.itertext()).split())


def _visible_authors(bylines: list[str], roles: list[str]) -> tuple[list[Author], list[str]]:
    """Authors from byline elements; a lone author takes the role of an author-role element."""
    found, raw = [], []
    for text in bylines:
        authors = parse_byline(text) or ([_name_only(text)] if looks_like_name(text) else [])
        if authors:
            found.append(authors)
            raw.append(text)
    merged = merge_authors(*found)
    if roles and len(merged) == 1 and not (merged[0]["role"] or merged[0]["organisation"]):
        role, organisation = split_role_organisation(ROLE_SEPARATOR.sub(", ", roles[0]))
        merged = [{**merged[0], "role": role, "organisation": organisation}]
        raw.append(roles[0])
    return merged, raw


def _name_only(text: str) -> Author:
    return {"name": text.strip(), "role": None, "organisation": None}


def _all_names(sources: list[list[Author]]) -> set[str]:
    return {_norm(a["name"]) for source in sources for a in source}


# -- main text -------------------------------------------------------------------------------

def _unwrap_layout_tables(tree) -> bool:
    """Old templates lay the whole page out in tables; a table that holds headings, paragraphs
    or other tables is layout, not data, so it becomes plain blocks. Data tables stay tables.
    True if the page was laid out in tables."""
    layout = tree.xpath("//table[.//h1 or .//h2 or .//p or .//table]")
    for table in reversed(layout):
        for node in table.iter("table", "thead", "tbody", "tfoot", "tr", "td", "th"):
            node.tag = "div"
    return bool(layout)


def _split_short_lines(tree) -> None:
    """Turn a short paragraph broken by <br> (a signature, an address) into one paragraph per
    line, so that its lines reach the cleaner separately rather than run together."""
    for p in list(tree.iter("p")):
        if p.find("br") is None or len(_text(p)) > 300 or p.getparent() is None:
            continue
        lines = [" ".join(line.split()) for line in _lines_of(p)]
        parent, index = p.getparent(), p.getparent().index(p)
        tail = p.tail
        parent.remove(p)
        new = None
        for offset, line in enumerate(line for line in lines if line):
            new = lxml_html.Element("p")
            new.text = line
            parent.insert(index + offset, new)
        if new is not None and tail and tail.strip():
            new.tail = tail


def _lines_of(p) -> list[str]:
    lines, current = [], [p.text or ""]
    for child in p:
        if child.tag == "br":
            lines.append("".join(current))
            current = [child.tail or ""]
        else:
            current.append(child.text_content() + (child.tail or ""))
    lines.append("".join(current))
    return lines


def _main_text(tree, url: str | None, careful: bool = False) -> list[str]:
    """trafilatura's main text of the cleaned tree (handed over as a tree: no second parse).

    Its fast mode comes first: on a page already cleaned of boilerplate it is as good and
    half the cost. A thin result, or a page laid out in tables (where its main extractor
    tends to take the whole page), calls for its fallback extractors as well."""
    options: dict[str, Any] = {"url": url, "include_comments": False, "include_tables": True,
                               "include_images": False, "deduplicate": False,
                               "with_metadata": False}
    text = trafilatura.extract(tree, fast=not careful, **options)
    if not careful and len((text or "").split()) < THIN_TEXT_WORDS:
        text = trafilatura.extract(tree, fast=False, **options) or text
    if not text:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


def _clean_paragraphs(paragraphs: list[str], title: str | None, standfirst: str | None,
                      names: set[str]) -> tuple[list[str], list[Author], str | None]:
    """Drop what is not body text; return (body, authors of bylines and sign-offs found in
    the text, their raw text)."""
    drop = {_norm(title), _norm(standfirst)} - {""}
    body: list[str] = []
    byline_authors: list[Author] = []
    raw: list[str] = []
    for line in paragraphs:
        norm = _norm(line)
        if norm in drop or norm.strip("'\"") in {d.strip("'\"") for d in drop}:
            continue
        if norm in names or boilerplate_kind(line):
            continue
        if not body and _is_section_label(line):
            continue  # "• Comment", "LETTERS TO THE EDITOR" above the text
        if len(line) < 250 and BYLINE_PREFIX.match(line) and (found := parse_byline(line)):
            byline_authors.extend(found)
            raw.append(line)
            continue
        if len(line) < 60 and find_date_in_text(line)[0] and len(line.split()) <= 8:
            continue  # a date line
        body.append(line)
    tail_authors, tail_raw = _take_tail_authors(body)
    if tail_raw:
        raw.append(tail_raw)
    return body, merge_authors(tail_authors, byline_authors), " / ".join(raw) or None


def _is_section_label(line: str) -> bool:
    words = line.strip(" •·|>").split()
    if not words or len(words) > 6 or line.rstrip().endswith((".", "?", "!", '"', "”")):
        return False
    text = " ".join(words)
    if len(words) <= 3 and SECTION_LABEL.match(line):
        return True
    return text.isupper() or any(p.fullmatch(text) for _, p in GENRE_WORDS)


def _take_tail_authors(body: list[str]) -> tuple[list[Author], str | None]:
    """Remove sign-offs, end notes and letter signatures from the end of ``body``."""
    authors: list[Author] = []
    raw: list[str] = []
    for _ in range(3):
        if len(body) < 2:
            break
        last = body[-1].strip().strip("*_").strip()
        found = parse_signoff(last) or parse_endnote(last)
        taken = 1
        if not found:
            taken, found = _signature_block(body)
        if not found:
            break
        raw[:0] = body[-taken:]
        del body[-taken:]
        authors = found + authors
    return authors, " / ".join(raw) or None


def _signature_block(body: list[str]) -> tuple[int, list[Author]]:
    """A letter's signature: the last one to three short lines, the first of them a name
    ("Robert Thwaite" / "Chairman, Some Association" / "Kirkby Stanmore, Cumbria")."""
    for size in (3, 2, 1):
        block = body[-size:]
        if len(body) <= size or not looks_like_name(block[0].split(",")[0] if size == 1
                                                    else block[0]):
            continue
        if any(len(line) > 120 or line.rstrip().endswith((".", "?", "!", ":")) for line in block):
            continue
        found = parse_signature(block)
        if found:
            return size, found
    return 0, []


# -- dates, genre, article-ness ----------------------------------------------------------------

def _published(tree, md: Metadata, hints: dict, kwargs: dict) -> tuple[str | None, str | None]:
    structured = [text_of(md.article.get("datePublished")), md.meta.get("article:published_time"),
                  md.meta.get("datepublished"), md.meta.get("date"), md.meta.get("dc.date"),
                  md.meta.get("publish-date"), md.meta.get("sailthru.date")]
    for raw in structured:
        if raw and (value := parse_iso(raw)):
            return value, raw
    for node in tree.xpath("//time[@datetime]"):
        if _is_update(node) or _in_comments_or_related(node):
            continue
        if (value := parse_iso(node.get("datetime"))):
            return value, node.get("datetime")
    if hints.get("published"):
        return hints["published"], hints["published"]
    for node in tree.iter("span", "div", "p", "time", "li", "small"):
        if DATE_ATTRS.search(_attrs(node)) and not _is_update(node):
            text = _text(node)
            if 6 <= len(text) <= 120 and not _in_comments_or_related(node):
                value, raw = find_date_in_text(text, **kwargs)
                if value:
                    return value, raw
    for _node, text in _labelled_dates(tree, DATE_LABEL):
        if not UPDATED_LABEL.match(text):
            value, raw = find_date_in_text(text, **kwargs)
            if value:
                return value, raw
    value, raw = _dateline_near_title(tree, kwargs)
    if value:
        return value, raw
    return _htmldate(tree, kwargs.get("base"))


def _htmldate(tree, base) -> tuple[str | None, str | None]:
    """Last resort: htmldate's reading of the markup and URL (its extensive search, which
    guesses from free text and copyright lines, is not used)."""
    try:
        found = find_date(tree, extensive_search=False, original_date=True,
                          max_date=(base or datetime.now()).strftime("%Y-%m-%d"))
    except Exception:  # noqa: BLE001 - a third-party heuristic must not fail the page
        return None, None
    return (parse_iso(found), f"(htmldate) {found}") if found else (None, None)


def _updated(tree, md: Metadata, kwargs: dict) -> str | None:
    """When the page says it was last changed: metadata, then an "Updated ..." line."""
    for raw in (text_of(md.article.get("dateModified")), md.meta.get("article:modified_time"),
                md.meta.get("og:updated_time"), md.meta.get("datemodified")):
        if raw and (value := parse_iso(raw)):
            return value
    for node in tree.xpath('//time[@datetime][@itemprop="dateModified"]'):
        if (value := parse_iso(node.get("datetime"))):
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
    for found in TEXTS(tree):  # text with a label word in it: its element and the parent
        if not LABEL_WORDS.search(found):
            continue
        parent = found.getparent()
        for node in (parent, parent.getparent() if parent is not None else None):
            if node is None or node in seen or node.tag in ("script", "style", "html", "body"):
                continue
            seen.add(node)
            if len(node) > 4 or len(node.text or "") > 80:
                continue  # a container, or a paragraph of prose: not a dateline
            text = _spaced_text(node)
            if (6 <= len(text) <= 80 and (DATE_LABEL.search(text) or UPDATED_LABEL.search(text))
                    and not _in_comments_or_related(node)):
                lines.append((node, text))
    return lines


def _is_update(node) -> bool:
    return node.get("itemprop") == "dateModified" or bool(UPDATED_ATTRS.search(_attrs(node)))


def _in_comments_or_related(node) -> bool:
    return any(NOT_BYLINE_ANCESTOR.search(_attrs(a)) for a in node.iterancestors())


def _dateline_near_title(tree, kwargs: dict) -> tuple[str | None, str | None]:
    """A short line with a date in it, close to the headline (nearest first): the dateline
    of templates that mark it up with nothing but a ``<font>`` or a ``<span>``."""
    h1 = next(iter(tree.iter("h1")), None)
    if h1 is None:
        return None, None
    container, seen = h1, set()
    for _ in range(3):
        container = container.getparent() if container.getparent() is not None else container
        for node in container.iter():
            if node in seen or not isinstance(node.tag, str) or node.tag in ("script", "style"):
                continue
            seen.add(node)
            if len(node) > 4 or len(node.text or "") > 60:
                continue
            text = _spaced_text(node)
            if 6 <= len(text) <= 60:
                value, raw = find_date_in_text(text, **kwargs)
                if value:
                    return value, raw
    return None, None


def _genre(url: str | None, md: Metadata, title: str | None, tree, authors) -> str | None:
    types = md.types
    if "opinionnewsarticle" in types:
        return _refine_opinion(url, md, title)
    for genre, pattern in TITLE_GENRE:
        if title and pattern.search(title):
            return genre
    for source in _genre_sources(url, md, tree):
        for genre, pattern in GENRE_WORDS:
            if source and pattern.search(source):
                return genre
    if "newsarticle" in types or "reportagenewsarticle" in types:
        return "news"
    return None


def _unlabelled_genre(authors: list[Author]) -> str:
    """No section anywhere: an author writing for an organisation of their own is a guest
    contributor, and trade titles publish those as opinion; anything else is "other"."""
    return "opinion" if any(a["organisation"] for a in authors) else "other"


def _genre_sources(url: str | None, md: Metadata, tree):
    """Where a page says its section, most telling first (labels are only looked for if the
    URL and metadata say nothing)."""
    parts = urlsplit(url or "")
    yield re.sub(r"[-/_?&=.]", " ", f"{parts.path} {parts.query}")
    yield md.meta.get("article:section", "")
    yield text_of(md.article.get("articleSection")) or ""
    texts = (_text(n) for n in SECTION_LABELS(tree))
    yield from [t for t in texts if len(t.split()) <= 4][:8]


def _refine_opinion(url, md, title) -> str:
    text = " ".join(filter(None, (urlsplit(url).path if url else "", md.meta.get(
        "article:section"), title)))
    for genre in ("letter", "editorial"):
        pattern = dict(GENRE_WORDS)[genre]
        if pattern.search(text.replace("-", " ").replace("/", " ")):
            return genre
    return "opinion"


def _is_article(md: Metadata, body: list[str], text: str, clean_tree, url: str | None) -> bool:
    """An article page, as opposed to a listing, a search page or a section front.

    The publisher's own word counts first (JSON-LD article types, ``og:type``); without it, a
    page is an article if it has some running text and is not a list of teaser headlines."""
    words = len(text.split())
    og_type = md.meta.get("og:type", "").lower()
    if md.types & NON_ARTICLE_TYPES and not md.article:
        return False
    if url and set(urlsplit(url).path.lower().split("/")) & SITE_PAGES:
        return False  # "About us", "Contact", "Privacy": prose, but not articles
    if _has_article_markup(md):
        return words >= 30
    long_paragraphs = sum(len(p.split()) >= 40 for p in body)
    if _teaser_headlines(clean_tree) >= 4 and long_paragraphs < 3:
        return False  # a listing: headlines that link to other pages, and teasers
    if og_type == "website" and words < 400:
        return False
    return words >= 80 and any(len(p.split()) >= 25 for p in body)


def _has_article_markup(md: Metadata) -> bool:
    return bool(md.article) or md.meta.get("og:type", "").lower() == "article"


def _teaser_headlines(tree) -> int:
    """Headings that are mostly a link to another page: the teasers of a listing page
    (a heading's own "#section" anchor does not count)."""
    count = 0
    for heading in tree.iter("h2", "h3", "h4"):
        linked = sum(len(_text(a)) for a in heading.iter("a")
                     if not (a.get("href") or "#").startswith("#"))
        if linked and linked >= 0.7 * len(_text(heading)):
            count += 1
    return count


def _paywalled(md: Metadata, tree) -> bool:
    free = md.article.get("isAccessibleForFree")
    if free is not None and str(free).lower() in ("false", "0", "no"):
        return True
    return any(PAYWALL_TEXT.search(_text(n)) for n in tree.xpath(
        '//*[contains(@class, "paywall") or contains(@class, "subscribe") or '
        'contains(@class, "premium")]')[:5])


# -- the Scrapy stage --------------------------------------------------------------------------

class ExtractionPipeline:
    """Fill ``Page.record`` with :func:`extract_article`'s result; a page that cannot be
    extracted becomes a recorded failure, and the crawl goes on.

    Extraction runs in a pool of worker processes (``TRADEPRESS_EXTRACT_WORKERS``: the number
    of cores by default, 0 for inline in the crawl process), off the crawl engine's event loop.
    Scrapy waits for each item's extraction before taking more (``CONCURRENT_ITEMS``), so
    downloads cannot outrun extraction without bound. The records are the same either way.
    """

    def __init__(self, crawler, workers: int):
        self.crawler = crawler
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        setting = crawler.settings.get("TRADEPRESS_EXTRACT_WORKERS")
        workers = os.cpu_count() or 1 if setting in (None, "", "auto") else int(setting)
        return cls(crawler, max(0, workers))

    def open_spider(self) -> None:
        if self.workers:
            # forkserver: workers do not inherit the crawl engine's threads and sockets
            self.pool = ProcessPoolExecutor(self.workers, mp_context=get_context("forkserver"))
            self.crawler.stats.set_value("tradepress/extract_workers", self.workers)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None

    async def process_item(self, item):
        from crawler.items import FetchFailure, Page
        if not isinstance(item, Page):
            return item
        profile = getattr(self.crawler.spider, "profile", None)
        stats = self.crawler.stats
        if item.status == 304:  # a re-check: the archived version still stands
            item.record = {"is_article": True, "not_modified": True}
            return item
        if item.status in (404, 410):  # a re-check: the page has gone; the archive keeps it
            item.record = {"is_article": True, "gone": True}
            return item
        task = partial(extract_article, item.text, item.url, fetched_at=item.fetched_at,
                       language=profile.language if profile else None,
                       date_order=profile.date_order if profile else None,
                       genre=profile.genre if profile else None,
                       remove=profile.remove if profile else (), hints=item.hints)
        try:
            if self.pool is None:
                item.record = task()
            else:
                item.record = await asyncio.get_running_loop().run_in_executor(self.pool, task)
        except Exception as e:  # noqa: BLE001 - one bad page must never stop a crawl
            reason = str(e) if isinstance(e, ExtractionError) else f"{type(e).__name__}: {e}"
            logger.warning("cannot extract %s: %s", item.url, reason)
            stats.inc_value("tradepress/failures")
            stats.inc_value("tradepress/failures/extraction")
            return FetchFailure(url=item.url, site=item.site, status=item.status,
                                error=f"not extracted: {reason}"[:500], failed_at=item.fetched_at,
                                reason="extraction")
        since = getattr(self.crawler.spider, "since", None)
        published = item.record.get("published") or ""
        if item.record.get("is_article") and since and published and published[:10] < since:
            item.record["is_article"] = False
            stats.inc_value("tradepress/skipped_before_since")
        elif not item.record.get("is_article"):
            stats.inc_value("tradepress/non_articles")
        return item
