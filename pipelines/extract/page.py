"""The page as a tree, and the small helpers every extraction step uses on it: text of an
element, its class and id words, whether it sits in comments or related-article boxes."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

from lxml import etree
from lxml import html as lxml_html

from pipelines.extract.encoding import decode_html


class ExtractionError(ValueError):
    """The input is not an HTML page that can be parsed."""


# Bounds on what is extracted at all, so that one hostile page cannot stall a crawl: real
# article pages are well under a megabyte and a few thousand elements.
MAX_PAGE_BYTES = 32_000_000
MAX_ELEMENTS = 50_000
# A page is taken for binary data when more than this share of its first 8 KB is control
# characters (NUL and the like): random bytes hold about 11%, UTF-16 text half NULs; a stray NUL
# in an attribute is one character, and the page is still read (libxml2 drops it).
BINARY_SHARE = 0.01
BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b",
                     b"RIFF", b"\x00\x00\x01\x00")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# What libxml2 trips on (as trafilatura's loader repairs it): control characters, a doctype
# line with a "/" in it, a self-closing <html/> in the first lines.
INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CONTROL_BYTES = bytes(c for c in range(0x20) if chr(c) not in "\t\n\r")  # (the same, less U+FFFE/F)
FAULTY_DOCTYPE = re.compile(r"(?i)^< ?! ?DOCTYPE[^>]*/[^<>]*>")
SELF_CLOSED_HTML = re.compile(r"(<html.*?)\s*/>")
# huge_tree: libxml2 otherwise stops at 256 levels of nesting, and the article of a page built
# of 300 nested <div>s was lost. (MAX_PAGE_BYTES and MAX_ELEMENTS still bound the work.)
# Every element an HtmlElement, chosen in C: lxml.html's own parser asks a lookup written in
# Python for each element it hands out (to give forms and inputs their classes), thousands
# of calls a page, here and in trafilatura, which works on this tree. Comments and
# processing instructions are left out as they are parsed, their tails kept.
HTML_PARSER = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                   huge_tree=True,
                                   remove_comments=True, remove_pis=True)
HTML_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity))
# Every text node of a page or region; and a cheap first look for DATE_LABEL and
# UPDATED_LABEL words in them (a regex over the strings is faster than XPath's contains()).
# (not white space alone: two thirds of a page's text nodes are the indentation between tags)
TEXTS = etree.XPath(".//text()[normalize-space()]")
# The same, less the code of scripts and styles (a JSON blob is no dateline).
VISIBLE_TEXTS = etree.XPath(".//text()[normalize-space()][not(parent::script or parent::style)]")
# (Patterns tested on every element, or on all its ancestors, read lower-cased attributes:
# case-insensitive matching is several times slower in Python's re.)
NOT_BYLINE_ANCESTOR = re.compile(r"(^|[\s_-])(comments?|comment-?\w+|respond|discussion|"
                                 r"conversation-(?:messages?|wrapper|thread|replies)|"
                                 r"replies|reply|related\w*|most-?read|popular|trending|"
                                 r"recommended|more-?from|read-?next|teaser|card|promo(?!ted\b)\w*|"
                                 r"latest-?(?:posts|news|articles|stories)|"
                                 r"more[-_]?(?:opinion|comment|news|letters|stories|articles|"
                                 r"analysis|features)|views?-row)"
                                 r"($|[\s_-])")


def parse_page(html: str | bytes) -> lxml_html.HtmlElement:
    """The page as a tree, or :class:`ExtractionError` for what is not a page of HTML:
    empty, binary, too big, or too many elements to extract in bounded time."""
    if len(html) > MAX_PAGE_BYTES:
        raise ExtractionError(f"page too large: {len(html) / 1e6:.1f} MB "
                              f"(limit {MAX_PAGE_BYTES / 1e6:.0f} MB)")
    if isinstance(html, bytes):
        if html.startswith(BINARY_SIGNATURES) or _mostly_control(html[:8192].decode("latin-1")):
            raise ExtractionError("binary content, not HTML")
        html = decode_html(html)[0]  # BOM, valid UTF-8, <meta charset>, then Windows-1252
    head = html[:8192]
    if _mostly_control(head) or head.count("\ufffd") > len(head) / 10:
        raise ExtractionError("binary content, not HTML")
    html = XML_DECLARATION.sub("", html, count=1)
    if not html or not html.strip():
        raise ExtractionError("empty page")
    tree = _load_tree(html)
    if tree is None:
        raise ExtractionError("not parseable as HTML")
    if any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in HTML_PARSER.error_log):
        # libxml2 stops reading at its depth limit (2,048 levels with huge_tree): the rest of
        # the page, its article included, would be lost without a word
        raise ExtractionError("page nested too deeply to read (over 2048 levels of elements)")
    elements = int(tree.xpath("count(//*)"))
    if elements > MAX_ELEMENTS:
        raise ExtractionError(f"page too complex: {elements} elements (limit {MAX_ELEMENTS})")
    return tree


def _mostly_control(text: str) -> bool:
    return len(INVALID_XML_CHARS.findall(text)) > BINARY_SHARE * max(1, len(text))


def _load_tree(html: str) -> lxml_html.HtmlElement | None:
    """The tree of a page's text, repaired first as trafilatura's loader does; None for what
    has no markup of a page at all (one element, no "html" at its start)."""
    dubious = "html" not in html[:50].lower()
    if _has_invalid_chars(html):
        html = INVALID_XML_CHARS.sub("", html)
    if "doctype" in html[:50].lower():
        first, _, rest = html.partition("\n")
        html = FAULTY_DOCTYPE.sub("", first, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            html = SELF_CLOSED_HTML.sub(r"\1>", html, count=1)
            break
    tree = None
    try:
        tree = lxml_html.fromstring(html, parser=HTML_PARSER)
    except ValueError:  # an encoding declared inside: libxml2 takes such text as UTF-8 bytes
        pass
    except etree.ParserError:
        return None
    if tree is None or len(tree) < 1:
        try:
            tree = lxml_html.fromstring(html.encode("utf-8", "surrogatepass"), parser=HTML_PARSER)
        except (etree.ParserError, ValueError):
            return None
    return None if tree is None or (dubious and len(tree) < 2) else tree


def _has_invalid_chars(html: str) -> bool:
    """Whether ``html`` holds a character of ``INVALID_XML_CHARS``: its control characters are
    single bytes in UTF-8, looked for by ``bytes.translate`` in C, faster than running the
    pattern over a whole page (most pages have none, and need no substitution)."""
    encoded = html.encode("utf-8", "surrogatepass")
    return (len(encoded.translate(None, CONTROL_BYTES)) != len(encoded)
            or "\ufffe" in html or "\uffff" in html)


def elements(tree):
    """Every element of the page's document, in document order, as XPath's ``//*`` sees them:
    those of a second ``<html>`` that libxml2 opens for markup after the first one's end
    included (``tree.iter()`` stops at the end of the first)."""
    root = tree.getroottree().getroot()
    for top in (*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()):
        yield from top.iter(etree.Element)


def url_parts(url: str | None) -> SplitResult:
    """The parts of a URL; none at all for one that cannot be parsed ("http://[x")."""
    try:
        return urlsplit(url or "")
    except ValueError:
        return urlsplit("")


def norm_text(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace(
        "\u201d", '"')
    return " ".join(text.split()).strip().lower()


# Between the parts of a page's <title>: "Headline | Section | Site", "Site - Headline".
TITLE_SEPARATOR = re.compile(r"\s+[|—–·-]\s+")


def node_text(node) -> str:
    return " ".join(node.text_content().split())


def node_attrs(node) -> str:
    """An element's class, id, rel, itemprop and data-testid, joined by spaces."""
    if not isinstance(node.tag, str):
        return ""
    get = node.get
    names, ident, rel, prop, testid = (get("class"), get("id"), get("rel"), get("itemprop"),
                                       get("data-testid"))
    if rel is None and prop is None and testid is None:  # (most elements: no join needed)
        if ident is None:
            return names or ""
        if names is None:
            return ident
    return " ".join(filter(None, (names, ident, rel, prop, testid)))


BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section",
              "dd", "dt", "address", "figcaption")


def block_texts(node) -> list[str]:
    """The texts of an element's innermost blocks, in order (each heading, paragraph or div
    that holds no other block): an author box's name and its note apart, not run together
    ("Jo Bloggs" / "Jo Bloggs is ..." rather than "Jo BloggsJo Bloggs is ...")."""
    inner = [n for n in node.iter(*BLOCK_TAGS)
             if next(n.iterdescendants(*BLOCK_TAGS), None) is None]
    return [text for block in inner or [node] for text in map(spaced_text, _parts_of(block))
            if text]


def _parts_of(block) -> list:
    """A block's parts: itself, or, for a card made only of elements side by side with no text
    between them ("<span>Mme Hélène Bouchard, CPA</span><span>Chroniqueuse</span>"), each of
    them: the name, the role and the link apart."""
    children = [c for c in block if isinstance(c.tag, str) and c.tag != "br"]
    if len(children) >= 2 and not (block.text or "").strip() and not any(
            (c.tail or "").strip() for c in block):
        return children
    return [block]


def spaced_text(node) -> str:
    """Text of an element with its parts joined by spaces: <span>Jo Bloggs</span><time>..."""
    return " ".join(" ".join(node.itertext()).split())


def in_comments_or_related(node) -> bool:
    """Inside a comment section or a box of related pieces (the page's <body> and <html> are
    none: their classes name the page's template, "template-comment", "comments-open"; nor is
    what holds the page's headline: its class names the piece's kind, "article--comment")."""
    return any(NOT_BYLINE_ANCESTOR.search(node_attrs(a).lower()) and a.find(".//h1") is None
               for a in node.iterancestors() if a.tag not in ("body", "html"))


def article_container(tree):
    """The element that holds the article: the nearest <article> or <main> around the <h1>."""
    h1 = next(iter(tree.iter("h1")), None)
    if h1 is None:
        return None
    return next((a for a in h1.iterancestors() if a.tag in ("article", "main")), None)


def in_other_pieces(node, container) -> bool:
    """In what lists or frames other pieces: an <aside>, <nav> or <footer> outside the
    article's container (a sidebar of "most read" headlines and their authors), or a list
    item that also links to another piece by its headline or holds another headline."""
    for depth, ancestor in enumerate(node.iterancestors()):
        if ancestor.tag in ("aside", "nav", "footer") and container is not None and (
                container not in ancestor.iterancestors()) and (
                ancestor not in container.iterancestors()):  # (a page's markup may be broken)
            return True
        if (ancestor.tag == "li" or ancestor.tag == "td" and len(
                ancestor.text_content()) <= TEASER_CELL_CHARS or ancestor.tag == "article"
                and _teaser_article(ancestor, container)) and any(
                len(node_text(link)) >= TEASER_HEADLINE_CHARS and node not in link.iter()
                for link in ancestor.iter("a", "h2", "h3", "h4")):
            return True  # (a card that is one link holds its headline in a heading; an old
            # layout's "most popular" table holds one in each small cell; a theme's related
            # stories are <article>s of their own)
        if depth < TEASER_BLOCK_DEPTH and ancestor.tag in ("div", "section") and len(
                ancestor.text_content()) <= TEASER_CELL_CHARS and any(
                len(node_text(link)) >= TEASER_HEADLINE_CHARS and node not in link.iter()
                for heading in ancestor.iter("h2", "h3", "h4") for link in heading.iter("a")) and (
                ancestor.find(".//h1") is None and node.getroottree().find(".//h1") is not None):
            return True  # a small block with another piece's headline linked in a heading,
            # the page's own headline elsewhere: a theme's module of related posts, a card
    return False


# A teaser card's block is a few levels around its date or byline.
TEASER_BLOCK_DEPTH = 4


def _teaser_article(article, container) -> bool:
    """A small <article> without the headline: a card (a theme's "related stories" are
    articles of their own, inside the page's article or beside it)."""
    return article is not container and article.find(".//h1") is None and (
        len(article.text_content()) <= TEASER_CELL_CHARS * 2)


# A link this long in a list item is another piece's headline.
TEASER_HEADLINE_CHARS = 25
# A table cell this short is a teaser's (a layout's cell that holds the article is longer).
TEASER_CELL_CHARS = 300


def headline_node(tree, title: str | None = None):
    """The headline's element: the first <h1>; on a page without one (an old template's
    ``<font size="5"><b>``), the first element in the body whose text is the title."""
    h1 = next(iter(tree.iter("h1")), None)
    if h1 is not None or not title:
        return h1
    wanted = norm_text(title)[:60]
    if len(wanted) < 10:
        return None
    body = tree.find(".//body")
    for text in TEXTS(body if body is not None else tree):
        if text.is_text and norm_text(text).startswith(wanted):
            return text.getparent()
    return None


def headline_region(tree):
    """The part of the page around the headline: its third ancestor, or None without <h1>."""
    region = next(iter(tree.iter("h1")), None)
    for _ in range(3):
        if region is not None and region.getparent() is not None:
            region = region.getparent()
    return region


# Scripts written without spaces between words: each character counts as half a word (a
# Japanese or Chinese word is one to three characters long).
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f"
                      r"\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff]")


def count_words(text: str) -> int:
    """Words in ``text`` in any script: spaced words, plus half a word per character of the
    scripts written without spaces (Chinese, Japanese, Thai, Lao, Burmese, Khmer)."""
    unspaced = len(UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    return len(UNSPACED.sub(" ", text).split()) + unspaced // 2
