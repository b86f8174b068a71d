"""Authors from bylines, sign-offs, end notes and letter signatures.

Every parser is a pure function of a string (or of a few lines) that returns a
list of ``Author`` dicts, or ``[]`` when the text is not what it looks for. They
are strict on purpose: a body sentence taken for an author is worse than a
missing author, who can still come from another source
(:func:`pipelines.extract.names.merge_authors`).

The patterns are module constants named for what they match (the vocabularies
they are built from, and the word patterns, are in :mod:`pipelines.extract.lexicon`),
applied in this order:

1. ``clean`` removes ``EMPHASIS`` (asterisks, underscores), ``LEADING_MARK``
   (dashes, bullets, opening quotes) and trailing punctuation, and collapses
   whitespace.
2. ``parse_byline`` cuts the line at ``BYLINE_SEPARATOR`` ("|", "•", " - ")
   and tries each part: ``BYLINE_PREFIX`` ("By", "Words by", "Von", "Par") is
   removed, then ``BYLINE_DATE_TAIL`` (a date, "5 min read") and
   ``BYLINE_HANDLE`` ("@janedoe").
   End notes ("Jane Doe is head of policy at X") are read by
   :mod:`pipelines.extract.endnotes` with the same parts.
3. ``SEGMENT_SPLIT`` (",", ";", "and", "&", "und", "et") cuts names and
   descriptions into segments. A segment that ``looks_like_name`` starts a new
   author when the current one has no description yet, or when it is followed
   by its own description; any other segment belongs to the current author.
   ``SENTENCE_WORD`` (said, who, has, ist, est ...) in a description rejects
   the whole text.
4. ``split_role_organisation`` takes a description apart: at commas first
   (leading parts with a ``ROLE_WORD`` and no ``ORG_WORD`` before it, or that
   start in lower case, are the role), else at ``ORG_JOINER_AT`` ("at", "beim",
   "chez"), else at ``ORG_JOINER_OF`` ("of", "for", "des", "de") when what
   follows is a capitalised organisation rather than ``DEPARTMENT_WORDS``.
5. ``looks_like_name`` takes off ``NAME_TITLE`` and ``POSTNOMINAL`` tokens and
   checks 2-4 ``NAME_WORD`` tokens (``NAME_PARTICLE`` in between), none of them
   an organisation word or in ``NOT_NAME_WORDS``, not all of them role words.
"""

from __future__ import annotations

import re
from typing import TypedDict

from pipelines.extract.lexicon import (
    _U,
    ARTICLE_BEFORE_TITLE,
    BARE_NUMBER_PART,
    BYLINE_DATE_TAIL,
    BYLINE_HANDLE,
    BYLINE_PREFIX,
    BYLINE_SEPARATOR,
    DEGREE_SHAPE,
    DEPARTMENT_WORDS,
    DOCTOR_LETTERS,
    EMPHASIS,
    FRENCH_ORG_NOUN,
    LEADING_ARTICLE,
    LEADING_MARK,
    NAME_BADGE,
    NAME_PARTICLE,
    NAME_STOP_WORDS,
    NAME_TITLE,
    NAME_WORD,
    NAME_WORD_CAPS,
    NAMES_THEN_ORGANISATION,
    NEWSROOM_ROLES,
    ORG_HEAD,
    ORG_JOINER_AT,
    ORG_JOINER_OF,
    ORG_KIND_NOUN,
    ORG_OF_KIND,
    ORG_WORD,
    OTHER_CREDIT,
    POSTNOMINAL,
    POSTNOMINAL_SHAPE,
    REGISTRATION,
    ROLE_MODIFIERS,
    ROLE_PLACE,
    ROLE_TOWN,
    ROLE_WORD,
    ROLE_WORDS_ALSO_FIRST_NAMES,
    ROLE_WORDS_NEVER_SURNAMES,
    SEGMENT_SPLIT,
    SENTENCE_END,
    SENTENCE_WORD,
    SPECIAL_TO,
    TRAILING_MARK,
    TRAILING_PERIOD,
    UNAFFILIATED,
    ends_in_unlisted_letters,
    first_sentence,
    is_sentence_break,
    singular_role,
    title_case,
    without_party,
)
from pipelines.extract.places import is_address, is_place_line, without_address


class Author(TypedDict):
    name: str
    role: str | None
    organisation: str | None


# --- cleaning and bylines (steps 1-2) -----------------------------------------------------

def clean(text: str) -> str:
    """Strip emphasis, leading dashes and bullets, trailing punctuation; collapse whitespace
    (and the space before a comma that a link's end leaves: "<a>Jane Doe</a>, RN")."""
    text = EMPHASIS.sub("", " ".join((text or "").split()).replace(" , ", ", "))
    text = LEADING_MARK.sub("", text)
    text = TRAILING_MARK.sub("", text)
    if text.count("(") > text.count(")"):  # "Northshire County Council (NCC)" keeps its ")"
        text += ")"
    return TRAILING_PERIOD.sub("", text).strip()


def _tokens(text: str) -> list[str] | None:
    """The name words of ``text`` (titles, postnominals and particles removed), or None."""
    tokens = REGISTRATION.sub("", clean(text)).split()
    while len(tokens) > 2 and NAME_TITLE.fullmatch(tokens[0]):
        tokens.pop(0)
    if ends_in_unlisted_letters(tokens) and not tokens[-2].endswith(","):
        tokens.pop()  # one set of letters no list holds: "Aoife Brennan MPSI" (not "USA TODAY")
    while len(tokens) > 2 and (POSTNOMINAL.fullmatch(tokens[-1].strip(",")) or (
            "." in tokens[-1] and NAME_TITLE.fullmatch(tokens[-1]))):
        tokens.pop()  # (and a degree written after the name: "Katrin Vogel Dipl.-Ing.")
    if not tokens or NAME_PARTICLE.fullmatch(tokens[0]) or NAME_PARTICLE.fullmatch(tokens[-1]):
        return None
    return [t for t in tokens if not NAME_PARTICLE.fullmatch(t)]


def looks_like_name(text: str) -> bool:
    """True for "Jane Doe", "Dr J. R. Doe", "Anne-Marie O'Neill", "Ursula von der Leyen"."""
    text = clean(text)
    if not text or len(text) > 60:
        return False
    words = _tokens(text)
    if words is None or not 2 <= len(words) <= 4:
        return False
    caps = all(w.isupper() for w in words) and any(len(w.strip(".")) > 1 for w in words)
    pattern = NAME_WORD_CAPS if caps else NAME_WORD
    if not all(pattern.fullmatch(w) for w in words) or len(words[-1].rstrip(".")) < 2:
        return False
    lowered = [w.lower() for w in words]
    # a particle written with a capital inside a name is part of it: "Claire Le Goff"
    inner = {i for i in range(1, len(words) - 1) if NAME_PARTICLE.fullmatch(lowered[i])}
    if any(ORG_WORD.fullmatch(w) for w in words) or any(
            w in NAME_STOP_WORDS for i, w in enumerate(lowered) if i not in inner):
        return False
    if any(ROLE_WORD.fullmatch(w) and w not in ROLE_WORDS_ALSO_FIRST_NAMES for w in lowered[:-1]):
        return False  # "Leiterin des Gesundheitsamts", "Prime Minister Theresa May"
    if ROLE_WORD.fullmatch(lowered[-1]) and (len(words) > 2 or _is_role_word(lowered[0]) or (
            lowered[-1] in ROLE_WORDS_NEVER_SURNAMES)):
        return False  # "Jane Doe Special Correspondent", "Chief Executive", "Farming Editor"
    if lowered[-1] in NEWSROOM_ROLES:
        return False  # "Ports Correspondent": no one's surname, whatever comes before it
    return True


def _is_role_part(text: str) -> bool:
    """A description part that is a role: lower case, or a role word after modifiers only."""
    if not text or ORG_JOINER_AT.match(" " + text):  # "..., at Albula Re": where, not what
        return False
    if text[0].islower():
        return True
    words = text.split()
    if len(words) >= 2 and words[0].lower() in ROLE_MODIFIERS and text[1:].islower():
        return True  # "Retired lineman", "Former headteacher": a role in sentence case
    role = ROLE_WORD.search(text)
    if not role:
        return False
    org = ORG_WORD.search(text)
    before = text[:role.start()].split()
    if org and org.start() > role.end() and (text[role.end():role.end() + 1] in "'’" or (
            role.group(0).endswith("s") and not role.group(0).endswith("ss"))):
        return False  # "Registered Nurses' Union of Ontario": whose body it is, not a role
    if org and org.start() < role.start():
        # "Association of Directors of ...", not "Board President" (the body it presides)
        # ("Network and Security Administrator": what they look after, then what they are)
        return len(words) <= 4 and role.end() == len(text) and all(
            w[:1].isupper() or (w in {"and", "&"} and 0 < i < len(before) - 1)
            for i, w in enumerate(before))
    if all(_is_role_word(w) for w in before):  # not "Greystone Growers"
        return True
    # "Control Room Manager": a role word last, and one person's (not "Greystone Growers")
    return (not org and len(words) <= 4 and bool(ROLE_WORD.fullmatch(words[-1]))
            and not words[-1].lower().endswith("s"))


def _is_role_word(word: str) -> bool:
    word = word.lower()
    return word in ROLE_MODIFIERS or word in DEPARTMENT_WORDS or bool(ROLE_WORD.fullmatch(word))


def _is_department(text: str) -> bool:
    words = [w for w in re.findall(r"[\w'’&-]+", text.lower()) if not w.isdigit()]
    return bool(words) and all(w in DEPARTMENT_WORDS for w in words)  # ("Precinct 2")


# Who sits for a constituency: what follows their "for" is a place, not an organisation.
LEGISLATOR = re.compile(r"\b(?:MP|MPs|TD|TDs|MEP|MSP|MS|MLA|MPP|AM|[Ss]enator|"
                        r"[Cc]ongress(?:wo)?man|[Rr]epresentative)$")


# Where they work, after the role and organisation, with its own commas.
BASED_IN = re.compile(r",\s+(?:based|living|working) (?:in|at|near|out of)\s.+$"
                      r"|,\s+à\s+[A-ZÀ-Þ][^,;]*$")  # (", à Namur": where, in French)
# An address to write to, not a role or an organisation.
CONTACT = re.compile(r"\S@\S|https?://|www\.")
# How long they have held it: "Directora de Energía & Red desde 2019", "since 2019".
SINCE_YEAR = re.compile(r"\s+(?:since|from|desde|seit|depuis|dal|sinds|desde o ano de)\s+"
                        r"(?:\w+\s+)?(?:19|20)\d\d\.?$")


# "On behalf of the board of X" under signers: the organisation is X.
ON_BEHALF_OF = re.compile(
    r"(?i)^(?:for and )?on behalf of (?:the (?:board|members|committee|council|trustees|"
    r"executive|directors|officers)(?: of)? )?(?:the (?=[A-Z]))?"
    r"|^im namen (?:des vorstand(?:e)?s |des präsidiums )?(?:der |des )?"
    r"|^au nom (?:du conseil d['’]administration |du bureau )?(?:de la |du |de l['’]|des |de )?")
# A place a byline was filed from, after the name: "in Brussels", "de Brasília", "aus Berlin".
DATELINE_PLACE = re.compile(rf"^(?:in|from|de|desde|em|aus|à|a|en)\s+[{_U}][^,;]*$")


def _without_tenure(text: str | None) -> str | None:
    """``text`` less "since 2019"; None for an e-mail or web address, which is neither a role
    nor an organisation."""
    if not text or CONTACT.search(text):
        return None
    return SINCE_YEAR.sub("", text)


def _finish(role: str | None, organisation: str | None) -> tuple[str | None, str | None]:
    role, organisation = _without_tenure(role), _without_tenure(organisation)
    role = LEADING_ARTICLE.sub("", clean(ROLE_PLACE.sub("", role))) if role else None
    if role and (town := ROLE_TOWN.search(role)) and is_address(town.group("place")):
        role = role[:town.start()]  # "agriculteur à Saint-Girons"
    if role and DATELINE_PLACE.match(role) and not ROLE_WORD.search(role):
        role = None  # "Por Juliana Castro, de Brasília": where the byline was filed from
    if organisation and (joiner := ORG_JOINER_AT.match(" " + organisation)):
        organisation = organisation[joiner.end() - 1:]  # "property and specialty, at Albula Re"
    organisation = ORG_KIND_NOUN.sub("", re.sub(r"^the\s+", "", clean(organisation))) if (
        organisation) else None
    if organisation:  # "retired dairy farmer, Hexham, Northumberland": an address
        organisation = without_address(organisation) or None
    if organisation and (bilingual := BILINGUAL_NAME.fullmatch(organisation)):
        organisation = bilingual[1]  # "Dyffryn Teifi County Council / Cyngor Sir Dyffryn Teifi"
    return role or None, organisation or None


# An organisation's name in two languages: the first as the name.
BILINGUAL_NAME = re.compile(r"([A-ZÀ-Þ][^/]{3,80}?)\s+/\s+[A-ZÀ-Þ][^/]{3,80}")


def _org_joiners(text: str) -> list[re.Match[str]]:
    """The "of"/"de" joiners of a description, the likeliest to begin its organisation first:
    one before an organisation word ("directora de Comunicación de la Universidad de Sevilla");
    else, when two or more come before capitals, the last ("director de Regulación y Mercados
    de Eólica Cantábrica": a department's capitals, then the company's); else in order."""
    matches = list(ORG_JOINER_OF.finditer(text))
    if not matches:
        return []
    ends = [m.start() for m in matches[1:]] + [len(text)]
    segments = [(m, text[m.end():end]) for m, end in zip(matches, ends, strict=True)
                if text[m.end():m.end() + 1].isupper()]
    named = [m for m, segment in segments if ORG_WORD.search(segment)
             or FRENCH_ORG_NOUN.match(segment)]
    if named:
        return named[:1] + matches
    if len(segments) >= 2 and len(segments[0][1].split()) >= 2:
        return [segments[-1][0]] + matches
    return matches


def _split_single(text: str) -> tuple[str | None, str | None]:
    """Split a comma-free description at "at"/"beim"/"chez", else at "of"/"des"/"de"."""
    if _is_role_part(text):
        for match in ORG_JOINER_AT.finditer(text):
            if _is_role_part(text[: match.start()]):
                return _finish(text[: match.start()], text[match.end():])
        for match in _org_joiners(text):
            rest, joiner = text[match.end():], match.group(0).strip().lower()
            if joiner == "for" and LEGISLATOR.search(text[:match.start()]):
                break  # "MP for Hexham", "Independent TD for Cork South-West": one role
            german = joiner in {"der", "des", "vom", "im", "am"}
            if german and not ORG_WORD.search(rest):
                continue
            capitalised = rest[:1].isupper() or rest[:1].isdigit()
            # ("de la communauté de communes du Val de Serre"; not "secrétaire de mairie", a
            # trade: an organisation has a name)
            french_noun = joiner not in {"of", "for", "to"} and FRENCH_ORG_NOUN.match(rest) and (
                rest != rest.lower())
            if (capitalised and not _is_department(rest)) or french_noun:
                return _finish(text[: match.start()], rest)
        words = text.split()
        for index in range(1, len(words)):  # "Geschäftsführer Stadtwerke Lindau"
            if ORG_HEAD.fullmatch(words[index]) and _is_role_part(" ".join(words[:index])):
                return _finish(" ".join(words[:index]), " ".join(words[index:]))
        return _finish(text, None)
    if ORG_WORD.search(text) or text[:1].isupper():
        return _finish(None, text)
    return _finish(text, None)


def split_role_organisation(text: str) -> tuple[str | None, str | None]:
    """Split a description into (role, organisation), keeping the case as written.

    "director of nursing, Riverside NHS Trust" -> ("director of nursing", "Riverside NHS Trust");
    "chief executive of Some Trust" and "head of policy at X" split at the joiner;
    "director of nursing" and "Director of Adult Social Services" stay roles;
    "Riverside NHS Trust" alone is an organisation.
    """
    text = BASED_IN.sub("", clean(text))  # ", based in Tralee, Co Kerry": where they work
    text = without_address(text)  # "..., Angers (Maine-et-Loire)": where they live
    if (place := ROLE_PLACE.search(text)) and place.group(0).startswith(","):
        text = text[:place.start()]  # "..., based in Brasília": where they work, after a comma
    if not text:
        return None, None
    if (firm := ORG_OF_KIND.search(text)) and _is_role_part(text[:firm.start()]):
        # "advogado associado do escritório Prado, Mendonça & Ribeiro Advogados": commas and all
        return _finish(text[:firm.start()], text[firm.end():])
    # (not after a hyphen: "Innung für Sanitär-, Heizungs- und Klimatechnik" is one name)
    parts = [p for p in (clean(p) for p in re.split(r"(?<!-)\s*[,;]\s*", text)) if p]
    if len(parts) == 1:
        return _split_single(parts[0])
    roles: list[str] = []
    while parts and (_is_role_part(parts[0]) or (roles and _is_department(parts[0]))):
        roles.append(parts.pop(0))  # ("ADON, Public Health Nursing": a role, its department)
    if not roles:
        return _finish(None, text)
    if UNAFFILIATED.search(roles[-1]) and all(is_place_line(p) for p in parts):
        return _finish(", ".join(roles), None)  # "retired nurse, Twello": where they live
    if len(roles) == 1 and parts and all(is_place_line(p) for p in parts) and (
            held := _split_single(roles[0]))[1]:
        return held  # "lead at Galtee Aggregates, Mitchelstown": the firm, then its town
    if not parts and len(roles) > 1 and _is_department(roles[-1]):
        return _finish(", ".join(roles), None)  # "commissioner, Precinct 2": where in it
    if not parts:
        role, organisation = _split_single(roles[-1])
        return _finish(", ".join(roles[:-1] + [role or ""]), organisation)
    while len(parts) > 1 and is_place_line(parts[-1]) and not is_place_line(parts[-2]):
        parts.pop()  # "avocate associée, Étude Perrin Gindrat, Genève": the firm, its town
    return _finish(", ".join(roles), ", ".join(parts))


def _author(name: str, role: str | None = None, organisation: str | None = None) -> Author:
    if organisation and (behalf := ON_BEHALF_OF.match(organisation)):
        organisation = organisation[behalf.end():] or organisation
    return {"name": clean(name), "role": role, "organisation": organisation}


def _is_description(text: str, *, strict: bool) -> bool:
    if len(text) > 160 or SENTENCE_WORD.search(text) or BARE_NUMBER_PART.search(text):
        return False  # a clause, or an age as in "Jane Doe, 45, a nurse from Leeds"
    return not strict or bool(ROLE_WORD.search(text) or ORG_WORD.search(text))


def _letters_after_name(segments: list[tuple[str, str]]) -> bool:
    """Whether the first of these segments is letters after a name: listed ("RN", "OBE"), or
    of their shape ("DNP", "NEA-BC") in a run that holds listed ones (not "CNN" alone). A
    doctor's "MD" is letters when a role follows it ("David Lindqvist, MD, chief medical
    information officer"); alone it may be a managing director."""
    run = []
    for index, (_, segment) in enumerate(segments):
        doctor = segment in DOCTOR_LETTERS and index + 1 < len(segments) and _is_role_part(
            segments[index + 1][1])
        if not (doctor or POSTNOMINAL.fullmatch(segment) or POSTNOMINAL_SHAPE.fullmatch(segment)):
            break
        run.append(segment)
        if doctor:
            return True
    return bool(run) and any(POSTNOMINAL.fullmatch(s) or DEGREE_SHAPE.fullmatch(s) for s in run)



def _people(text: str, *, strict: bool) -> list[Author]:
    """Walk the segments of "<name>, <role>, <org> and <name>, <role>, <org>" (step 3)."""
    pieces = SEGMENT_SPLIT.split(text)
    segments = [(pieces[i - 1] if i else "", without_party(ARTICLE_BEFORE_TITLE.sub(
        "", pieces[i].strip()))) for i in range(0, len(pieces), 2)]
    if not segments or not looks_like_name(segments[0][1]):
        return []
    groups: list[list[str]] = [[segments[0][1], "", ""]]  # name, description, joined by
    for index, (delimiter, segment) in enumerate(segments[1:], start=1):
        if not segment:
            return []
        current = groups[-1]
        is_and = not re.search(r"[,;]", delimiter)
        following = segments[index + 1][0] if index + 1 < len(segments) else ""
        if not current[1] and (_letters_after_name(segments[index:]) or (
                POSTNOMINAL_SHAPE.fullmatch(segment)  # ("..., RN, NEA-BC": the run goes on)
                and current[0].endswith(f"{segments[index - 1][0]}{segments[index - 1][1]}")
                and current[0] != segments[index - 1][1])):
            current[0] += f"{delimiter}{segment}"  # "Angela Ruiz, DNP, RN": the name as signed
            continue
        own_description = is_and and re.search(r"[,;]", following)
        # ", and B" and "; B" begin the next person even after a description
        next_person = ";" in delimiter or not is_and and delimiter.strip(" ,") != ""
        if looks_like_name(segment) and (not current[1] or own_description or next_person):
            groups.append([segment, "", delimiter])
        elif not current[1] and is_and:
            return []  # "Jane Doe and colleagues"
        else:
            current[1] = f"{current[1]}{delimiter}{segment}" if current[1] else segment
    authors: list[Author] = []
    for group in groups:
        group[1] = without_address(group[1])  # "Philip Garside, Mansfield": a letter's signer
    for name, description, _ in groups:
        if description and not _is_description(description, strict=strict):
            return []
        authors.append(_author(name, *split_role_organisation(description)))
    for i in range(len(authors) - 2, -1, -1):  # "Jane Doe and John Roe, co-founders, X"
        if not authors[i]["role"] and not authors[i]["organisation"] and not groups[i][1]:
            authors[i]["role"] = authors[i + 1]["role"] = singular_role(authors[i + 1]["role"])
            authors[i]["organisation"] = authors[i + 1]["organisation"]
        elif ((role := authors[i]["role"]) and not authors[i]["organisation"]
              and authors[i + 1]["organisation"] and ";" not in groups[i + 1][2]
              and not UNAFFILIATED.search(role)):
            # "A, partner, and B, associate, Firm LLP": both work there
            authors[i]["organisation"] = authors[i + 1]["organisation"]
    return authors


def parse_byline(text: str) -> list[Author]:
    """ "By Jane Doe, director of nursing, Riverside NHS Trust | 12 March 2024" -> authors."""
    text = clean(text)
    if not text or len(text) > 250:
        return []
    if (first := first_sentence(text)) != text and text[len(first) + 1:].strip()[:1].isupper():
        text = first  # "X, avocate associée, Étude Y. Médiatrice FSA.": the sign-off, then more
    for part in BYLINE_SEPARATOR.split(text):
        part = clean(part)
        prefix = BYLINE_PREFIX.match(part)
        if prefix:
            part = part[prefix.end():]
        part = SPECIAL_TO.sub("", OTHER_CREDIT.sub("", part))  # (", Special to X": a contributor)
        part = clean(BYLINE_HANDLE.sub("", BYLINE_DATE_TAIL.sub("", part)))
        part = _undouble(NAME_BADGE.sub("", part))
        if not part[:1].isupper() and not NAME_TITLE.fullmatch(part.split()[0] if part else ""):
            continue  # (a title in lower case may begin it: "drs. Marleen Bosch")
        authors = _people(part, strict=not prefix)
        if not authors and (named := NAMES_THEN_ORGANISATION.match(part)) and _names_an_org(
                named["org"]) and (authors := _people(named["names"], strict=not prefix)) and (
                not authors[-1]["organisation"]):
            # "Owen Pritchard and Dr Leila Haddad (Castlebeck Engineering)": the last one's
            authors[-1] = authors[-1] | {"organisation": named["org"]}
        if authors:
            for author in authors:
                if author["name"].isupper():
                    author["name"] = title_case(author["name"])
            return authors
    return []


def _names_an_org(text: str) -> bool:
    """An organisation's name, not a place, a role ("Enviado especial") or a party: an
    organisation word, or its words capitalised ("Transport en Logistiek Nederland")."""
    return not is_address(text) and not _is_role_part(text) and (bool(ORG_WORD.search(text)) or (
        len(text.split()) > 1 and all(w[:1].isupper() for w in text.split() if len(w) > 3)))


def _undouble(text: str) -> str:
    """A name printed twice by a template ("Sean HigginsSean Higgins") once."""
    half = len(text) // 2
    if len(text) >= 8 and text[:half].strip() == text[-half:].strip() and (
            len(text) % 2 == 0 or text[half] == " "):
        return text[:half].strip()
    return text


# "Signed:", "Signatories:", "Unterzeichnet von", "Signataires :" before a list of signers.
SIGNED_LABEL = re.compile(r"(?i)^\W*(?:signed(?: by)?|signatories|co-?signed by|signed on behalf "
                          r"of|unterzeichnet von|unterzeichner(?:innen)?|signataires|signé par|"
                          r"ondertekend door|ondertekenaars|assinado por|firmado por|firmato da)"
                          r"\s*:?\s*")
SIGNER_LIST_CHARS = 1200


def parse_signer_list(text: str) -> list[Author]:
    """ "Signed: Jane Doe, chief executive, X; John Roe, chair, Y; and ..." -> the signers of
    an open letter (the label is the evidence: the list may be longer than a sign-off)."""
    label = SIGNED_LABEL.match(text)
    return parse_signoff(text[label.end():], limit=SIGNER_LIST_CHARS) if label else []


def parse_signoff(text: str, limit: int = 300) -> list[Author]:
    """ "Jane Doe, chief executive, Northshire County Council and John Roe, director, X"
    (``limit``: the longest text taken; a labelled list of signers may be longer)."""
    text = clean(text)
    if not text or len(text) > limit or "\n" in text or re.search(r"[!?:]", text):
        return []
    if any(is_sentence_break(text, m) for m in SENTENCE_END.finditer(text)):
        return []
    authors = _people(text, strict=True)
    if not any(a["role"] or a["organisation"] for a in authors):
        return []
    return authors
