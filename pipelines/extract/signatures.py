"""Letter signatures: the lines under a letter ("Robert Thwaite" / "Chairman, Lunedale
Graziers' Association" / "Kirkby Stanmore"), read into people with the byline grammar's parts
(:mod:`pipelines.extract.bylines`); towns and counties are an address, not an organisation."""

from __future__ import annotations

import re

from pipelines.extract.bylines import (
    Author,
    _author,
    _finish,
    _is_role_part,
    clean,
    looks_like_name,
    split_role_organisation,
)
from pipelines.extract.lexicon import (
    FRENCH_ORG_NOUN,
    ORG_WORD,
    ROLE_WORD,
    SEGMENT_SPLIT,
    SENTENCE_WORD,
)
from pipelines.extract.places import is_place_line

VALEDICTION = re.compile(
    r"^(?:yours(?:\s+(?:faithfully|sincerely|truly)|,?\s+etc\.?)?|regards|kind regards|"
    r"best wishes|"
    r"mit freundlichen grüßen|cordialement|bien à vous)[,.!]?$",
    re.IGNORECASE,
)


def parse_signature(lines: list[str]) -> list[Author]:
    """Letter signatures: ["Robert Thwaite", "Chairman, Lunedale Graziers' Association"].

    Address parts (towns, counties) are dropped: ["Robert Thwaite, Kirkby Stanmore,
    Cumbria"] has no role and no organisation.
    """
    cleaned = [c for c in (clean(line) for line in lines or []) if c and not VALEDICTION.match(c)]
    if not cleaned or len(cleaned) > 6 or any(len(c) > 150 for c in cleaned):
        return []
    groups: list[tuple[list[str], list[str]]] = []
    for line in cleaned:
        head, _, tail = line.partition(",")
        parts = [p for p in (clean(p) for p in re.split(r"\s*[,;]\s*", tail)) if p]
        names = [clean(n) for n in SEGMENT_SPLIT.split(head)[::2]]
        is_names = all(looks_like_name(n) for n in names)
        if is_names and (not groups or (parts and _is_role_part(parts[0]))):
            groups.append((names, parts))
        elif groups:
            groups[-1][1].extend(p for p in (clean(p) for p in re.split(r"\s*[,;]\s*", line)) if p)
        else:
            return []
    authors: list[Author] = []
    for names, parts in groups:
        if any(SENTENCE_WORD.search(p) for p in parts):
            return []
        roles: list[str] = []
        while parts and _is_role_part(parts[0]):
            roles.append(parts.pop(0))
        # what has no organisation word is an address ("Llandrindod Wells", "Kirkby Stanmore")
        rest = [p for p in parts if not is_place_line(p)
                and (ORG_WORD.search(p) or FRENCH_ORG_NOUN.match(p) or ROLE_WORD.search(p))]
        if roles and not rest:
            role, organisation = split_role_organisation(", ".join(roles))
        else:
            role, organisation = _finish(", ".join(roles), ", ".join(rest))
        authors.extend(_author(n, role, organisation) for n in names)
    return authors
