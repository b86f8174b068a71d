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

from lxml import html as lxml_html

# -- 1. containers, by class / id / role -------------------------------------------------------

BOILERPLATE_ATTRS = re.compile(
    r"""(?ix)
    (^|[\s_-])(
        cookie\w* | consent | gdpr | cmp | onetrust | didomi | cc-window | eu-cookie
      | browser-?(warning|upgrade|notice|update|outdated) | outdated-?browser | upgrade-?browser
      | no-?cookies? | cookies?-?(disabled|warning)
      | comments? | comment-?(form|list|section|area|block|count|respond) | respond | disqus
      | discussion | reply | have-?your-?say
      | share\w* | social\w* | sharing | sharedaddy | addthis | sharethis
      | newsletter\w* | sign-?up | subscribe\w* | subscription\w*
      | related\w* | more-?from | more-?opinion | read-?(more|next|also) | most-?(read|popular)
      | popular | trending | recommended | you-?might-?also-?like | also-?read | jp-relatedposts
      | author-?(widget|box|card|profile|info|bio|about) | about-?the-?author
      | advert\w* | advertisement | ad-?(slot|unit|container|wrapper|banner) | dfp | mpu
      | leaderboard | sponsored | promo\w* | banner
      | breadcrumbs? | tags? | tag-?list | topics | post-?tags | article-?tags | entry-?tags
      | print(-?friendly)? | email-?this | toolbar | utility
      | caption | credit | image-?credit | photo-?credit | wp-caption-text | figcaption
      | site-?(header|footer|nav) | masthead | navbar | skip-?link | sr-only | visually-?hidden
    )($|[\s_-])
    """
)
# A class such as "entry-content-read-more" names the article's own container.
CONTENT_TOKEN = re.compile(r"(?i)(content|body|entry|main|text)")
BOILERPLATE_TAGS = ("nav", "footer", "aside", "form", "button", "noscript", "iframe", "figcaption",
                    "dialog", "template", "select", "svg")
BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog",
                     "alertdialog", "search"}

# -- 2. lines, by text ---------------------------------------------------------------------------


def _any(*alternatives: str) -> str:
    return "|".join(alternatives)


BROWSER_WARNING = _any(
    r"(your )?browser (is )?(no longer supported|out of date|outdated)",
    r"upgrade (to )?a (newer|modern|different) browser",
    r"for the best (possible )?experience (of|on) this (web)?site",
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
    r"^trending( now)?$",
    r"^recommended( for you)?$",
    r"^lesen sie auch",
    r"^à lire aussi",
    r"^lire aussi",
    r"^more (stories|articles)( like this)?$",
    r"^other letters\b",
    r"^tagged\b",
    r"^topics?:",
    r"^tags?:",
)
ADVERTS = r"^(advertisement|advertising|sponsored|anzeige|publicité|werbung)$|^ad$"
CREDITS = _any(
    r"^(image|photo|picture|source|credit)s?( credit)?:\s",
    r"^©",
    r"^copyright\b",
    r"all rights reserved",
    r"^\(c\) ",
)
SITE_FURNITURE = _any(
    r"^skip to (main )?content$",
    r"^(menu|search|home|log ?in|sign ?in|register|my account|close)$",
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
)

BOILERPLATE_LINES = [
    ("browser_warning", re.compile(BROWSER_WARNING, re.I)),
    ("cookie_notice", re.compile(COOKIE_NOTICE, re.I)),
    ("comment_prompt", re.compile(COMMENT_PROMPTS, re.I)),
    ("share_bar", re.compile(SHARE_BARS, re.I)),
    ("newsletter", re.compile(NEWSLETTER, re.I)),
    ("related", re.compile(RELATED, re.I)),
    ("advert", re.compile(ADVERTS, re.I)),
    ("credit", re.compile(CREDITS, re.I)),
    ("furniture", re.compile(SITE_FURNITURE, re.I)),
]
TOOLBAR_SEPARATOR = re.compile(r"\s+[|•·]\s+")
# A paragraph longer than this is article text even if a pattern matches part of it.
MAX_BOILERPLATE_CHARS = 320


def boilerplate_kind(line: str) -> str | None:
    """The name of the pattern a short line matches, or None if it is not boilerplate."""
    text = " ".join(line.replace("\u2019", "'").split()).strip(" •·|")
    if not text or len(text) > MAX_BOILERPLATE_CHARS:
        return None
    for name, pattern in BOILERPLATE_LINES:
        if pattern.search(text):
            return name
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
    if node.get("aria-hidden") == "true" or node.get("hidden") is not None:
        return True
    if node.tag in ("html", "body", "main", "article"):
        return False
    tokens = " ".join(filter(None, (node.get("class"), node.get("id")))).split()
    return any(BOILERPLATE_ATTRS.search(t) and not CONTENT_TOKEN.search(t) for t in tokens)


def strip_boilerplate(tree: lxml_html.HtmlElement, extra_selectors: tuple[str, ...] = ()) -> None:
    """Drop boilerplate containers from ``tree`` in place.

    An element is kept if it holds the page's ``<h1>`` or most of its paragraphs (a site that
    wraps the whole article in ``class="post-share-wrapper"``, or the whole page in a
    ``<form>``, must not lose it).
    """
    for selector in extra_selectors:
        for node in tree.cssselect(selector):
            drop_element(node)
    total_p = max(1, len(tree.xpath("//p")))
    for node in list(tree.iter()):
        if node.getparent() is None or not is_boilerplate_element(node):
            continue
        if node.xpath(".//h1") or len(node.xpath(".//p")) > total_p / 2:
            continue
        drop_element(node)
    for node in list(tree.iter("div", "section", "p", "span", "li", "aside")):
        if node.getparent() is None:
            continue
        text = node.text_content()
        if len(text) <= MAX_BOILERPLATE_CHARS and boilerplate_kind(text) in (
                "browser_warning", "cookie_notice", "comment_prompt"):
            if node.xpath(".//h1") or len(node.xpath(".//p")) > 3:
                continue
            drop_element(node)


def drop_element(node: lxml_html.HtmlElement) -> None:
    parent = node.getparent()
    if parent is None:
        return
    # keep the tail text: it belongs to the parent, not to the dropped element
    if node.tail and node.tail.strip():
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
