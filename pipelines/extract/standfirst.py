"""The standfirst: the paragraph under the headline that sums the piece up, found by its
element's class names in the headline's neighbourhood (not another piece's teaser), or the
text's first paragraph when it repeats the page's description."""

from __future__ import annotations

import re

from pipelines.extract.boilerplate import boilerplate_kind, in_image_box
from pipelines.extract.metadata import Metadata, text_of
from pipelines.extract.page import headline_region, node_attrs, node_text, norm_text

# "field--type-text-with-summary" is the body's container, not a summary of it.
# (both read lower-cased attributes: case-insensitive matching is slow in re)
BODY_TOKEN = re.compile(r"body|content|text|[_-]meta$")  # (not a teaser's "teaser__meta")
STANDFIRST_ATTRS = re.compile(r"(^|[\s_-])(standfirst|strapline|dek|deck|subhead(ing|line)?|"
                              r"sub-?title|summary|intro|lede|lead|excerpt|article-?description|"
                              r"teaser|kicker-?text|chapeau|chapo|vorspann)($|[\s_-])")
AUTHOR_BOX = re.compile(r"author|avatar|byline")
# how far up from a standfirst's candidate another piece's card reaches, and its size at most
CARD_DEPTH = 3
CARD_CHARS = 800


def standfirst_of(tree, md: Metadata) -> str | None:
    """The standfirst: an element marked as one (standfirst, dek, summary...) in the headline's
    neighbourhood, after the headline."""
    h1 = next(iter(tree.iter("h1")), None)
    if h1 is None:
        return None
    after = False
    around_h1 = set(h1.iterancestors("article"))
    for node in headline_region(tree).iter():
        if node is h1:
            after = True
        if not after or node.tag not in ("p", "div", "h2", "span"):
            continue
        attrs = node_attrs(node).lower()
        if AUTHOR_BOX.search(attrs) or not any(  # (not an author card's "avatar__intro")
                STANDFIRST_ATTRS.search(t) and not BODY_TOKEN.search(t) for t in attrs.split()):
            continue
        if next(node.iterancestors("a"), None) is not None or _in_card(node) or (
                in_image_box(node)):
            continue  # a link's text, or beside a linked headline: another piece's teaser;
            # or a picture's caption ("<div class=visual><img><div class=subtitle>")
        if not node.xpath(".//p[2] | .//script") and not any(
                a not in around_h1 and a.xpath(".//*[self::h2 or self::h3 or self::h4]//a")
                for a in node.iterancestors("article")):  # (another piece's card)
            text = node_text(node)
            linked = sum(len(node_text(a)) for a in node.iter("a"))
            if (30 <= len(text) <= 600 and linked < len(text) / 2 and not text.startswith(
                    ("…", "...")) and not boilerplate_kind(text)):  # (not a teaser's tail)
                return text
    return None


def _in_card(node) -> bool:
    """Whether ``node`` sits in another piece's card: a block a few levels up, without the
    page's <h1>, that holds a headline linked (a link around a heading, or in one)."""
    for depth, block in enumerate(node.iterancestors()):
        if depth >= CARD_DEPTH or block.find(".//h1") is not None or len(
                block.text_content()) > CARD_CHARS:
            return False  # (not the article's own block, its subheadings linked)
        if any(next(h.iterancestors("a"), None) is not None or h.find(".//a") is not None
               for h in block.iter("h2", "h3", "h4")):
            return True
    return False


def is_description(paragraph: str, md: Metadata) -> bool:
    description = md.meta.get("og:description") or md.meta.get("description") or text_of(
        md.article.get("description"))
    return bool(description) and norm_text(description) == norm_text(paragraph)
