"""End notes: "Jane Doe is head of policy at Some Trust", read into people with the byline
grammar's parts (:mod:`pipelines.extract.bylines`).

``parse_endnote`` keeps the ``first_sentence`` (and the next ones while each describes another
person), splits it at ``ENDNOTE_NEXT_CLAUSE`` ("... and John Roe is ..."), matches each clause
with ``ENDNOTE_CLAUSE`` ("<names> is|ist|est|é|zijn <description>") and cuts the description at
``ENDNOTE_DESCRIPTION_END`` (", who ...", " and has ...")."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from pipelines.extract.bylines import (
    Author,
    _author,
    _is_role_part,
    _undouble,
    clean,
    looks_like_name,
    parse_signoff,
    split_role_organisation,
)
from pipelines.extract.lexicon import (
    _U,
    ARTICLE_BEFORE_TITLE,
    LEADING_ARTICLE,
    POSTNOMINAL,
    POSTNOMINAL_SHAPE,
    ROLE_MODIFIERS,
    ROLE_WORD,
    SEGMENT_SPLIT,
    SENTENCE_WORD,
    UNAFFILIATED,
    first_sentence,
    singular_role,
    without_party,
)
from pipelines.extract.page import norm_text
from pipelines.extract.places import is_address

ENDNOTE_VERBS = r"is|are|ist|sind|est|sont|es|son|è|sono|é|são|zijn"
ENDNOTE_NEXT_CLAUSE = re.compile(  # ("A is X at Y; B is Z at W": a semicolon alone will do)
    rf"(?:(?:,|;)?\s+(?:and|und|et|y|e|ed|en|while|whilst)\s+|;\s+"
    # (a comma alone before a name: "A ist Geschäftsführerin, Mag. B ist Rechtsberater der X")
    rf"|,\s+(?=(?:[A-ZÀ-Þ][^\s;,]*\s+){{2,4}}(?:{ENDNOTE_VERBS})\s))"
    rf"(?=(?:[^\s;]+\s+){{1,6}}(?:{ENDNOTE_VERBS})\s)"  # ("B, P.Eng., is")
)
ENDNOTE_CLAUSE = re.compile(rf"^(?P<names>.+?)\s+(?P<verb>{ENDNOTE_VERBS})\s+(?P<desc>.+)$")
# What an end note cannot do without (a cheap look before reading one).
ENDNOTE_VERB = re.compile(rf"\s(?:{ENDNOTE_VERBS})\s")
# "About the author:" and its like, before an end note in an author box.
BIO_LABEL = re.compile(
    r"^\W*(?:about the (?:authors?|columnists?|writers?|contributors?)|the authors?|zum autor|"
    r"die autor(?:inn)?en|"
    r"zur autorin|zur person|über den autor|"
    r"über die autorin|l[’']auteure?|à propos de l[’']auteur|l[’']autrice|"
    r"over de (?:auteurs?|columnist|schrijver))\s*:?\s*", re.IGNORECASE)


# The label of a note on the person a piece is about, an interview's or a portrait's subject
# ("Zur Person", "Bio express"): the author's only if the page names them so elsewhere.
SUBJECT_LABEL = re.compile(r"(?i)^\W*(?:zur person|bio express|about the interviewee)\s*:?\s*")


def bio_label_alone(text: str) -> bool:
    """Whether ``text`` is an author box's heading and nothing else ("Zum Autor", "Over de
    columnist")."""
    label = BIO_LABEL.match(text)
    return label is not None and label.end() == len(text.rstrip())


ENDNOTE_DESCRIPTION_END = re.compile(
    r"(?:,\s*|\s+)(?:and|und|et|en|e|y)\s+(?:a|an|the|has|have|was|is|writes|works|lives|ist|"
    r"hat|est|schrijft|werkt|woont|heeft|escreve|trabalha|atua|tem|foi|escribe|trabaja|scrive|lavora|"
    r"also|auch|aussi|member|mitglied|Mitglied|membre|chairs|leads|heads|runs|sits|serves|"
    r"co-?chairs|teaches|advises|represents|sitzt|leitet|préside|dirige|"
    r"covers|edits|oversees|manages|coordinates|hosts|contributes|holds|lectures|farms|"
    r"practi[sc]es|"
    # (after two people: "A and B are co-owners of X, and sit on ...")
    r"sit|serve|run|write|work|live|teach|lead|chair(?!\s+(?:of|at)\b)|manage|own|hold|farm|"
    r"betreut|schreibt|lebt|arbeitet|berät|lehrt|forscht|verantwortet|koordiniert|vertritt|"
    r"berichtet|recherchiert|kommentiert|moderiert|unterrichtet|reports|couvre|"
    r"engagiert|écrit|vit|travaille|enseigne|coordonne|anime|signe|tient|siège|représente)\b"
    r"|,?\s+(?:who|which|where|whose|qui)\b|,\s+(?:die|der|das)\b"  # German: only after a comma
    # a clause of what they do there: "a reporter at X covering health", "... responsible for"
    r"|,?\s+(?:covering|specialising|specializing|focusing|focussing|overseeing|"
    r"especializad[oa]s?|especialista em|spécialisée?s?|spécialiste de)\s"
    r"|,?\s+(?:responsible for|writing (?:about|on)|working (?:on|with|across))\s"
    r"|,?\s+(?:with|alongside)\s+(?:her|his|their)\s"  # "X owns Y with her partner"
    r"|,?\s+with\s+(?:more than|over|almost|nearly|some|\d+)\s"  # "with 10 years of ..."
    r"|\s+(?:in|since|seit|depuis|en)\s+(?:19|20)\d\d\b"  # "X founded Y in 2004"
    r"|,\s+(?:a|an|the|ein|eine|un|une)\s"
    # a second role, in a body not named: "... und Gesellschafterin eines Ingenieurbüros"
    r"|\s+(?:and|und|et)\s+[\w-]+\s+(?:of an?|eines|einer|d['’]une?)\s"
)
# "The Townland Watcher is the pen name of a former county manager": a column's pen name.
PEN_NAME = re.compile(r"^(?P<name>[^,;]{3,60}?)\s+(?:is|was)\s+the\s+(?:pen[- ]?name|pseudonym|"
                      r"nom de plume)\s+(?:of|for|used by)\s+(?P<desc>.+)$", re.IGNORECASE)
# "Kuno Kälberstrick schreibt unter Pseudonym.": a pen name that says so, and no more.
WRITES_UNDER_PEN_NAME = re.compile(
    r"^(?P<name>[^,;]{3,60}?)\s+(?:writes under a (?:pen[- ]?name|pseudonym|nom de plume)|"
    r"schreibt unter (?:einem )?Pseudonym|écrit sous (?:un )?pseudonyme)\.?$", re.IGNORECASE)
# "Aroha Ngata ONZM farms 420 cows near Morrinsville and is dairy chair of Federated Farmers
# Waikato", "Franz Aigner war 38 Jahre lang Polier ... und ist heute Polier im Ruhestand": what
# they do or did first, then what they are (not "is X and is Y": the first is the role).
WHAT_THEY_DO_FIRST = re.compile(
    r"^(?P<name>(?:\S+\s+){1,4}?\S+)\s+(?!(?:is|ist|est|are|sind|sont)\s)[a-zäöüéèà]+\s+"
    r"[^;:]{3,120}?,?\s+(?:and|und|et)\s+(?:is|ist|est)\s+"
    r"(?:(?:now|today|heute|jetzt|aujourd['’]hui|désormais)\s+)?(?P<desc>.+)$")
# "Marisol Ortega co-owns Two Rivers Books": a verb that says the role ("co-owner of").
ROLE_VERB = re.compile(r"^(?P<name>(?:\S+\s+){1,4}?\S+)\s+(?P<verb>co-owns|owns|co-founded|"
                       r"founded|co-chairs|chairs|edits|manages|directs)\s+(?P<rest>(?:the\s+)?"
                       r"[A-ZÀ-Þ].+)$")  # (an organisation's name: not "owns shares of X")
ROLE_OF_VERB = {"co-owns": "co-owner", "owns": "owner", "co-founded": "co-founder",
                "founded": "founder", "co-chairs": "co-chair", "chairs": "chair",
                "edits": "editor", "manages": "manager", "directs": "director"}
# "Pit & Port's Perth-based features editor": the organisation's own role, where it is based
POSSESSIVE_ROLE = re.compile(r"^(?P<organisation>[A-Z][^,;]{1,60}?)['’]s\s+(?:[\w-]+-based\s+)?"
                             r"(?P<role>[^,;]+)$")
# "A and B are respectively chair and chief executive of X": one role each, in order.
RESPECTIVELY = re.compile(r"(?i),?\s*\b(?:respectively|respectivement|jeweils|respectivamente|"
                          r"rispettivamente|respectievelijk)\b,?\s*")
ROLE_LIST_SPLIT = re.compile(r"\s*,\s*(?:(?:and|et|und|y|e|en)\s+)?|\s+(?:and|et|und|y|e|en)\s+")
# "B is dean of students at the same university": the organisation of the person before.
SAME_ORGANISATION = re.compile(r"(?i)\s+(?:at|of|with|in|for)\s+the same\s+[a-z]+$")
# An end note that does not repeat the name: "The author is chief executive of X".
THE_AUTHOR = re.compile(r"(?i)^(?:the (?:author|writer|columnist)|l['’](?:auteur|autrice)|"
                        r"der autor|die autorin)$")
# ... and of several: "Les auteurs sont médecins du travail chez X" (each is one).
THE_AUTHORS = re.compile(r"(?i)^(?:(?:the|both) (?:authors|writers)|les (?:deux )?(?:auteur|"
                         r"autrice)s|(?:die|beide) (?:autoren|autorinnen))$")


def parse_endnote(text: str, known: AbstractSet[str] = frozenset()) -> list[Author]:
    """ "Jane Doe is head of policy at Some Trust" -> [Jane Doe, head of policy, Some Trust].
    ``known``: names the page gives its authors elsewhere, normalised (a pen name, "The
    Sceptical Auditor", is no person's name but is this piece's author). A note on the person a
    piece is about ("Zur Person: ...") names an author only if the page does elsewhere."""
    if SUBJECT_LABEL.match(text):
        return [a for a in parse_endnote(SUBJECT_LABEL.sub("", text), known)
                if norm_text(a["name"]) in known]
    unlabelled = BIO_LABEL.sub("", text)
    if not re.match(rf"(?:{ENDNOTE_VERBS})\s", unlabelled):  # "The author is ...": a subject
        text = unlabelled
    text = clean(text)
    if not text or len(text) > 600:
        return []
    sentence = clean(first_sentence(text))
    authors = _endnote_sentence(sentence, known)
    rest = text[len(first_sentence(text)):].lstrip(" .")
    while authors and rest:  # "A is X at Y. B is Z at W.": one sentence a person
        more = _endnote_sentence(clean(first_sentence(rest)), known)
        if not more:
            break
        authors += more
        rest = rest[len(first_sentence(rest)):].lstrip(" .")
    for before, author in zip(authors, authors[1:], strict=False):
        if (same := SAME_ORGANISATION.search(author["role"] or "")) and not author[
                "organisation"] and before["organisation"]:
            author["role"] = (author["role"] or "")[:same.start()]
            author["organisation"] = before["organisation"]
    return authors


# "médecin du travail chez Prevenco, service externe de prévention ...": after a role held at a
# named organisation, a comma and a word in lower case describe the organisation.
ORGANISATION_DESCRIBED = re.compile(
    rf"^.+?\s(?:at|chez|bei|beim|with|auprès de)\s+[{_U}][^,]*(?=,\s+[a-zàâçéèêëîïôûùüÿæœ])")


SECOND_ROLE = re.compile(r"\s+(?:and|et|und)\s+")


def _role_description(text: str) -> str | None:
    """What an end note says a person is, up to where it goes on about them (", who ...",
    " and has ..."), if that is a role: "a partner at X LLP" -> "partner at X LLP"."""
    description = LEADING_ARTICLE.sub("", clean(ENDNOTE_DESCRIPTION_END.split(
        text, maxsplit=1)[0]))
    if described := ORGANISATION_DESCRIBED.match(description):
        description = described.group(0)
    for joint in SECOND_ROLE.finditer(description):  # "directrice générale de la Régie X et
        # vice-présidente de la commission ...": the first role, held in a named body
        if ROLE_WORD.match(description, joint.end()) and all(
                split_role_organisation(description[:joint.start()])):
            description = description[:joint.start()]
            break
    owned = _possessive(description)  # ("X's features editor")
    if (len(description) > 160 or SENTENCE_WORD.search(description)
            or not (_is_role_part(description) or (owned and _is_role_part(owned["role"])))
            or not ROLE_WORD.search(description)):
        return None
    return description


def _possessive(description: str) -> re.Match[str] | None:
    """An organisation's own role ("Pit & Port's features editor"); not a place's name that
    runs on after its "'s" ("a Hawke's Bay pipfruit grower")."""
    owned = POSSESSIVE_ROLE.match(description)
    if owned and owned["role"][:1].isupper() and not ROLE_WORD.match(owned["role"]) and (
            owned["role"].split()[0].lower() not in ROLE_MODIFIERS):  # (not "X's Senior Editor")
        return None
    return owned


def _main_role(description: str) -> tuple[str | None, str | None]:
    """(role, organisation) of a description; of two roles joined by ", and" ("an arable
    farmer at Kingsland, Herefordshire, and county chair of NFU Herefordshire"), the one held
    in an organisation; a role without the unit it is held in ("a partner in the Employment
    Practice Group at X": partner)."""
    role, organisation = _held_role(description)
    if role and organisation and (unit := UNIT_HELD_IN.search(role)) and unit.start() > 0:
        role = role[:unit.start()]
    return role, organisation


# "in the Employment Practice Group", "in its dairy team": where in the organisation a role is.
UNIT_HELD_IN = re.compile(r"(?i)\s+in (?:the|its|our|their) [^,;]{0,60}?(?:group|team|practice|"
                          r"department|division|unit|section|desk)$")


def _held_role(description: str) -> tuple[str | None, str | None]:
    if (owned := _possessive(description)) and _is_role_part(owned["role"]):
        return owned["role"], owned["organisation"]
    parts = description.split(", and ")
    if len(parts) == 2 and all(ROLE_WORD.search(p) and _is_role_part(p) for p in parts):
        held = [split_role_organisation(p) for p in parts]
        return next((r for r in reversed(held) if r[1] and not is_address(r[1])), held[0])
    return split_role_organisation(description)


def _endnote_sentence(sentence: str, known: AbstractSet[str]) -> list[Author]:
    sentence = ARTICLE_BEFORE_TITLE.sub("", sentence)  # "La Dre Sophie Lavoie est ..."
    if (first := WHAT_THEY_DO_FIRST.match(sentence)) and looks_like_name(first["name"]):
        sentence = f"{first['name']} is {first['desc']}"  # what they do, then what they are
    elif (verb := ROLE_VERB.match(sentence)) and looks_like_name(verb["name"]):
        sentence = f"{verb['name']} is {ROLE_OF_VERB[verb['verb']]} of {verb['rest']}"
    if pen := PEN_NAME.match(sentence):  # the pen name is the author, whoever writes it
        description = _role_description(pen["desc"])
        return [_author(pen["name"], *(_main_role(description) if description else ()))]
    if pen := WRITES_UNDER_PEN_NAME.match(sentence):
        return [_author(pen["name"])]
    sentence, respectively = RESPECTIVELY.subn(" ", sentence, count=1)
    clauses: list[str] = []
    start = 0
    for joint in ENDNOTE_NEXT_CLAUSE.finditer(sentence):
        if not sentence[joint.end()].isupper():
            continue  # ("director of estates and facilities and B is": B's name comes later)
        if ENDNOTE_CLAUSE.match(sentence[start: joint.start()]):  # not "Jane Doe and John Roe are"
            clauses.append(sentence[start: joint.start()])
            start = joint.end()
    clauses.append(sentence[start:])
    authors: list[Author] = []
    for clause in clauses:
        match = ENDNOTE_CLAUSE.match(clause)
        if not match:
            return []
        names: list[str] = []
        for name in (_undouble(without_party(clean(n))) for n in SEGMENT_SPLIT.split(
                match.group("names"))[::2]):  # ("Sabine Kettler Sabine Kettler ist": a box's
            # bold name run into its note)
            if not name:
                continue  # (the comma after the letters: "Whitcomb, P.E., is")
            if names and (POSTNOMINAL.fullmatch(name) or (
                    "," in names[-1] and POSTNOMINAL_SHAPE.fullmatch(name))):
                # "Dale R. Whitcomb, P.E., is ...", "Maria Chen, PharmD, BCPS, is": letters as
                # signed (a run of letters' shape after listed ones)
                names[-1] += f", {name}"
            else:
                names.append(name)
        plural = match.group("verb") in {"are", "sind", "sont"}
        if THE_AUTHOR.match(match.group("names")) and not plural:
            names = [""]  # "The author is ...": the one the page names elsewhere
        elif THE_AUTHORS.match(match.group("names")) and plural:
            names = ["", ""]  # "The authors are ...": each of those the page names
        elif not all(looks_like_name(n.split(",")[0]) or norm_text(n) in known for n in names) or (
                plural != (len(names) > 1)):
            return []
        description = _role_description(match.group("desc"))
        if not description:
            return []
        role, organisation = _main_role(description)
        roles = ROLE_LIST_SPLIT.split(role) if respectively and role else []
        if len(roles) == len(names) > 1:  # one role each, the organisation shared
            authors.extend(_author(n, r, organisation) for n, r in zip(names, roles, strict=True))
            continue
        if len(names) > 1:
            role = singular_role(role)  # "A and B are co-owners of X": a co-owner each
        authors.extend(_author(n, role, organisation) for n in names)
    last = authors[-1]["organisation"] if authors else None
    # "A is a partner and B is an associate at X LLP": the one organisation is both people's
    # (not a retired or freelance one's)
    return [a | {"organisation": last} if a["role"] and not a["organisation"] and last
            and not UNAFFILIATED.search(a["role"]) else a for a in authors]


# An editor's note before a guest piece: "This week's guest post comes from two people ...",
# "This week's is from Marcus Bell, RN, nurse manager at X."
GUEST_INTRO = re.compile(r"(?i)\b(?:guest (?:post|column|blog|piece|writer|contributor|author)s?|"
                         r"this (?:week|month)['’]s|today['’]s)\b")
EDITORS_SIGN = re.compile(r"\s+[—–]\s*[A-Z][\w.]{0,20}$")  # "... Ohio. — Rachel"
INTRO_FROM = re.compile(r"(?i)\b(?:is|comes)\s+(?:from|by)\s+(?P<people>.+)$")


def parse_guest_intro(text: str, known: AbstractSet[str] = frozenset()) -> list[Author]:
    """The people an editor's note introducing a guest piece describes, a sentence each ("This
    week's is from A, role at X"; "B is a role with Y"); [] if it is no such note."""
    text = EDITORS_SIGN.sub("", clean(text))
    if not GUEST_INTRO.search(text) or len(text) > 800:
        return []
    found: list[Author] = []
    while text:
        sentence = clean(first_sentence(text))
        text = text[len(first_sentence(text)):].lstrip(" .")
        if (intro := INTRO_FROM.search(sentence)) and (people := parse_signoff(intro["people"])):
            found += people
        else:
            found += _endnote_sentence(sentence, known)
    return found
