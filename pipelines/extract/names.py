"""People's names compared: one person's pieces grouped in the archive (``name_key``), the
same author found by several sources merged into one record (``merge_authors``)."""

from __future__ import annotations

import re
import unicodedata

from pipelines.extract.bylines import Author
from pipelines.extract.lexicon import (
    _POSTNOMINALS,
    _TITLES,
    ORG_WORD,
    POSTNOMINAL,
    REGISTRATION,
    ROLE_WORD,
    ends_in_unlisted_letters,
)

_FOLD = str.maketrans(
    {**dict(zip("àáâãäåçèéêëìíîïñòóôõöøùúûüýÿłśźżćńęąčšžřďťňěůőűğış",
                "aaaaaaceeeeiiiinoooooouuuuyylszzcneacszrdtneuougis", strict=True)),
     "ß": "ss", "œ": "oe", "æ": "ae", "'": "", "’": "", ".": " ", "-": " "}
)
# (and the words of titles written with a hyphen and of letters written with a slash, as
# folding splits them: "Dipl.-Kfm." is "dipl kfm", "WP/StB" is "wp stb")
_FOLD_DROP = frozenset(t.lower() for t in _TITLES + _POSTNOMINALS) | frozenset(
    part for t in [t for t in _TITLES if "-" in t] + [t for t in _POSTNOMINALS if "/" in t]
    for part in re.split(r"[.\-/]+", t.lower()) if len(part) >= 2)
# Honorifics and letters after a name, lower case: left out when grouping a person's pieces.
HONORIFICS = _FOLD_DROP


def fold_name(name: str) -> str:
    """Comparison key: lower case, no accents, titles, postnominals or initials."""
    name = REGISTRATION.sub("", name)  # "Dr Sipho Dlamini Pr Eng"
    head, *letters = name.split(",")  # "Priya Raghunathan, P.Eng": letters written with dots
    name = ",".join([head, *(p for p in letters if not POSTNOMINAL.fullmatch(p.strip()))])
    words = name.split()
    while len(words) > 2 and POSTNOMINAL.fullmatch(words[-1]):
        words.pop()  # (listed letters after unlisted ones: "Helen Marsh MPharm MSc")
    if ends_in_unlisted_letters(words):
        words.pop()  # letters no list holds ("Aoife Brennan MPSI")
    name = " ".join(words)
    words = re.sub(r"[^\w\s]", " ", name.lower().translate(_FOLD)).split()
    return " ".join(w for w in words if len(w) > 1 and w not in _FOLD_DROP)


def merge_authors(*sources: list[Author]) -> list[Author]:
    """Merge author lists: first source's order, later sources fill missing role/organisation;
    of one person's names the fullest is kept, as signed ("Dr. Jane Doe OBE" in the byline,
    where the structured data says "Jane Doe")."""
    merged: list[Author] = []
    index: dict[str, Author] = {}
    for source in sources:
        for author in source or []:
            key = fold_name(author.get("name") or "")
            if not key:
                continue
            key = next((k for k, known in index.items()  # (the name kept may be the fuller)
                        if fold_name(known["name"]) == key
                        or _second_surname(known["name"], author["name"])), key)
            if key not in index:
                index[key] = {"name": author["name"], "role": author.get("role"),
                              "organisation": author.get("organisation")}
                merged.append(index[key])
                continue
            known = index[key]
            if len(author["name"]) > len(known["name"]):
                known["name"] = author["name"]
            role = author.get("role")
            if known["role"] and not known["organisation"] and role and author.get(
                    "organisation") and _other_role(known["role"], role):
                known["role"] = role  # a role held in an organisation, as a pair,
                # over another role alone ("Contributing columnist" on a card, then the end
                # note's "vice president of maintenance at X")
            known["role"] = known["role"] or author.get("role")
            known["organisation"] = _fuller(known["organisation"], author.get("organisation"))
    return merged


def _other_role(one: str, other: str) -> bool:
    """Two roles neither of which holds the other ("Reporter and news editor" holds
    "reporter")."""
    one, other = one.casefold(), other.casefold()
    return one not in other and other not in one


def _fuller(known: str | None, other: str | None) -> str | None:
    """The organisation kept: the first found, or the same name written in full ("Ukhozi
    Consulting" and "Ukhozi Consulting (Pty) Ltd": the legal suffix kept, as signed)."""
    if known and other and _acronym_of(known, other):
        return other  # "AQGIM" and "Association québécoise ... municipales (AQGIM)"
    if known and other and len(other) > len(known) and other.lower().startswith(
            known.lower() + " "):
        extra = other[len(known):].split()
        if len(extra) <= 3 and all(w[:1].isupper() or w[:1] in "(&" for w in extra):
            return other  # a suffix: "(Pty) Ltd", "LLP", "& Co" (not "et ancienne cheffe")
    return known or other


def _acronym_of(short: str, full: str) -> bool:
    """Whether ``short`` is ``full``'s initials, or given after it in brackets: "NFU" and
    "National Farmers' Union", "AQGIM" and "Association ... (AQGIM)"."""
    if not re.fullmatch(r"[A-ZÄÖÜÉ]{2,8}", short) or len(full) <= len(short) + 4:
        return False
    initials = "".join(w[0] for w in re.findall(r"[\w’']+", full) if w[0].isupper())
    return f"({short})" in full or initials == short


def _second_surname(a: str, b: str) -> bool:
    """Two names of one person, one with a second surname ("Elena Arrieta" and "Elena Arrieta
    Somoza"): the shorter, of two words or more, begins the longer, which has one more word,
    a name's (not a repeat, a role or an organisation: "Ulrich Exner Korrespondent")."""
    short, long = sorted((fold_name(a).split(), fold_name(b).split()), key=len)
    longer = a if len(a.split()) > len(b.split()) else b
    extra = longer.split()[-1]
    return (len(short) >= 2 and len(long) == len(short) + 1 and long[:len(short)] == short
            and long[-1] not in short and extra[:1].isupper() and extra[1:].islower()
            and not (ROLE_WORD.fullmatch(extra) or ORG_WORD.fullmatch(extra)))


def name_key(name: str) -> str:
    """Fold a person's name for grouping one person's pieces in the archive: case, accents,
    honorifics (Cllr, Dr, Prof), letters after the name (OBE, MP), dots, spacing, and a
    trailing role ("Jane Doe, chief executive"). Unlike :func:`fold_name` it keeps initials,
    which tell different people apart. The name as printed is kept beside it."""
    text = unicodedata.normalize("NFKD", name.partition(",")[0])
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace(".", " ")
    return " ".join(w for w in text.split() if w.strip("-/") not in HONORIFICS)
