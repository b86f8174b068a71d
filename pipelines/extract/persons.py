"""Which of the names found are people: not a CMS's stand-in ("Guest Author", "Admin"), not
a desk ("News Desk"), not the publication or the site that carries the piece."""

from __future__ import annotations

import re

from lxml import etree

from pipelines.extract.bylines import Author, looks_like_name
from pipelines.extract.lexicon import DESK_WORDS
from pipelines.extract.metadata import Metadata, text_of
from pipelines.extract.page import TITLE_SEPARATOR, norm_text


def is_placeholder(name: str) -> bool:
    """A CMS's stand-in for a person ("Guest Author", "Guest Contributor", "Admin"), or an
    account that calls itself a desk ("News Desk", "Editorial Desk", "TPV Editorial": alone,
    it says the piece is unsigned), and a guest posts' account under the publication's
    initials ("JSQ Guest Contributor")."""
    words = name.lower().replace("-", " ").split()
    first = name.split()[0] if words else ""
    if len(words) > 1 and first.isupper() and len(first) <= 5 and (
            {"guest", "contributor", "contributors"} & set(words)):
        words = words[1:]  # (a person's name does not begin with a word in capitals)
    return bool(words) and (all(w in PLACEHOLDERS for w in words)
                            or (len(words) <= 4 and "desk" in words)
                            or (len(words) <= 3 and words[-1] == "editorial"))  # "TPV Editorial"


PLACEHOLDERS = {"admin", "administrator", "webmaster", "undefined", "null", "none", "editor",
                "author", "staff", "team", "name", "guest", "user", "anonymous", "unknown",
                "contributor", "contributors", "writer", "columnist", "blogger", "poster",
                # a byline's own label read as its name ("Posted On: 22-Apr-2025")
                "posted", "published", "written", "submitted", "updated", "by",
                # an unsigned piece's label in the byline's place ("Leader", "Comment")
                "leader", "leaders", "comment", "opinion", "éditorial", "édito", "editorial",
                "leitartikel", "kommentar", "tribune", "chronique",
                "leserservice", "redaktion", "rédaction", "webredaktion", "onlineredaktion"}


def without_desks(authors: list[Author]) -> list[Author]:
    """Without desks' accounts ("Letters Desk", "News Team"), unless nothing else is left:
    asked for pieces that people signed (a letter's signature, a sign-off), as the desk that
    posted them is not their author. (Elsewhere public benchmarks count "Gear Team" beside a
    reporter as an author; an account that calls itself a desk is a placeholder anywhere.)"""
    people = [a for a in authors if not is_desk(a["name"])]
    return people if people else authors


def is_desk(name: str) -> bool:
    words = name.lower().split()
    return len(words) <= 4 and any(w in DESK_WORDS for w in words)


def is_publication(name: str, md: Metadata) -> bool:
    """A publication named as author ("Nursing Practice Weekly") is not a person; a personal
    site named after its author ("Sam Bossley") is the person's."""
    publisher = norm_text(md.meta.get("og:site_name") or text_of(md.article.get("publisher")))
    folded = norm_text(name)
    if not publisher:
        return False
    if " " not in folded:  # "Site" of "Site & Structure view"
        return folded in publisher.split()
    return folded == publisher and (not looks_like_name(name)
                                    or bool(PUBLICATION_WORDS.search(name)))


def without_site_name(authors: list[Author], md: Metadata, page_title: str | None
                      ) -> list[Author]:
    """The site's name among other authors ("Counter Culture", a column's site, beside "The
    Night Till", who writes it) is the publication, even when it reads like a name; so is
    the last part of the page's <title> ("Letter: ... — Counter Culture") beside a signer
    with a role or an organisation (a personal blog's owner beside a co-author stays)."""
    site = norm_text(md.meta.get("og:site_name"))
    kept = [a for a in authors if norm_text(a["name"]) != site]
    if site and kept:
        authors = kept
    parts = TITLE_SEPARATOR.split(page_title or "")
    suffix = norm_text(parts[-1]) if len(parts) > 1 else ""
    kept = [a for a in authors if norm_text(a["name"]) != suffix]
    if suffix and any(a["role"] or a["organisation"] for a in kept):
        return kept
    return authors


# Words of publications' names: a site called "Example Weekly" is not a person's own site.
PUBLICATION_WORDS = re.compile(
    r"(?i)\b(weekly|daily|hebdo|times|journal|news|gazette|review|magazine|herald|chronicle|"
    r"tribune|observer|courier|post|today|online|digital|wochenblatt|zeitung|blatt|"
    r"nachrichten|quotidien|revue|express|press|bulletin|record|standard|mail|echo|reporter)\b")


def without_editors(authors: list[Author], tree) -> list[Author]:
    """Without those the page credits as its editors ("A weekly letter for ... Edited by
    Renee Castellano", in a newsletter's header) when it has other authors: the account
    that posted a guest's piece, not its writer."""
    if len(authors) < 2:
        return authors
    edited = {norm_text(found) for node in EDITED_TEXTS(tree)
              for found in EDITED_BY.findall(" ".join(node.getparent().text_content().split())[
                  :EDITED_TEXT_CHARS])}
    kept = [a for a in authors if norm_text(a["name"]) not in edited]
    return kept if kept else authors


EDITED_TEXTS = etree.XPath("//text()[contains(., 'dited by') or contains(., 'dited By')]")
EDITED_BY = re.compile(r"\b[Ee]dited [Bb]y:?\s+([A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){1,3})")
EDITED_TEXT_CHARS = 600
