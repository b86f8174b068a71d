"""Boilerplate: the text around an article that is not the article.

Two tables of named patterns, applied in this order by ``pipelines.extract``:

1. ``BOILERPLATE_ATTRS`` — class/id/role words of containers that are never article text
   (cookie banners, browser warnings, comment sections, share bars, newsletter boxes, related
   links, author widgets). Matching elements are dropped from the tree before main-text
   extraction, so trafilatura never sees them.
2. ``BOILERPLATE_LINES`` — whole lines of text that are boilerplate whatever their markup
   (a cookie notice in a neutral ``<div class="b-x91">``, "Have your say", "Share this:").
   A paragraph is dropped when one of these matches it and it is short; a long paragraph that
   merely mentions cookies is article text. They are data, by kind and language (English,
   French, German): ``data/boilerplate.toml``.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

import regex
from lxml import etree
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

# -- 1. containers, by class / id / role -------------------------------------------------------

BOILERPLATE_ATTRS = re.compile(
    r"""(?ix)
    (^|[\s_-])(
        cookie\w* | consent | gdpr | onetrust | didomi | cc-window | eu-cookie
      | browser-?(warning|upgrade|notice|update|outdated) | outdated-?browser | upgrade-?browser
      | no-?cookies? | cookies?-?(disabled|warning)
      | comments? | comment-?(form|list|section|area|block|count|respond) | respond | disqus
      | discussion | reply | have-?your-?say
      | share\w* | social\w* | sharing | sharedaddy | addthis | sharethis
      | newsletter\w* | sign-?up | subscribe\w* | subscription\w*
      | related\w* | more[-_]?(from|opinion|comment|letters|stories|articles|analysis)
      | read-?(more|next|also) | most-?(read|popular)
      | popular | trending | recommended | you-?might-?also-?like | also-?read | jp-relatedposts
      | author-?(widget|box|card|profile|info|bio|about) | about-?the-?author
      | bio | bio-?box  # (a "Bio express" box: the author's or the interviewee's life)
      | pull-?quote | pullout
      | advert\w* | advertisement | ad-?(slot|unit|container|wrapper|banner) | dfp | mpu
      | leaderboard | sponsored | promo(?!ted\b)\w* | banner  # (not Drupal's "node--promoted")
      | breadcrumbs? | tags? | tag-?list | topics | post-?tags | article-?tags | entry-?tags
      | print(-?friendly)? | email-?this | toolbar
      | caption | credit | image-?credit | photo-?credit | wp-caption-text | figcaption
      | site-?(header|footer|nav) | masthead | navbar | skip-?link | sr-only | visually-?hidden
      # a column beside the text, named so as a whole class ("rightcol"; not "sidebar-grid")
      | (?<![_-])(sidebar | right-?col(umn)? | right-?rail)(?=\s|$)
    )($|[\s_-])
    """
)
# CSS-module and camel-case names ("InlineSignup_title__Hx2ke", "PullQuote_quote") are read as
# "Inline-Signup_title__Hx2ke", "Pull-Quote_quote".
CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
# React's streamed rendering (Next.js and others) sends parts of the page in hidden blocks
# ``<div hidden id="S:12">`` that a script moves into place: they are the page, not hidden.
STREAMED = re.compile(r"^S:\d+$")
# Utility-first CSS ("hover:bg-share/10", "md:w-[144px]", "first:px-tight") styles, it does not
# name: such a class says nothing of what the element is.
UTILITY_CLASS = re.compile(r"[:/\[]")
# A class such as "entry-content-read-more" names the article's own container.
CONTENT_TOKEN = re.compile(r"(?i)(content|body|entry|main|text)")
BOILERPLATE_TAGS = ("nav", "footer", "aside", "form", "button", "noscript", "iframe", "figcaption",
                    "dialog", "template", "select", "svg")
BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog",
                     "alertdialog", "search"}
# A container holding more than this share of the page's running text is the article's (or
# holds it), whatever its class says; running text is pieces of text of PROSE_CHARS or more.
PROSE_SHARE = 0.3
PROSE_CHARS = 80
NOT_PROSE = ("a", "script", "style", "noscript", "template", "textarea", "code", "pre")
CODE_TAGS = ("pre", "code")
# drawings and style sheets: no text of the page (dropped from it once its metadata is read)
DRAWINGS_AND_STYLES = ("svg", "style")
INERT_TAGS = (*DRAWINGS_AND_STYLES, "link")
DISPLAY_NONE = re.compile(r"display\s*:\s*none\s*;?", re.IGNORECASE)
# Hidden twice over: not shown, and of no size or no opacity besides.
INVISIBLE = re.compile(r"(?i)(?:max-height|font-size|line-height)\s*:\s*0(?:px)?\s*(?:;|$)|"
                       r"opacity\s*:\s*0\s*(?:;|$)")
PAYWALL_CLASS = re.compile(r"(?i)paywall|premium|subscriber|locked|metered|hidden|hide")
COMPONENT_BLOCKS = {"div", "section", "aside", "ul", "ol", "header", "footer", "nav", "form"}

# -- 2. lines, by text ---------------------------------------------------------------------------


# The kinds of boilerplate line and their patterns, in every language the data file has.
BOILERPLATE_DATA = Path(__file__).parent / "data" / "boilerplate.toml"
BOILERPLATE_LINES = [(kind, tuple(p for patterns in languages.values() for p in patterns))
                     for kind, languages in tomllib.loads(
                         BOILERPLATE_DATA.read_text(encoding="utf-8")).items()]


# The alternatives anchored at the start of a line, by kind: most are.
ANCHORED = [(kind, [p for p in patterns if p.startswith("^")])
            for kind, patterns in BOILERPLATE_LINES]


@lru_cache(maxsize=1024)
def _anchored_from(first: str) -> re.Pattern | None:
    """One pattern of the anchored alternatives that can match a line beginning with ``first``
    (lower case), a named group per kind, in the data's order; None if none can. An
    alternative that cannot begin with the line's first character cannot match the line
    (the regex library's partial matching tells), so matching this one at position 0 gives
    what all of them would, trying a fraction of them."""
    groups = []
    for kind, parts in ANCHORED:
        able = [p for p in parts if regex.match(p, first, regex.I, partial=True)]
        if able:
            groups.append(f"(?P<{kind}>{'|'.join(able)})")
    return re.compile("|".join(groups), re.I) if groups else None


# A heading over a list of other pieces ("More letters", "Most read", "Lire aussi"): the
# anchored alternatives of the "related" kind, tried on short texts only.
RELATED_HEADING = re.compile("|".join(p for kind, patterns in BOILERPLATE_LINES
                                      if kind == "related" for p in patterns), re.I)
RELATED_HEADING_CHARS = 40
SHORT_TEXTS = etree.XPath(f".//text()[string-length(normalize-space()) > 0 and string-length("
                          f"normalize-space()) <= {RELATED_HEADING_CHARS}]")
# The list under such a heading: at least two links, making RELATED_LINK_SHARE of its text,
# with at most RELATED_OTHER_CHARS of other text (teasers, authors' names, dates).
RELATED_LINK_SHARE = 0.4
RELATED_OTHER_CHARS = 600
# Every unanchored alternative above contains one of these words (tests/test_boilerplate.py
# checks it): a line is searched only with the alternatives whose words it holds.
ANYWHERE_HINTS = re.compile(
    "browser|navigateur|experience|cookie|choices|preferences|privacy|partners|akzeptieren|"
    "accepter|comment|kommentar|html|material|sign|subscri|newsletter|rights reserved|"
    "letters may|members|views|reflect|represent|opinion|propos|information|engage|meinung|"
    "welcomes letters|write for us|photo|picture|image|foto|optimi|weiterlesen|responsab|"
    "navegador|privacidad|comentar|reserva el derecho")

# (its words, looked for as substrings, several times faster than the pattern over a line)
HINT_WORDS = tuple(ANYWHERE_HINTS.pattern.split("|"))


def _by_hint() -> dict[str, list[tuple[int, str, re.Pattern]]]:
    """hint word -> the unanchored alternatives holding it, as (order, kind, pattern)."""
    table: dict[str, list[tuple[int, str, re.Pattern]]] = {}
    order = 0
    for kind, patterns in BOILERPLATE_LINES:
        for pattern in patterns:
            if pattern.startswith("^"):
                continue
            compiled = re.compile(pattern, re.I)
            for hint in set(ANYWHERE_HINTS.findall(pattern.lower())):
                table.setdefault(hint, []).append((order, kind, compiled))
            order += 1
    return table


ANYWHERE_BY_HINT = _by_hint()
# Notices dropped as blocks before extraction, whatever their markup; every pattern of these
# kinds holds one of NOTICE_WORDS (tests/test_boilerplate.py checks it), a cheap first look.
NOTICE_KINDS = ("browser_warning", "cookie_notice", "comment_prompt")
NOTICE_WORDS = ("browser", "navigateur", "experience", "optimi", "viewed", "cookie", "accept",
                "reject", "manage", "allow", "privacy", "partners", "learn", "information",
                "thanks", "got", "agree", "akzeptieren", "say", "comment", "kommentar", "reply",
                "post", "join", "material", "please", "links", "html", "like", "loading",
                "navegador", "aceptar", "rechazar", "configurar", "privacidad", "coment",
                "reaktion", "réaction")
# The heading of the readers' comments under an article ("Readers' comments (2)", "3 Comments"):
# the text's cleaning cuts what follows it (the comments) to the end.
COMMENTS_HEADING = re.compile(r"(?i)^(?:readers['’]? |your |\d+ )?(?:comments?|reactions?|"
                              r"(?:leser)?(?:kommentare?|reaktionen)|commentaires?|réactions?)"
                              r"(?: \(\d+\))?:?$")
LIST_MARK = re.compile(r"^[-*•·]\s+")  # trafilatura writes list items as "- item"
TOOLBAR_SEPARATOR = re.compile(r"\s+[|•·]\s+")
TEXT_BLOCKS = {"div", "section", "p", "span", "li", "aside"}
# A paragraph longer than this is article text even if a pattern matches part of it.
MAX_BOILERPLATE_CHARS = 320
# A page footer's row of legal links, whatever follows it ("Copyright | Disclaimer | Privacy |
# Accessibility | Freedom of Information (c) 2004 ...", a table layout's last row): two links or
# more, each followed by a bar.
FOOTER_BAR = re.compile(r"(?i)^[|\\\s]*(?:(?:copyright|disclaimer|privacy(?: policy| statement)?|"
                        r"accessibility|terms(?: of (?:use|service))?|terms (?:and|&) conditions|"
                        r"freedom of information|cookies?(?: policy)?|site ?map|contact(?: us)?|"
                        r"impressum|datenschutz|mentions légales)\s*(?:\\?\||·|•)\s*){2,}")
# What a parsed tree may hold but lxml refuses in text that is set (C0 controls other than tab
# and line breaks, U+FFFE, U+FFFF): text moved from a dropped element leaves them out.
NOT_SETTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def boilerplate_kind(line: str) -> str | None:
    """The name of the pattern a short line matches, or None if it is not boilerplate (a
    line longer than ``MAX_BOILERPLATE_CHARS`` only when it opens with a footer's links)."""
    text = LIST_MARK.sub("", " ".join(line.replace("\u2019", "'").split())).strip(" •·|")
    if FOOTER_BAR.match(text):
        return "furniture"
    if not text or len(text) > MAX_BOILERPLATE_CHARS:
        return None
    anchored = _anchored_from(text[0].lower())
    match = anchored.match(text) if anchored else None
    if match:
        return match.lastgroup
    if kind := _anywhere_kind(text):
        return kind
    # a tool bar: "Printer friendly version | Email this page to a friend"
    parts = [p for p in TOOLBAR_SEPARATOR.split(text) if p.strip()] if (
        "|" in text or "•" in text or "·" in text) else ()
    if len(parts) > 1:
        kinds = [boilerplate_kind(p) for p in parts]
        if all(kinds):
            return kinds[0]
    return None


def _anywhere_kind(text: str) -> str | None:
    """The kind of the leftmost unanchored alternative matching ``text`` (the first listed,
    at one position), trying only those whose hint words the line holds."""
    lower = text.lower()
    if not any(map(lower.__contains__, HINT_WORDS)):  # (most lines hold none: a faster look)
        return None
    hints = set(ANYWHERE_HINTS.findall(lower))
    best: tuple[int, int, str] | None = None
    for order, kind, pattern in {c for hint in hints for c in ANYWHERE_BY_HINT.get(hint, ())}:
        if (found := pattern.search(text)) and (best is None or (found.start(), order) < best[:2]):
            best = (found.start(), order, kind)
    return best[2] if best else None


def is_boilerplate_element(node: lxml_html.HtmlElement) -> bool:
    tag = node.tag
    if not isinstance(tag, str):
        return False
    if tag in BOILERPLATE_TAGS:
        return True
    attrib = node.attrib
    if not attrib:  # (a fifth of a page's elements)
        return False
    get = attrib.get
    if (get("role") or "").lower() in BOILERPLATE_ROLES:
        return True
    if get("aria-hidden") == "true" or (
            get("hidden") is not None and not STREAMED.match(get("id") or "")):
        return True
    if (style := get("style")) and "none" in style and DISPLAY_NONE.search(style) and (
            INVISIBLE.search(style)):
        return True  # an e-mail's preview text, hidden every way there is (not a paywall's)
    if tag in ("html", "body", "main", "article"):
        return False
    names = f"{get('class') or ''} {get('id') or ''}"
    if tag in COMPONENT_BLOCKS:  # a component library's name for a block of its own:
        # data-testid="related-articles" (not a link's data-component="auto-linked-tag")
        names += f" {get('data-testid') or ''} {get('data-component') or ''}"
    return _boilerplate_names(names)


# (class-and-id strings and their words are judged once: the pages of one site repeat them)
@lru_cache(maxsize=65536)
def _boilerplate_names(names: str) -> bool:
    return any(_boilerplate_word(word) for word in names.split())


@lru_cache(maxsize=65536)
def _boilerplate_word(word: str) -> bool:
    """A class or id word that names boilerplate ("cookie-banner", "ShareBar"): not one that
    names content ("entry-content-read-more") nor a utility class ("hover:bg-share/10")."""
    token = CAMEL_HUMP.sub("-", word)
    return bool(BOILERPLATE_ATTRS.search(token)) and not (
        CONTENT_TOKEN.search(token) or UTILITY_CLASS.search(token))


def drop_inert(tree: lxml_html.HtmlElement) -> None:
    """Drop what no reader sees and no later step reads: drawings, style sheets, links to
    resources and scripts, structured data excepted (trafilatura drops them too, but only after
    passes over the whole tree, each of which then visits fewer elements)."""
    for script in [s for s in tree.iter("script") if "json" not in (s.get("type") or "")]:
        drop_element(script)
    etree.strip_elements(tree, *INERT_TAGS, with_tail=False)


def reveal(tree: lxml_html.HtmlElement, selectors: list[str]) -> None:
    """Unhide what ``selectors`` match (a paywalled part of the article, hidden with
    ``aria-hidden``, ``hidden`` or ``display: none`` until the reader pays): it is text, not
    a hidden widget. A selector that is no CSS is passed over."""
    for selector in selectors:
        try:
            found = _css(selector)(tree)
        except Exception:  # noqa: BLE001 - the page's own data: any string at all
            continue
        for node in found:
            for attribute in ("aria-hidden", "hidden"):
                node.attrib.pop(attribute, None)
            if "none" in (node.get("style") or ""):
                node.set("style", DISPLAY_NONE.sub("", node.get("style")))
            if node.get("class"):  # ("sl-paywalled": a class that would mark it boilerplate)
                node.set("class", " ".join(c for c in node.get("class").split()
                                           if not PAYWALL_CLASS.search(c)))


def strip_boilerplate(tree: lxml_html.HtmlElement, extra_selectors: tuple[str, ...] = ()) -> None:
    """Drop boilerplate containers from ``tree`` in place.

    An element is kept, whatever its name, if it holds the page's ``<h1>``, most of its
    paragraphs or a large share of its running text (``PROSE_SHARE``): a site that wraps the
    whole article in ``class="post-share-wrapper"``, a WordPress post whose classes name its
    tags (``tag-budget``), a component library's ``cmp-container``, or a page laid out inside a
    ``<form>`` or a ``<nav>``, must not lose its article.
    """
    for selector in extra_selectors:
        for node in _css(selector)(tree):
            drop_element(node)
    total_p = max(1, _count(tree, "p"))
    protected = PROSE_SHARE * prose_size(tree)
    # Judged in document order, what is dropped and what is code not descended into (a code
    # block's "hljs-comment" is not a comment section); dropped once all are judged, last
    # first. (Walking lxml's iterator instead of a stack of children is several times
    # faster; a judgement only reads the element's own subtree, which a drop elsewhere does
    # not change, so the same elements are dropped in the same order.)
    dropped = []
    after = None  # the first element after the subtree passed over
    for node in tree.iter(etree.Element):
        if after is not None:
            if node is not after:
                continue
            after = None
        if (node is not tree or node.getparent() is not None) and is_boilerplate_element(
                node) and not (
                (protected and prose_size(node) > protected) or _holds(node, "h1")
                or _count(node, "p") > total_p / 2):
            dropped.append(node)
        elif node.tag not in CODE_TAGS:
            continue
        after = _next_outside(node)
        if after is None:
            break
    for node in reversed(dropped):
        drop_element(node)
    # Short blocks whose text is a notice, whatever their class names: the outermost short
    # block is judged as a whole (its lines are judged again after extraction).
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.tag not in TEXT_BLOCKS or len(text := node.text_content()) > MAX_BOILERPLATE_CHARS:
            stack.extend(node.iterchildren(etree.Element))
            continue
        lower = text.lower()
        if any(word in lower for word in NOTICE_WORDS) and boilerplate_kind(text) in (
                NOTICE_KINDS) and not (_holds(node, "h1") or _count(node, "p") > 3):
            drop_element(node)
    drop_related_lists(tree)
    drop_image_boxes(tree)


# A picture's box ("visual", "image-src-box", "media", "bild"): its words are a caption and a
# credit ("Holz-Hybridbau in Kassel: ... © Vollmer Tragwerksplanung"), whatever their class.
IMAGE_BOX = re.compile(r"(?i)(?:^|[\s_-])(?:visual|image|img|media|photo|picture|figure|bild)s?"
                       r"(?:$|[\s_-])")
IMAGE_BOX_LEVELS = 3
IMAGE_BOX_CHARS = 400


def drop_image_boxes(tree: lxml_html.HtmlElement) -> None:
    """Drop the box of each picture (the outermost of its three ancestors whose class names a
    picture's box and that holds a caption's words at most, and no heading)."""
    boxes = []
    for image in tree.iter("img"):
        named = []  # (the ancestors whose class names a box, outermost last: a cheap look)
        node = image.getparent()
        for _ in range(IMAGE_BOX_LEVELS):
            if node is None or node.tag in ("body", "html", "article", "main"):
                break
            if IMAGE_BOX.search(node.get("class") or ""):
                named.append(node)
            node = node.getparent()
        box = next((n for n in reversed(named) if len(n.text_content()) <= IMAGE_BOX_CHARS
                    and _count(n, "p") < 2 and not any(_holds(n, h) for h in ("h1", "h2", "h3"))
                    ), None)
        if box is not None and box.text_content().strip():  # (an empty one: nothing to leak)
            boxes.append(box)
    for node in boxes:
        if node.getparent() is not None:
            drop_element(node)


def in_image_box(node) -> bool:
    """Whether ``node`` is in a picture's box: one of its three ancestors names one and holds
    a picture."""
    for depth, box in enumerate(node.iterancestors()):
        if depth >= IMAGE_BOX_LEVELS or box.tag in ("body", "html", "article", "main"):
            return False
        if IMAGE_BOX.search(box.get("class") or "") and _holds(box, "img"):
            return True
    return False


def _holds(node, tag: str) -> bool:
    """Whether ``node`` has a ``tag`` element below it (lxml's iterator: no XPath to compile)."""
    return next(node.iterdescendants(tag), None) is not None


def _count(node, tag: str) -> int:
    """How many ``tag`` elements ``node`` has below it."""
    return sum(1 for _ in node.iterdescendants(tag))


def _next_outside(node):
    """The first element after ``node``'s subtree in document order, or None."""
    while node is not None:
        following = next(node.itersiblings(etree.Element), None)
        if following is not None:
            return following
        node = node.getparent()
    return None


def drop_related_lists(tree: lxml_html.HtmlElement) -> None:
    """Drop lists of other pieces whatever their class names: the smallest block (up to five
    levels) around a related heading ("MORE LETTERS") that is mostly links to other pages. An
    old template's "» <a>headline</a> - Name, Place" lines would otherwise end the article and
    pass for its signature."""
    headings = [t for t in SHORT_TEXTS(tree) if RELATED_HEADING.match(t.strip())]
    for text in headings:
        node = text.getparent()
        for _ in range(5):
            if node is None or node.getparent() is None or node.tag in ("body", "html"):
                break
            if _is_link_list(node):
                drop_element(node)
                break
            node = node.getparent()


def _is_link_list(node) -> bool:
    links = [len(" ".join(a.text_content().split())) for a in node.iter("a")]
    if len(links) < 2 or node.find(".//h1") is not None:
        return False
    size = len(" ".join(node.text_content().split()))
    return (sum(links) >= RELATED_LINK_SHARE * size
            and size - sum(links) <= RELATED_OTHER_CHARS)


@lru_cache(maxsize=256)
def _css(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def prose_size(node) -> int:
    """Characters of running text under ``node``: pieces of text of ``PROSE_CHARS`` or more,
    not the text of links, scripts or code (a piece after such an element is the parent's).

    Read from each element's text (its first piece: not prose in a link or script) and tail
    (a piece after an element, in whatever parent), not ``node``'s own tail: the sum an XPath
    over every text node gave, in half the time."""
    size = 0
    for element in node.iter():
        text = element.text
        if text is not None and len(text) >= PROSE_CHARS and isinstance(element.tag, str) and (
                element.tag not in NOT_PROSE):
            size += len(text)
        tail = element.tail
        if tail is not None and len(tail) >= PROSE_CHARS and element is not node:
            size += len(tail)
    return size


def drop_element(node: lxml_html.HtmlElement) -> None:
    parent = node.getparent()
    if parent is None:
        return
    # keep the tail text: it belongs to the parent, not to the dropped element
    if node.tail and node.tail.strip():
        previous = node.getprevious()
        if previous is not None:
            previous.tail = NOT_SETTABLE.sub("", (previous.tail or "") + node.tail)
        else:
            parent.text = NOT_SETTABLE.sub("", (parent.text or "") + node.tail)
    parent.remove(node)
