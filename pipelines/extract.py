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

import copy
import logging
import re
import unicodedata
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from w3lib.encoding import html_to_unicode

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
from pipelines.dates import find_date_in_text, parse_date, parse_iso
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
AUTHOR_BIO_ATTRS = re.compile(r"(?i)(author|contributor|writer)-?_*(bio|box|info|about|"
                              r"profile|note|description)|about-?the-?author|(^|[\s_-])bio($|[\s_-])")
AUTHOR_ROLE_ATTRS = re.compile(r"(?i)(author|byline|autor|auteur|contributor)-?_*(role|job|"
                               r"job-?title|title|position|desc|description|affiliation|org)"
                               r"($|[\s_-])|(^|[\s_-])job-?title($|[\s_-])")
# Any of the three above, as a cheap first test over every element with attributes.
AUTHORISH_ATTRS = re.compile(r"(?i)by-?line|author|autor|auteur|contributor|writer|signature|"
                             r"sign-?off|posted|\bfn\b|vcard|creator|bio|job")
NOT_BYLINE_ANCESTOR = re.compile(r"(?i)(^|[\s_-])(comments?|comment-?\w+|respond|discussion|"
                                 r"replies|reply|related\w*|most-?read|popular|trending|"
                                 r"recommended|more-?from|read-?next|teaser|card|promo\w*)"
                                 r"($|[\s_-])")
DATE_ATTRS = re.compile(r"(?i)(^|[\s_-])(date|time|published|posted|pubdate|timestamp|"
                        r"meta-?date|article-?date|entry-?date)($|[\s_-])")
BYLINE_PREFIX = re.compile(r"(?i)^\s*(by|von|par|words by|written by)\s")
SECTION_LABEL = re.compile(r"^[•·|>\s]*([A-Z][\w&' -]{0,30})$")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
DATE_LABEL = re.compile(r"(?i)\b(published|posted|updated|date|veröffentlicht|publié)\b")
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
    ("opinion", re.compile(r"(?i)\b(opinion|comment|comments|column|columns|columnists?|op-?ed|"
                           r"viewpoint|views?|blogs?|analysis|perspective|insight|kommentar|"
                           r"meinung|gastbeitrag|standpunkt|tribune|point de vue|chronique|"
                           r"debate|voices?)\b")),
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
    """Extract the record of one page. ``hints`` may carry a feed's ``published`` date."""
    tree = _parse(html)
    hints = hints or {}
    md = read_metadata(tree)
    url = _canonical_url(url, md)
    lang = md.language or language
    base = _base_time(fetched_at)
    date_kwargs = {"languages": [lang] if lang else None, "date_order": date_order, "base": base}

    title = _title(tree, md)
    byline_nodes, role_texts, bio_texts = _byline_candidates(tree)
    standfirst = _standfirst(tree, md)
    clean = copy.deepcopy(tree)
    strip_boilerplate(clean, remove)
    _unwrap_layout_tables(clean)
    _split_short_lines(clean)
    paragraphs = _main_text(clean, url)

    visible, byline_raw = _visible_authors(byline_nodes, role_texts)
    names = [n for n in meta_authors(md.meta) if looks_like_name(n)]
    bio_authors = [a for text in bio_texts for a in parse_endnote(text)]
    byline_raw += [t for t in bio_texts if parse_endnote(t)]
    authors_found = [jsonld_authors(md.article), visible, bio_authors,
                     [_name_only(n) for n in names]]

    body, tail_authors, tail_raw = _clean_paragraphs(paragraphs, title, standfirst,
                                                      _all_names(authors_found))
    if standfirst is None and body and _is_description(body[0], md) and len(body) > 2:
        standfirst = body.pop(0)
    if tail_raw:
        byline_raw.append(tail_raw)
    authors = merge_authors(tail_authors, *authors_found) if tail_authors else merge_authors(
        *authors_found)

    published, published_raw = _published(tree, md, hints, date_kwargs)
    updated = parse_iso(text_of(md.article.get("dateModified")) or md.meta.get(
        "article:modified_time", "")) if (md.article or md.meta) else None
    text = "\n\n".join(body)
    record_genre = _genre(url, md, title, tree, authors) or genre or "other"
    is_article = _is_article(md, body, text, clean)
    return {
        "url": url,
        "is_article": is_article,
        "title": title,
        "standfirst": standfirst,
        "body": text,
        "authors": authors if is_article else [],
        "published": published,
        "updated": updated if updated and updated != published else None,
        "genre": record_genre if is_article else None,
        "language": lang,
        "paywalled": _paywalled(md, tree),
        "byline_raw": " | ".join(dict.fromkeys(byline_raw)) or None,
        "published_raw": published_raw,
        "extractor_version": EXTRACTOR_VERSION,
    }


# -- parsing and metadata --------------------------------------------------------------------

def _parse(html: str | bytes) -> lxml_html.HtmlElement:
    if isinstance(html, bytes):
        html = html_to_unicode(None, html)[1]  # BOM, then <meta charset>, then UTF-8
    html = XML_DECLARATION.sub("", html, count=1)
    if not html or not html.strip():
        raise ExtractionError("empty page")
    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as e:
        raise ExtractionError(f"not parseable as HTML: {e}") from None
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


def _base_time(fetched_at: str | None):
    from datetime import datetime
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
    h1s = [_text(h) for h in tree.xpath("//h1") if _text(h)]
    candidates = [text_of(md.article.get("headline")), md.meta.get("og:title"),
                  md.meta.get("twitter:title")]
    structured = next((c for c in candidates if c), None)
    if h1s:
        if structured:
            for h in h1s:  # the visible headline that the metadata names, as written on the page
                if _norm(structured).strip("'\"").startswith(_norm(h).strip("'\"")[:40]):
                    return h
        return h1s[0]
    if structured:
        return _strip_site_suffix(structured)
    title = tree.findtext(".//title")
    return _strip_site_suffix(title) if title and title.strip() else None


def _strip_site_suffix(title: str) -> str:
    parts = re.split(r"\s+[|–—-]\s+", title.strip())
    return max(parts, key=len) if len(parts) > 1 else title.strip()


def _standfirst(tree, md: Metadata) -> str | None:
    """The standfirst: an element marked as one (standfirst, dek, summary...) in the headline's
    neighbourhood, after the headline."""
    h1 = next(iter(tree.iter("h1")), None)
    if h1 is None:
        return None
    container = h1
    for _ in range(3):
        if container.getparent() is not None:
            container = container.getparent()
    after = False
    for node in container.iter():
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
    for node in tree.xpath("//*[@class or @id or @rel or @itemprop]"):
        if node.tag in ("meta", "link", "script", "img", "html", "body", "article", "main"):
            continue
        attrs = _attrs(node)
        if not AUTHORISH_ATTRS.search(attrs):
            continue
        if any(NOT_BYLINE_ANCESTOR.search(_attrs(a)) for a in node.iterancestors()):
            continue
        text = _spaced_text(node)
        if not 3 <= len(text) <= 600:
            continue
        if AUTHOR_BIO_ATTRS.search(attrs):
            bios.extend(_text(p) for p in node.xpath(".//p") or [node])
        elif AUTHOR_ROLE_ATTRS.search(attrs):
            roles.append(text)
        elif BYLINE_ATTRS.search(attrs) and not NOT_BYLINE_ANCESTOR.search(attrs) and len(
                text) <= 250:
            text = _collapse_repeat(text)
            if text not in bylines:
                bylines.append(text)
    return bylines, roles, bios


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
        role, organisation = split_role_organisation(roles[0])
        merged = [{**merged[0], "role": role, "organisation": organisation}]
        raw.append(roles[0])
    return merged, raw


def _name_only(text: str) -> Author:
    return {"name": text.strip(), "role": None, "organisation": None}


def _all_names(sources: list[list[Author]]) -> set[str]:
    return {_norm(a["name"]) for source in sources for a in source}


# -- main text -------------------------------------------------------------------------------

def _unwrap_layout_tables(tree) -> None:
    """Old templates lay the whole page out in tables; a table that holds headings, paragraphs
    or other tables is layout, not data, so it becomes plain blocks. Data tables stay tables."""
    for table in reversed(tree.xpath("//table[.//h1 or .//h2 or .//p or .//table]")):
        for node in table.iter("table", "thead", "tbody", "tfoot", "tr", "td", "th"):
            node.tag = "div"


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


def _main_text(tree, url: str | None) -> list[str]:
    """trafilatura's main text of the cleaned tree (handed over as a tree: no second parse).

    Its fast mode comes first: on a page already cleaned of boilerplate it is as good and
    half the cost. Only a thin result calls for its fallback extractors as well."""
    options = {"url": url, "include_comments": False, "include_tables": True,
               "include_images": False, "deduplicate": False, "with_metadata": False}
    text = trafilatura.extract(tree, fast=True, **options)
    if len((text or "").split()) < THIN_TEXT_WORDS:
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
        if (value := parse_iso(node.get("datetime"))):
            return value, node.get("datetime")
    if hints.get("published"):
        return hints["published"], hints["published"]
    for node in tree.iter("span", "div", "p", "time", "li", "small"):
        attrs = " ".join(filter(None, (node.get("class"), node.get("id"))))
        if attrs and DATE_ATTRS.search(attrs):
            text = _text(node)
            if 6 <= len(text) <= 120:
                value, raw = find_date_in_text(text, **kwargs)
                if value:
                    return value, raw
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "html", "body"):
            continue
        if len(node) > 4 or len(node.text or "") > 80:
            continue  # a container, or a paragraph of prose: not a dateline
        text = _spaced_text(node)
        if 6 <= len(text) <= 80 and DATE_LABEL.search(text):
            value, raw = find_date_in_text(text, **kwargs)
            if value:
                return value, raw
    return _dateline_near_title(tree, kwargs)


def _dateline_near_title(tree, kwargs: dict) -> tuple[str | None, str | None]:
    """A short element that is nothing but a date, close to the headline."""
    h1 = next(iter(tree.iter("h1")), None)
    if h1 is None:
        return None, None
    container = h1
    for _ in range(3):
        container = container.getparent() if container.getparent() is not None else container
        for node in container.iter():
            if not isinstance(node.tag, str) or node.tag in ("script", "style"):
                continue
            text = _spaced_text(node)
            if 6 <= len(text) <= 40 and (value := parse_date(text, **kwargs)):
                return value, text
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


def _genre_sources(url: str | None, md: Metadata, tree):
    """Where a page says its section, most telling first (labels are only looked for if the
    URL and metadata say nothing)."""
    yield urlsplit(url).path.replace("-", " ").replace("/", " ") if url else ""
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


def _is_article(md: Metadata, body: list[str], text: str, clean_tree) -> bool:
    words = len(text.split())
    if _teaser_headlines(clean_tree) >= 4 and not md.article:
        return False  # a listing: headlines that are links to other pages
    if md.types & NON_ARTICLE_TYPES and not md.article:
        return False
    if md.meta.get("og:type", "").lower() == "website" and not md.article and words < 400:
        return False
    if md.article or md.meta.get("og:type", "").lower() == "article":
        return words >= 40
    long_paragraphs = [p for p in body if len(p.split()) >= 25]
    return words >= 150 and len(long_paragraphs) >= 2


def _teaser_headlines(tree) -> int:
    """Headings that are mostly a link: the teasers of a listing page."""
    count = 0
    for heading in tree.iter("h2", "h3", "h4"):
        linked = sum(len(_text(a)) for a in heading.iter("a"))
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
    """Fill ``Page.record`` with :func:`extract_article`'s result."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        from crawler.items import Page
        if not isinstance(item, Page):
            return item
        profile = getattr(self.crawler.spider, "profile", None)
        stats = self.crawler.stats
        try:
            item.record = extract_article(
                item.text, item.url,
                fetched_at=item.fetched_at,
                language=profile.language if profile else None,
                date_order=profile.date_order if profile else None,
                genre=profile.genre if profile else None,
                remove=profile.remove if profile else (), hints=item.hints)
        except ExtractionError as e:
            logger.warning("cannot extract %s: %s", item.url, e)
            item.record = {"is_article": False, "error": str(e)}
        since = getattr(self.crawler.spider, "since", None)
        published = item.record.get("published") or ""
        if item.record.get("is_article") and since and published and published[:10] < since:
            item.record["is_article"] = False
            stats.inc_value("tradepress/skipped_before_since")
        elif not item.record.get("is_article"):
            stats.inc_value("tradepress/non_articles")
        return item

