"""Boilerplate: the text around an article that is not the article.

Two tables of named patterns, applied in this order by ``pipelines.extract``:

1. ``BOILERPLATE_ATTRS`` — class/id/role words of containers that are never article text
   (cookie banners, browser warnings, comment sections, share bars, newsletter boxes, related
   links, author widgets). Matching elements are dropped from the tree before main-text
   extraction, so trafilatura never sees them.
2. ``BOILERPLATE_LINES`` — whole lines of text that are boilerplate whatever their markup
   (a cookie notice in a neutral ``<div class="b-x91">``, "Have your say", "Share this:").
   A paragraph is dropped when one of these matches it and it is short; a long paragraph that
   merely mentions cookies is article text.

English, French and German are covered.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
      | related\w* | more-?from | more-?opinion | read-?(more|next|also) | most-?(read|popular)
      | popular | trending | recommended | you-?might-?also-?like | also-?read | jp-relatedposts
      | author-?(widget|box|card|profile|info|bio|about) | about-?the-?author
      | pull-?quote | pullout
      | advert\w* | advertisement | ad-?(slot|unit|container|wrapper|banner) | dfp | mpu
      | leaderboard | sponsored | promo\w* | banner
      | breadcrumbs? | tags? | tag-?list | topics | post-?tags | article-?tags | entry-?tags
      | print(-?friendly)? | email-?this | toolbar
      | caption | credit | image-?credit | photo-?credit | wp-caption-text | figcaption
      | site-?(header|footer|nav) | masthead | navbar | skip-?link | sr-only | visually-?hidden
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
# Class and id words already judged (pages of one site repeat them): word -> boilerplate?
_JUDGED: dict[str, bool] = {}
# A container holding more than this share of the page's running text is the article's (or
# holds it), whatever its class says; running text is pieces of text of PROSE_CHARS or more.
PROSE_SHARE = 0.3
PROSE_CHARS = 80
NOT_PROSE = ("a", "script", "style", "noscript", "template", "textarea", "code", "pre")
CODE_TAGS = ("pre", "code")
PROSE_TEXTS = etree.XPath(
    f".//text()[string-length() >= {PROSE_CHARS}][preceding-sibling::node() or not("
    + " or ".join(f"parent::{tag}" for tag in NOT_PROSE) + ")]", smart_strings=False)

# -- 2. lines, by text ---------------------------------------------------------------------------


def _any(*alternatives: str) -> tuple[str, ...]:
    return alternatives


BROWSER_WARNING = _any(
    r"(your )?browser (is )?(no longer supported|out of date|outdated)",
    r"(upgrade|update|switch) (to )?(a |the )?(newer|modern|different|another|latest|supported)"
    r"\b.{0,40}browser",
    r"for the best (possible )?experience (of|on|using) (this|our) (web)?site",
    r"ihr browser wird nicht mehr unterstützt",
    r"votre navigateur (n'est plus|est obsolète)",
)
COOKIE_NOTICE = _any(
    r"\b(consent|assume|accept|agree|enable|allow)\b.*\bcookies?\b",
    r"cookies?\b.*\b(disabled|enable|consent|accept|agree|happy|assume|policy|settings"
    r"|preferences|partners|personalis|improve|experience|continu)",
    r"\b(accept|reject|manage) (all )?(cookies|choices|preferences)",
    r"^(accept|reject|manage|allow)( all)?( cookies)?$",
    r"cookie settings",
    r"privacy (policy|settings)",
    r"we and our partners",
    r"wir verwenden cookies",
    r"alle akzeptieren",
    r"nous utilisons des cookies",
    r"tout accepter",
    r"^learn more$",
    r"^more information$",
    r"^no,? thanks$",
    r"^ok(ay)?,? (i agree|got it)$",
    r"^got it$",
)
COMMENT_PROMPTS = _any(
    r"^have your say",
    r"sign in to (make a |post a |leave a )?comment",
    r"(logged|signed) in to (post|leave|make) a comment",
    r"^leave a (reply|comment)",
    r"^post a comment",
    r"^(\d+ )?comments?( \(\d+\))?$",
    r"^add (a|your) comment",
    r"^report comment",
    r"^load more comments",
    r"^sign in to join the discussion",
    r"^join the (discussion|conversation)",
    r"(submission of any material|comments?) (is|are) (governed|subject) (by|to) our",
    r"^please (remember|note) that",
    r"^links may be included in your comments",
    r"html (is not permitted|code will be stripped)",
    r"^kommentare?( \(\d+\))?$",
    r"melden sie sich an, um (einen )?kommentar",
    r"^commentaires?( \(\d+\))?$",
    r"connectez-vous pour commenter",
    r"^reply$",
    r"^like this:?$",
    r"^loading\.*$",
)
SHARE_BARS = _any(
    r"^share( this( article| story| page)?)?:?$",
    r"^(share|tweet|email|print|copy link|pin it|whatsapp|linkedin|facebook|twitter|x)( on \w+)?$",
    r"^artikel teilen:?$",
    r"^partager( cet article)?:?$",
    r"^printer[- ]friendly version$",
    r"^email this page( to a friend)?$",
    r"^print this (page|article)$",
)
NEWSLETTER = _any(
    r"sign up (to|for) (our|the)\b.*\b(newsletter|bulletin|briefing|email)",
    r"^subscribe( now)?\b",
    r"subscribe to continue reading",
    r"already a subscriber",
    r"^get the latest .* (inbox|email)",
    r"by signing up,? you agree",
    r"^see subscription options",
    r"^jetzt abonnieren",
    r"^abonnez-vous",
    r"newsletter abonnieren",
    r"^(register|sign up) (for free|now|today)",
    r"^go pro$",
    r"^this (article|content|story|page) is (only )?(for|available to) "
    r".{0,40}(subscribers|members)",
    r"subscribe now for\b",
    r"^subscribe to (continue|keep) reading",
    r"^(become|already) a (subscriber|member)",
    r"^(unlock|get) (full|unlimited) access",
    r"^dieser artikel ist (nur )?für abonnenten",
    r"^cet article est réservé aux abonnés",
)
RELATED = _any(
    r"^(read|see) (more|also|next)\b",
    r"^related (articles|stories|content|posts)?:?$",
    r"^(most|more) (read|popular|from|opinion|comment|news)\b",
    r"^you might also like",
    r"^you may (also )?like",
    r"^(related|further) (reading|coverage|links)\b",
    r"^more like this$",
    r"^(weitere|mehr) (artikel|beiträge|zum thema)\b",
    r"^(sur le même sujet|à lire également|voir aussi)\b",
    r"^trending( now)?$",
    r"^recommended( for you)?$",
    r"^lesen sie auch",
    r"^à lire aussi",
    r"^lire aussi",
    r"^more (stories|articles)( like this)?$",
    r"^other letters\b",
    r"^tagged\b",
    r"^topics?:",
    r"^categor(y|ies):",
    r"^tags?:",
)
ADVERTS = _any(r"^(advertisement|advertising|sponsored|anzeige|publicité|werbung)$", r"^ad$")
CREDITS = _any(
    r"^(image|photo|picture|source|credit)s?( credit)?:\s",
    r"^©",
    r"^copyright\b",
    r"all rights reserved",
    r"^\(c\) ",
)
SITE_FURNITURE = _any(
    r"^skip to (main )?content$",
    r"^(menu|search|home|log ?in|sign ?in|register|my account|close|details)$",
    r"^view (non-amp|amp) version$",
    r"^back to top$",
    r"^next( page)?\s*[»›]?$",
    r"^[«‹]?\s*previous( page)?$",
    r"^this article (appeared|was first published) in\b",
    r"letters may be edited",
    r"^write a letter to the editor",
    r"^impressum$",
    r"^datenschutz$",
    r"^mentions légales$",
    r"^(hits|views|reads|aufrufe|zugriffe|vues):?\s*[\d.,]+$",
    r"^(want|would you like) to (write|contribute) (for|to)\b",
    r"^write for us\b",
    r"^(email|send) us your (idea|pitch|views|letter)s?\b",
    r"^(written|posted|submitted) by\s+\S+(\s+\S+)?$",
)

BOILERPLATE_LINES = [
    ("browser_warning", BROWSER_WARNING),
    ("cookie_notice", COOKIE_NOTICE),
    ("comment_prompt", COMMENT_PROMPTS),
    ("share_bar", SHARE_BARS),
    ("newsletter", NEWSLETTER),
    ("related", RELATED),
    ("advert", ADVERTS),
    ("credit", CREDITS),
    ("furniture", SITE_FURNITURE),
]


def _compile(anchored: bool) -> re.Pattern:
    """One pattern of every alternative that is (or is not) anchored at the start of the line,
    a named group per kind: most alternatives are anchored, and an anchored pattern is only
    tried at position 0 instead of at every character of the line."""
    groups = []
    for name, pattern in BOILERPLATE_LINES:
        parts = [p for p in pattern if p.startswith("^") == anchored]
        if parts:
            groups.append(f"(?P<{name}>{'|'.join(parts)})")
    return re.compile("|".join(groups), re.I)


BOILERPLATE_START = _compile(anchored=True)
BOILERPLATE_ANYWHERE = _compile(anchored=False)
# Every unanchored alternative above contains one of these words (tests/test_boilerplate.py
# checks it): a line without any of them is not searched with the slow pattern at all.
ANYWHERE_HINTS = re.compile(
    "browser|navigateur|experience|cookie|choices|preferences|privacy|partners|akzeptieren|"
    "accepter|comment|kommentar|html|material|sign|subscri|newsletter|rights reserved|"
    "letters may")
LIST_MARK = re.compile(r"^[-*•·]\s+")  # trafilatura writes list items as "- item"
TOOLBAR_SEPARATOR = re.compile(r"\s+[|•·]\s+")
TEXT_BLOCKS = {"div", "section", "p", "span", "li", "aside"}
# A paragraph longer than this is article text even if a pattern matches part of it.
MAX_BOILERPLATE_CHARS = 320
# What a parsed tree may hold but lxml refuses in text that is set (C0 controls other than tab
# and line breaks, U+FFFE, U+FFFF): text moved from a dropped element leaves them out.
NOT_SETTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def boilerplate_kind(line: str) -> str | None:
    """The name of the pattern a short line matches, or None if it is not boilerplate."""
    text = LIST_MARK.sub("", " ".join(line.replace("\u2019", "'").split())).strip(" •·|")
    if not text or len(text) > MAX_BOILERPLATE_CHARS:
        return None
    match = BOILERPLATE_START.match(text) or (
        ANYWHERE_HINTS.search(text.lower()) and BOILERPLATE_ANYWHERE.search(text))
    if match:
        return match.lastgroup
    # a tool bar: "Printer friendly version | Email this page to a friend"
    parts = [p for p in TOOLBAR_SEPARATOR.split(text) if p.strip()]
    if len(parts) > 1:
        kinds = [boilerplate_kind(p) for p in parts]
        if all(kinds):
            return kinds[0]
    return None


def is_boilerplate_element(node: lxml_html.HtmlElement) -> bool:
    if not isinstance(node.tag, str):
        return False
    if node.tag in BOILERPLATE_TAGS:
        return True
    if (node.get("role") or "").lower() in BOILERPLATE_ROLES:
        return True
    if node.get("aria-hidden") == "true" or (
            node.get("hidden") is not None and not STREAMED.match(node.get("id") or "")):
        return True
    if node.tag in ("html", "body", "main", "article"):
        return False
    names = " ".join(filter(None, (node.get("class"), node.get("id"))))
    return bool(names) and any(_boilerplate_word(t) for t in names.split())


def _boilerplate_word(word: str) -> bool:
    """A class or id word that names boilerplate ("cookie-banner", "ShareBar"): not one that
    names content ("entry-content-read-more") nor a utility class ("hover:bg-share/10")."""
    judged = _JUDGED.get(word)
    if judged is None:
        if len(_JUDGED) > 100_000:  # a long crawl of many sites: start again
            _JUDGED.clear()
        token = CAMEL_HUMP.sub("-", word)
        judged = _JUDGED[word] = bool(BOILERPLATE_ATTRS.search(token)) and not (
            CONTENT_TOKEN.search(token) or UTILITY_CLASS.search(token))
    return judged


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
    total_p = max(1, len(tree.xpath("//p")))
    protected = PROSE_SHARE * prose_size(tree)
    stack = [tree]
    while stack:  # depth first, not descending into what is dropped
        node = stack.pop()
        if node.getparent() is not None and is_boilerplate_element(node) and not (
                (protected and prose_size(node) > protected) or node.xpath(".//h1")
                or len(node.xpath(".//p")) > total_p / 2):
            drop_element(node)
            continue
        if node.tag not in CODE_TAGS:  # a code block's "hljs-comment" is not a comment section
            stack.extend(child for child in node if isinstance(child.tag, str))
    # Short blocks whose text is a notice, whatever their class names: the outermost short
    # block is judged as a whole (its lines are judged again after extraction).
    sizes = _text_sizes(tree)
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.tag not in TEXT_BLOCKS or sizes.get(node, 0) > MAX_BOILERPLATE_CHARS:
            stack.extend(child for child in node if isinstance(child.tag, str))
            continue
        if boilerplate_kind(node.text_content()) in (
                "browser_warning", "cookie_notice", "comment_prompt") and not (
                node.xpath(".//h1") or len(node.xpath(".//p")) > 3):
            drop_element(node)


@lru_cache(maxsize=256)
def _css(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def _text_sizes(tree: lxml_html.HtmlElement) -> dict:
    """Length of every element's text content, in one pass from the leaves up."""
    sizes: dict = {}
    for node in reversed(list(tree.iter())):
        size = len(node.text or "") if isinstance(node.tag, str) else 0
        for child in node:
            size += sizes.get(child, 0) + len(child.tail or "")
        sizes[node] = size
    return sizes


def prose_size(node) -> int:
    """Characters of running text under ``node``: pieces of text of ``PROSE_CHARS`` or more,
    not the text of links, scripts or code (a piece after such an element is the parent's)."""
    return sum(map(len, PROSE_TEXTS(node)))


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
