"""Who wrote it, as the page shows it: byline elements, author-role lines and author-bio boxes
around the headline and above the text (never in comments or lists of other articles), read
with the byline grammar of :mod:`pipelines.extract.bylines`."""

from __future__ import annotations

import html
import re
import sys
from functools import lru_cache

from lxml import etree
from trafilatura.metadata import extract_author

from pipelines.extract.bylines import (
    BYLINE_PREFIX,
    Author,
    looks_like_name,
    parse_byline,
    split_role_organisation,
)
from pipelines.extract.cards import _card_bylines, _is_sentence
from pipelines.extract.dates import find_date_in_text
from pipelines.extract.endnotes import ENDNOTE_VERB, parse_endnote
from pipelines.extract.lexicon import (
    CREDITED_PEOPLE,
    INTERVIEW_LABEL,
    NEWSROOM_ROLES,
    ROLE_WORD,
    SENTENCE_WORD,
)
from pipelines.extract.names import merge_authors, name_key
from pipelines.extract.page import (
    BLOCK_TAGS,
    NOT_BYLINE_ANCESTOR,
    TEXTS,
    article_container,
    block_texts,
    elements,
    headline_region,
    in_comments_or_related,
    in_other_pieces,
    node_attrs,
    node_text,
    norm_text,
    spaced_text,
)
from pipelines.extract.persons import PLACEHOLDERS, PUBLICATION_WORDS, is_desk, is_placeholder
from pipelines.extract.signatures import parse_signature

BYLINE_ATTRS = re.compile(r"(?i)(^|[\s_-])(by-?line|author|authors|author-?name|contributor|"
                          r"writer|signature|sign-?off|posted-?by|autor|autorin|auteur|credit-?line|"
                          r"fn|vcard|creator|firma)($|[\s_-])")
# A letter's signature or a sign-off, marked as such: it follows the text, where other bylines
# would be teasers'.
SIGNOFF_ATTRS = re.compile(r"(?i)(^|[\s_-])(signature|sign-?off)($|[\s_-])")
AUTHOR_BIO_ATTRS = re.compile(r"(?i)(authors?|contributors?|writers?|autor(?:en)?|auteur|autore)"
                              r"-?_*"
                              r"(bio|box|card|info|about|panel|"
                              r"profile|note|description)|about-?the-?author|"
                              r"(^|[\s_-])bio($|[\s_-])")
AUTHOR_ROLE_ATTRS = re.compile(r"(?i)(author|byline|autor|auteur|contributor)-?_*(role|job|"
                               r"job-?title|title|position|desc|description|affiliation|org)"
                               r"($|[\s_-])|(^|[\s_-])job-?title($|[\s_-])")
# Any of the three above, as a cheap first test over every element with attributes (read
# lower-cased, as ``NOT_BYLINE_ANCESTOR``).
AUTHORISH_ATTRS = re.compile(r"by-?line|author|autor|auteur|contributor|writer|signature|"
                             r"sign-?off|posted|\bfn\b|vcard|creator|bio|job|credit-?line|firma")
AUTHOR_LINKS = etree.XPath(".//a[{}]".format(" or ".join(
    f"contains(@href, '/{d}/')" for d in ("author", "authors", "writers", "columnists",
                                           "contributors", "staff", "people", "profile",
                                           "editors", "autor", "auteur"))))
PRECEDING = etree.XPath("count(preceding::*)")
LONG_PARAGRAPH = etree.XPath("(//p[string-length(normalize-space()) > 200])[1]")
# The first such paragraph after the headline (not a cookie banner's text above it).
LONG_PARAGRAPH_AFTER = etree.XPath("(following::p[string-length(normalize-space()) > 200])[1]")
# On a page with no such paragraph, the first block holding a long text of its own (a blog's
# text in <div>s, or run on between <br>s).
LONG_TEXT_BLOCK = etree.XPath("(//div[text()[string-length(normalize-space()) > 200]])[1]")
ROLE_SEPARATOR = re.compile(r"\s+[·•|]\s+")  # "Staff engineer · Harbourline Logistics"
# Beside a byline: the element that carries the author's role ("bt-role", "affil", "job-title").
ROLE_BESIDE_ATTRS = re.compile(r"(?i)(^|[\s_-])(role|job|job-?title|title|position|affil\w*|cargo|"
                               r"desc\w*|org\w*)($|[\s_-])")
# What comes before the name of someone who did not write the piece.
CREDIT_BEFORE = re.compile(r"(?i)\b(?:edited|fact[- ]?checked|reviewed|illustrated|translated|"
                           r"photographs?|produced|édité|relu|redigiert|bearbeitet|"
                           # (a wiki's page record: "Created by X, last modified by Y")
                           r"created|modified|uploaded)\s+(?:by|par|von)\s*:?\s*$")
# In the headline's neighbourhood only: an element named for a person ("name", "who").
NAME_ATTRS = re.compile(r"(?i)(^|[\s_-])(name|who|person)($|[\s_-])")


def byline_candidates(tree) -> tuple[list[str], list[str], list[str]]:
    """Texts of elements marked as bylines (rel/itemprop/class author, byline), outside comment
    sections and related-article boxes, outer elements first; texts marked as author roles;
    and the paragraphs of author-bio boxes ("Jane Doe is head of policy at X")."""
    bylines: list[str] = []
    roles: list[str] = []
    bios: list[str] = []
    h1 = next(iter(tree.iter("h1")), None)
    first_paragraph = (h1 is not None and LONG_PARAGRAPH_AFTER(h1)) or LONG_PARAGRAPH(
        tree) or LONG_TEXT_BLOCK(tree)
    body_line = (first_paragraph[0].sourceline or sys.maxsize) if first_paragraph else sys.maxsize
    region = headline_region(tree)
    container = article_container(tree)

    def above_text(node) -> bool:
        """Before the article's first long paragraph (by source line; by position in the
        document when the page is all on one line)."""
        line = node.sourceline or body_line
        if line != body_line or not first_paragraph:
            return line < body_line
        return PRECEDING(node) < PRECEDING(first_paragraph[0])

    def trusted(node) -> bool:
        """Above the article's text, or outside comment sections and related boxes; never in
        what lists other pieces (a sidebar's "most read" with its authors' names), nor in a
        picture's caption (its photographer's credit, class="author" or not)."""
        return (above_text(node) or not in_comments_or_related(node)) and not in_other_pieces(
            node, container) and not any(a.tag == "figcaption" for a in node.iterancestors())

    def near_headline(node) -> bool:
        """A byline sits by the headline or above the text, not in teasers further down."""
        return region is None or above_text(node) or region in node.iterancestors()

    cards: list = []  # bylines read as a card of parts: their parts are not read again
    for node in elements(tree):
        if node.tag in ("meta", "link", "script", "img", "html", "body", "article", "main"):
            continue
        attrs = node_attrs(node)  # (class, id, rel, itemprop: "" for most elements)
        if not attrs or not _authorish(attrs) or not trusted(node):
            continue
        if cards and any(card in cards for card in node.iterancestors()):
            continue
        text = listed if (listed := _credit_list(node)) is not None else _lines_text(node)
        if not 3 <= len(text) <= 600:
            continue
        if AUTHOR_BIO_ATTRS.search(attrs):
            paragraphs = node.xpath(".//p")
            bios.extend(map(node_text, paragraphs) if paragraphs else block_texts(node))
            bylines.extend(t for t in _card_bylines(node) if t not in bylines)
        elif AUTHOR_ROLE_ATTRS.search(attrs):
            if next(node.iterancestors("a"), None) is None:  # (not a linked headline in a
                (bios if _is_sentence(text) else roles).append(text)  # "MoreAuthor" list)
        elif (SIGNOFF_ATTRS.search(attrs) or not any(
                child.tag in BLOCK_TAGS for child in node.iterdescendants())) and (
                ENDNOTE_VERB.search(text)) and parse_endnote(text):
            # a sign-off, or an author's tagline of one paragraph, written as an end note:
            # "Jane Doe is a partner at X" (not a card of a name over a note: read as a card)
            bios.append(text)
        elif (BYLINE_ATTRS.search(attrs) and not NOT_BYLINE_ANCESTOR.search(attrs.lower())
              and len(text) <= 250 and (near_headline(node) or _one_line_signoff(node, attrs))
              and not _credited_otherwise(node)):
            if card := _card_bylines(node):  # a byline of parts: name, role, organisation
                cards.append(node)
                text = card[0]
            text = _collapse_repeat(text)
            if text not in bylines:
                bylines.append(text)
            if near_headline(node):  # (not a sign-off's neighbour below the text)
                roles.extend(_role_beside(node))
    # Bylines with no telling markup, around the headline and above the text:
    # "By <span>Jane Doe</span>", or a link to the author's page (/author/jane-doe).
    if region is None:
        return bylines, roles, bios
    plain = [t.getparent() for t in TEXTS(region) if BYLINE_PREFIX.match(t.strip() + " ")
             and not INTERVIEW_LABEL.match(t.strip())]  # (unmarked: a kicker names its subject)
    named = [] if bylines else [n for n in region.iter()  # the weakest sign: only if no other
                                if isinstance(n.tag, str) and NAME_ATTRS.search(node_attrs(n))
                                and not _in_list_of_links(n)]
    for node in plain + AUTHOR_LINKS(region) + named:
        if above_text(node) and not in_comments_or_related(node) and not in_other_pieces(
                node, container) and not _credited_otherwise(node):
            text = spaced_text(node)
            if node in named and not looks_like_name(text):
                continue  # class="name" says little: only a person's name will do
            # (a "By" line may run on to its date: "Par X, directrice, Y | Publié le ...")
            if 3 <= len(text) <= (250 if node in plain else 120) and text not in bylines:
                bylines.append(text)
                roles.extend(_role_beside(node))
    return bylines, roles, bios


ROLE_LINE_CHARS = 100
# One capitalised word after "By", or "The" and one or two ("The Quad-Watcher", "Le Vigilant"),
# or "of" another ("The Clerk of Works"): a pen name or a single name (not a desk's: "The
# Editor", "The Newsroom").
PEN_NAME_ARTICLES = ("The", "Le", "La", "Der", "Die", "Das")
PEN_NAME = re.compile(rf"(?:(?:{'|'.join(PEN_NAME_ARTICLES)}) )?[A-ZÀ-Þ][a-zß-ÿ]{{2,20}}"
                      r"(?:(?<=[a-zß-ÿ])[- ][A-ZÀ-Þ][a-zß-ÿ]{2,20})?"
                      r"(?:(?<=[a-zß-ÿ]) (?:of|de|du|des) [A-ZÀ-Þ][a-zß-ÿ]{2,20})?")
# The labels of a credit list (<dt>Words</dt><dd>Jane Doe, features editor</dd>) that
# credit the writing; not "Photography", "Pictures", "Edited by".
WRITING_LABEL = re.compile(r"(?i)^(words|text|by|authors?|written by|interview|texte|von|"
                           r"par|di|autor(in)?|auteur|autrice)$")


def _lines_text(node) -> str:
    """The text of an element, its lines (broken by <br>) joined by a line break."""
    if node.find(".//br") is None:
        return spaced_text(node)
    lines, line = [], []
    for piece in node.xpath(".//text() | .//br"):
        if isinstance(piece, str):
            line.append(piece)
        else:
            lines.append(" ".join(" ".join(line).split()))
            line = []
    lines.append(" ".join(" ".join(line).split()))
    return "\n".join(line for line in lines if line)


def _credit_list(node) -> str | None:
    """The writers of a byline set out as a list of credits (<dl>): their entries joined
    ("A and B"); "" for a list that credits no writing; None for a byline of another shape."""
    terms = node.findall(".//dt")
    if not terms:
        return None
    writers = [spaced_text(term.getnext()) for term in terms
               if term.getnext() is not None and term.getnext().tag == "dd"
               and WRITING_LABEL.match(node_text(term).strip(" :"))]
    return " and ".join(w for w in writers if w)


def _one_line_signoff(node, attrs: str) -> bool:
    """An element marked as a signature or sign-off, in one line ("<strong>Jane Doe</strong>,
    Town"); one set over several lines is read with the text's last lines."""
    return bool(SIGNOFF_ATTRS.search(attrs)) and node.find(".//br") is None and len(
        node.findall(".//p")) <= 1 and not any(  # (nor a group of signatures: each is read)
        SIGNOFF_ATTRS.search(node_attrs(inner)) for inner in node.iterdescendants(etree.Element))


@lru_cache(maxsize=65536)  # (a page repeats its class names, a site its pages')
def _authorish(attrs: str) -> bool:
    return bool(AUTHORISH_ATTRS.search(attrs.lower()))


def _in_list_of_links(node) -> bool:
    """In a breadcrumb trail or another schema.org list, whose items have names too."""
    return any(a.get("itemprop") == "itemListElement" or "breadcrumb" in (a.get("class") or "")
               for a in node.iterancestors())


def _credited_otherwise(node) -> bool:
    """A link to a person's page after "Edited by", "Fact-checked by": not the author; nor
    anyone named in a picture's caption ("Photo by X")."""
    if any(a.tag in ("figcaption", "figure") for a in node.iterancestors()):
        return True
    for _ in range(3):  # (the text before it, or before the element it opens: "Created by
        # <span class=author><a class=fn>X</a></span>")
        previous, parent = node.getprevious(), node.getparent()
        before = (previous.tail if previous is not None
                  else parent.text if parent is not None else "")
        if before and before.strip() or previous is not None or parent is None:
            break
        node = parent
    return bool(CREDIT_BEFORE.search(before or ""))


def _role_beside(node) -> list[str]:
    """The text of a role line next to a byline (<p class="role">Director, X</p>), or of an
    author-marked element beside it that names a role (<span class="autor-tooltip">)."""
    sibling = node.getnext()
    while sibling is not None and sibling.tag == "br" and not (sibling.tail or "").strip():
        sibling = sibling.getnext()  # (a line break between: "<span>Name</span><br><span>Role")
    if sibling is None or (sibling.tag == node.tag and sibling.get("class") == node.get("class")):
        return []  # (an element of the same kind beside it is a second byline, not a role)
    attrs = node_attrs(sibling)
    text = spaced_text(sibling)
    if not 3 <= len(text) <= 150:
        return []
    if ROLE_BESIDE_ATTRS.search(attrs) or (
            (_authorish(attrs) or _plain_role_line(text)) and ROLE_WORD.search(text)
            and not looks_like_name(text) and split_role_organisation(text)[0]):
        return [text]  # (unmarked: "Chief Nursing Officer, St. Brendan Medical Center")
    return []


def _plain_role_line(text: str) -> bool:
    """A short line that is a description and nothing else: no clause, no date."""
    return len(text) <= ROLE_LINE_CHARS and text[:1].isupper() and not (
        SENTENCE_WORD.search(text) or find_date_in_text(text)[0])


def _collapse_repeat(text: str) -> str:
    """'Jane Doe Jane Doe' (a widget's caption and name in one element) -> 'Jane Doe'."""
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


def _only_beside_other_pieces(tree, container, name: str) -> bool:
    """The name is on the page only in lists of other pieces (the author of a
    "Most read" headline) or in comments (a commenter's): trafilatura's byline reading does
    not say where it found it."""
    places = [text.getparent() for text in TEXTS(tree) if name in text]
    return bool(places) and all(
        in_other_pieces(node, container) or in_comments_or_related(node) for node in places)


def _trade_pen_name(pen: str) -> bool:
    """A column's pen name that is a trade with its article ("Der Polier", "Le Greffier"), not
    a newsroom's role ("The Editor")."""
    words = pen.split()
    return len(words) in (2, 4) and words[0] in PEN_NAME_ARTICLES and (
        words[1].lower() not in NEWSROOM_ROLES)


def visible_authors(bylines: list[str], roles: list[str]) -> tuple[list[Author], list[str]]:
    """Authors from byline elements; a lone author takes the role of an author-role element."""
    found, raw = [], []
    for text in bylines:
        lines = text.split("\n")  # (a signature over lines: "Priya Raman<br>Te Puke")
        joined, text = " ".join(lines), " / ".join(lines)
        signature = len(lines) > 1 and not BYLINE_PREFIX.match(joined)  # (not "Par<br>X")
        authors = (signature and parse_signature(lines)) or parse_byline(joined) or (
            [name_only(joined)] if looks_like_name(joined) else [])
        if (prefix := BYLINE_PREFIX.match(joined)) and PEN_NAME.fullmatch(
                pen := joined[prefix.end():]) and not is_desk(pen) and (
                not ROLE_WORD.search(pen) or _trade_pen_name(pen)):
            authors = [name_only(pen)]  # "di Cincinnato", "By Nightingale", "von Der Polier"
        if authors:
            found.append(authors)
            raw.append(text)
    merged = merge_authors(*found)
    roles = [r for r in roles if not _is_sentence(r)  # a bio beside the name is not a role,
             and not any(norm_text(r) == norm_text(a["name"]) for a in merged)]  # nor the name
    if roles and len(merged) == 1 and not (merged[0]["role"] or merged[0]["organisation"]):
        role, organisation = split_role_organisation(ROLE_SEPARATOR.sub(", ", roles[0]))
        merged = [{**merged[0], "role": role, "organisation": organisation}]
        raw.append(roles[0])
    return merged, raw


def name_only(text: str) -> Author:
    return {"name": text.strip(), "role": None, "organisation": None}


def without_other_credits(bylines: list[str], authors: list[Author]) -> list[Author]:
    """``authors`` less those the bylines credit for other work than writing ("Tested by
    Katie Bandurski and Mary Henn": a bio of Mary Henn in the page's author boxes is a
    tester's)."""
    credited = {name_key(name) for text in bylines for found in CREDITED_PEOPLE.finditer(text)
                for name in re.split(r"\s+(?:and|&)\s+", found["names"].strip())}
    return [a for a in authors if not any(  # (the credit's words may run on: "Mary Henn Taste")
        (name := name_key(a["name"])) and (key == name or key.startswith(name + " "))
        for key in credited)]


def all_names(sources: list[list[Author]]) -> set[str]:
    return {norm_text(a["name"]) for source in sources for a in source}


CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday today yesterday".split())
QUOTES = "\"'“”‘’«» "
# Credentials after a name: "MS", "RD", "Ph.D", "CEPF®".
CREDENTIAL = re.compile(r"[A-Z][A-Za-z.]{0,5}®?|[A-Z]{2,6}-[A-Z]{1,4}")
# A page's label around the name in a structured author field.
NAME_LABEL = re.compile(r"(?i)^author\s+|\s+(sponsored|last updated|updated)$")
# A desk's initials after a name: "Corina Gall (cog.)", "Jane Doe (dpa)".
DESK_INITIALS = re.compile(r"\s*\([^()]{1,8}\)\s*$")
# Between the names of a joint byline, in the languages of the pages we read.
NAME_JOINER = re.compile(r"\s*[,;&|]\s*|\s+(?:and|und|et|og|och|y|e|en|i)\s+", re.IGNORECASE)
# Scripts written without spaces, where a name is one word: 岳弘彬, 신현주.
UNSPACED_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def split_names(text: str) -> list[str]:
    """A name field of structured data as the people it names: "Samya Kullab and Vasilisa
    Stepanenko" and "Felix Schröder und Jörg Soldwisch, dpa" are two people; "Kommentar von
    Jan Sellner" is one. A field that names no person is kept whole (an organisation)."""
    text = BYLINE_PREFIX.sub("", " ".join(html.unescape(text).split()).strip(QUOTES))
    text = NAME_LABEL.sub("", text)
    parts = [DESK_INITIALS.sub("", part).strip(QUOTES) for part in NAME_JOINER.split(text)
             if part.strip()]
    people = [part for part in parts if looks_like_name(part)]
    if not people and len(parts) > 1 and all(FIRST_NAME.fullmatch(p) for p in parts):
        return parts  # "Maria & Katerina"
    if len(people) == 1 and all(p in people or CREDENTIAL.fullmatch(p) for p in parts):
        return people  # "Dylan Bailey, MS, RD, FAND": the letters after are credentials
    return people if len(people) > 1 else [DESK_INITIALS.sub("", text).strip()]


def person_like(name: str) -> bool:
    """Worth keeping as an author from structured data: not a site handle or a placeholder
    ("theobjectivedad", "undefined", "webmaster"): several words, a capitalised first name
    ("Kristin"), or a name in a script written without spaces."""
    name = name.strip()
    if FIRST_NAME.fullmatch(name):  # "Kristin": a display name, not "levinemusic"
        return name.lower() not in PLACEHOLDERS
    return " " in name or bool(UNSPACED_NAME.search(name))


FIRST_NAME = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]{2,14}")
# Every word trafilatura's author expressions test attributes for (class, id, rel, itemprop,
# data-testid, data-component), lower-cased: an element none of them names is not a byline to it.
LIBRARY_BYLINE_WORDS = re.compile(r"author|byl|bbl|username|screenname|writer|channel-name|"
                                  r"zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
LIBRARY_BYLINE_ATTRS = ("class", "id", "rel", "itemprop", "data-testid", "data-component")


def _library_byline_markup(tree) -> bool:
    """Whether trafilatura's author expressions can match anything on the page."""
    if tree.find(".//author") is not None:
        return True
    for node in tree.iter():
        if node.attrib and LIBRARY_BYLINE_WORDS.search(" ".join(
                node.get(name, "") for name in LIBRARY_BYLINE_ATTRS).lower()):
            return True
    return False


def library_authors(tree) -> list[Author]:
    """trafilatura's reading of the byline markup, for a page where none of our sources found
    an author: only what looks like a person's name. (Its reading of meta tags and JSON-LD is
    not asked for: ours covers them, and its author normaliser takes minutes over a hostile
    100 KB meta value; the markup it reads is cut at 120 characters.) It is asked only when
    some element's attributes hold a word its expressions look for (``LIBRARY_BYLINE_WORDS``):
    its regular expressions are run from Python for every element, the cost of its call."""
    if not _library_byline_markup(tree):
        return []
    try:
        found = extract_author(tree)
    except Exception:  # noqa: BLE001 - a third-party heuristic must not fail the page
        return []
    names = [n.strip() for n in (found or "").split(";")]
    if any(len(n.split()) > 4 for n in names):
        return []  # a menu or a sentence read as a byline: none of it is trusted
    container = article_container(tree)
    names = [n for n in names if n and not _only_beside_other_pieces(tree, container, n)]
    return [name_only(n) for n in names if n and not is_placeholder(n) and (looks_like_name(n) or (
        UNSPACED_NAME.search(n) and len(n) <= 8 and not PUBLICATION_WORDS.search(n)) or (
        person_like(n) and " " not in n and n.lower() not in CALENDAR_WORDS))]
