"""Author cards and boxes: the name, role and organisation parts of a card (by the class names
of its parts), and the notes of an author box ("Jane Doe is head of policy at X", a name over
its role line), read with the byline grammar (:mod:`pipelines.extract.bylines`) and the end
notes' (:mod:`pipelines.extract.endnotes`)."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from pipelines.extract.bylines import (
    BYLINE_PREFIX,
    Author,
    _is_role_part,
    looks_like_name,
    parse_byline,
    split_role_organisation,
)
from pipelines.extract.endnotes import bio_label_alone, parse_endnote
from pipelines.extract.lexicon import ROLE_WORD, SENTENCE_WORD, first_sentence
from pipelines.extract.page import node_attrs, spaced_text
from pipelines.extract.signatures import signer_line

# The parts of an author card ("AuthorCard_name__x1", "author-box__title", "AuthorCard-module--
# role--2b"): the person's name, and their role (with the organisation, often).
# (the part's word after the card's, or first in the languages that put it first: "nombre-autor",
# "cargo-autor", "entidad-autor")
CARD_NAME_PART = re.compile(r"(?:[-_](?:author-?)?name|(?:^|[\s_-])(?:nombre|nom|nome|naam))"
                            r"(?:$|[\s_-])")
CARD_ROLE_PART = re.compile(r"(?:[-_](?:role|title|sub-?title|job-?title|position)|(?:^|[\s_-])"
                            r"(?:cargo|puesto|fonction|poste|funktion|functie))(?:$|[\s_-])")
# Drupal's field classes name every field "field--name-field-...": not a name part.
DRUPAL_FIELD = re.compile(r"field--name-(?:field-)?")
# Three letters in a row: less, and a card's text is a mark ("· 2nd", "3rd+", "•"), not a name,
# a role or a note.
WORD_OF_THREE = re.compile(r"[^\W\d_]{3}")
# A card's note about its person, whose first sentence may be what they do.
CARD_NOTE_PART = re.compile(r"[-_](?:description|desc|bio|about)(?:$|[\s_-])")
CARD_ORG_PART = re.compile(r"(?:[-_](?:org|organi[sz]ation|company|employer|affiliation)|"
                           r"(?:^|[\s_-])(?:entidad|empresa|organismo|organizaci[oó]n|"
                           r"entreprise|structure|unternehmen))(?:$|[\s_-])")


def read_bios(texts: list[str], known: AbstractSet[str] = frozenset()
              ) -> tuple[list[Author], list[str]]:
    """Authors of author boxes and notes: an end note ("Jane Doe is head of policy at X. John
    Roe is ..."), or a sign-off set in a note ("Jane Doe, partner, and John Roe, associate,
    X LLP"); with the texts read. ``known``: the names the page's bylines give, normalised
    (a column's pen name: "The Prospector is a retired mine manager")."""
    found: list[Author] = []
    raw: list[str] = []
    texts = [t for t in texts if WORD_OF_THREE.search(t)]  # (not a card's "· 2nd", "•")
    while texts:
        text = texts.pop(0)
        if bio_label_alone(text):
            continue  # the box's heading: "Zum Autor", "About the author"
        if texts and signer_line(text) and not _is_sentence(texts[0]) and (
                texts[0] not in text) and not BYLINE_PREFIX.match(texts[0]) and (
                authors := _note_signoff(f"{text}, {texts[0]}")):
            text = f"{text}, {texts.pop(0)}"  # a card's name over its role line
        else:
            authors = parse_endnote(text, known) or _note_signoff(text)
        if authors:
            found += authors
            raw.append(text)
    return found, raw


def _bare_description(text: str) -> str | None:
    """The first sentence of an author card's note when it says what its person does, without
    a name ("Senior Correspondent at Delivery Centre. Covers outsourcing deals.")."""
    sentence = first_sentence(text).strip(" .")
    role_word = ROLE_WORD.search(sentence)
    if (len(sentence) > 160 or not role_word or len(sentence[:role_word.start()].split()) > 2
            or SENTENCE_WORD.search(sentence) or not _is_role_part(sentence)):
        return None
    return sentence if split_role_organisation(sentence)[0] else None


def _note_signoff(text: str) -> list[Author]:
    """A sign-off set in an author note: every person with a role or an organisation (a
    note that is only a name, or a name and a handle, adds nothing to the byline's)."""
    if "," not in text or _is_sentence(text):
        return []
    found = parse_byline(text)
    return found if found and all(a["role"] or a["organisation"] for a in found) else []


def _is_sentence(text: str) -> bool:
    """Prose, not a role line: "Daniel Hughes covers disputes. Got a story? Email ..."."""
    return len(text) > 160 or first_sentence(text) != text


def _unmangled(attrs: str) -> str:
    """Class names as written before a build tool mangled them: a CSS module's hash cut and
    its camel case split ("authorName_yefp" -> "author-Name")."""
    return CAMEL_CASE.sub("-", " ".join(
        m[1] if (m := CSS_MODULE_NAME.fullmatch(token)) else token for token in attrs.split()))


CSS_MODULE_NAME = re.compile(r"([a-z]+(?:[A-Z][a-z0-9]*)+)_[A-Za-z0-9]{4,6}")  # (camel case)
CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _card_bylines(card) -> list[str]:
    """An author card's name part and role part as one byline ("Sunita Rao, Senior
    Reporter"), read like any other."""
    names, roles, orgs = [], [], []
    for node in card.iterdescendants():
        if not isinstance(node.tag, str) or not node.get("class"):
            continue
        attrs = DRUPAL_FIELD.sub("field-", _unmangled(node_attrs(node)).lower())
        text = spaced_text(node)
        if CARD_NAME_PART.search(attrs) and (looks_like_name(text) or signer_line(text)):
            names.append(text)
        elif (CARD_ROLE_PART.search(attrs) and 3 <= len(text) <= 150 and not _is_sentence(text)
              and split_role_organisation(text)[0]):  # a role, not a badge ("Verified expert")
            roles.append(text)
        elif CARD_ORG_PART.search(attrs) and 3 <= len(text) <= 150 and not _is_sentence(text):
            orgs.append(text)
        elif CARD_NOTE_PART.search(attrs) and (described := _bare_description(text)):
            roles.append(described)  # <div class="author-description">Reporter at X. ...
    names, roles = list(dict.fromkeys(names)), list(dict.fromkeys(roles))  # (nested: once)
    if len(names) != 1 or len(roles) != 1 or len(orgs) > 1:
        return []
    return [", ".join([names[0], roles[0]] + orgs)]
