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

BROWSER_WARNING = r"(your )?browser (is )?(no longer supported|out of date|outdated)|upgrade (to )?a (newer|modern|different) browser|for the best (possible )?experience (of|on) this (web)?site|ihr browser wird nicht mehr unterstützt|votre navigateur (n'est plus|est obsolète)"
COOKIE_NOTICE = r"\b(consent|assume|accept|agree|enable|allow)\b.*\bcookies?\b|cookies?\b.*\b(disabled|enable|consent|accept|agree|happy|assume|policy|settings|preferences|partners|personalis|improve|experience|continu)|\b(accept|reject|manage) (all )?(cookies|choices|preferences)|^(accept|reject|manage|allow)( all)?( cookies)?$|cookie settings|privacy (policy|settings)|we and our partners|wir verwenden cookies|alle akzeptieren|nous utilisons des cookies|tout accepter|^learn more$|^more information$|^no,? thanks$|^ok(ay)?,? (i agree|got it)$|^got it$"
COMMENT_PROMPTS = r"^have your say|sign in to (make a |post a |leave a )?comment|(logged|signed) in to (post|leave|make) a comment|^leave a (reply|comment)|^post a comment|^(\d+ )?comments?( \(\d+\))?$|^add (a|your) comment|^report comment|^load more comments|^sign in to join the discussion|^join the (discussion|conversation)|(submission of any material|comments?) (is|are) (governed|subject) (by|to) our|^please (remember|note) that|^links may be included in your comments|html (is not permitted|code will be stripped)|^kommentare?( \(\d+\))?$|melden sie sich an, um (einen )?kommentar|^commentaires?( \(\d+\))?$|connectez-vous pour commenter|^reply$|^like this:?$|^loading\.*$"
SHARE_BARS = r"^share( this( article| story| page)?)?:?$|^(share|tweet|email|print|copy link|pin it|whatsapp|linkedin|facebook|twitter|x)( on \w+)?$|^artikel teilen:?$|^partager( cet article)?:?$|^printer[- ]friendly version$|^email this page( to a friend)?$|^print this (page|article)$"
NEWSLETTER = r"sign up (to|for) (our|the)\b.*\b(newsletter|bulletin|briefing|email)|^subscribe( now)?\b|subscribe to continue reading|already a subscriber|^get the latest .* (inbox|email)|by signing up,? you agree|^see subscription options|^jetzt abonnieren|^abonnez-vous|newsletter abonnieren|^(register|sign up) (for free|now|today)|^go pro$|^this (article|content|story|page) is (only )?(for|available to) .{0,40}(subscribers|members)|subscribe now for\b|^subscribe to (continue|keep) reading|^(become|already) a (subscriber|member)|^(unlock|get) (full|unlimited) access|^dieser artikel ist (nur )?für abonnenten|^cet article est réservé aux abonnés"
RELATED = r"^(read|see) (more|also|next)\b|^related (articles|stories|content|posts)?:?$|^(most|more) (read|popular|from|opinion|comment|news)\b|^you might also like|^trending( now)?$|^recommended( for you)?$|^lesen sie auch|^à lire aussi|^lire aussi|^more (stories|articles)( like this)?$|^other letters\b|^tagged\b|^topics?:|^tags?:"
ADVERTS = r"^(advertisement|advertising|sponsored|anzeige|publicité|werbung)$|^ad$"
CREDITS = r"^(image|photo|picture|source|credit)s?( credit)?:\s|^©|^copyright\b|all rights reserved|^\(c\) "
SITE_FURNITURE = r"^skip to (main )?content$|^(menu|search|home|log ?in|sign ?in|register|my account|close)$|^view (non-amp|amp) version$|^back to top$|^next( page)?\s*[»›]?$|^[«‹]?\s*previous( page)?$|^this article (appeared|was first published) in\b|letters may be edited|^write a letter to the editor|^impressum$|^datenschutz$|^mentions légales$"

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
