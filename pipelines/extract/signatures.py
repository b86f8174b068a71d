"""Letter signatures: the lines under a letter ("Robert Thwaite" / "Chairman, Lunedale
Graziers' Association" / "Kirkby Stanmore"), read into people with the byline grammar's parts
(:mod:`pipelines.extract.bylines`); towns and counties are an address, not an organisation.
Also the signature blocks at the end of a text and between the letters of a letters page, and
an open letter's list of signers ("Signed: ...")."""

from __future__ import annotations

import re

from pipelines.extract.bylines import (
    SIGNED_LABEL,
    Author,
    _author,
    _finish,
    _is_department,
    _is_role_part,
    _letters_after_name,
    _undouble,
    clean,
    looks_like_name,
    parse_byline,
    parse_signer_list,
    parse_signoff,
    split_role_organisation,
)
from pipelines.extract.dates import find_date_in_text
from pipelines.extract.lexicon import (
    DEGREE_SHAPE,
    FRENCH_ORG_NOUN,
    NAME_TITLE,
    ORG_WORD,
    POSTNOMINAL,
    POSTNOMINAL_SHAPE,
    ROLE_WORD,
    SEGMENT_SPLIT,
    SENTENCE_WORD,
    UNAFFILIATED,
    first_sentence,
    singular_role,
)
from pipelines.extract.page import TEXTS, article_container, spaced_text
from pipelines.extract.places import PLACE_TAIL, is_address, is_address_line, is_place_line

VALEDICTION = re.compile(
    r"^(?:yours(?:\s+(?:faithfully|sincerely|truly)|,?\s+etc\.?)?|(?:kind |best |warm )?regards|"
    r"best wishes|(?:very )?sincerely(?: yours)?|respectfully(?: yours| submitted)?|all the best|"
    r"mit freundlichen grüßen|herzlichst|herzliche grüße|(?:viele|beste) grüße|cordialement|"
    r"bien à vous|atentamente|un (cordial )?saludo|saludos cordiales|cordiali saluti|"
    r"distinti saluti|un (cordiale )?saluto|is (?:mise|muidne)(?:,? le meas)?)[,.!]?$",
    re.IGNORECASE,
)

# "Ihre Sabine Lorenz", "Votre dévoué Jean Martin": the possessive of a valediction, not a name.
POSSESSIVE = re.compile(r"^(?:Ihre?|Eure?|Votre(?: dévouée?)?|Vostr[oa]|Yours(?: truly)?,?)\s+"
                        r"(?=[A-ZÀ-Þ])")


def _is_dateline(line: str) -> bool:
    """A letter's place and date ("Hereford, 7 April 2025", "Porto Salgueiro, 28 de marzo de
    2025"), or its date alone: no signer."""
    tail = line.rpartition(",")[2].strip(" .")
    found, raw = find_date_in_text(tail)
    return found is not None and raw == tail


def _parts(text: str) -> list[str]:
    """The comma- or semicolon-separated parts of a signature line, cleaned, none empty; a
    firm's kind stays with its name ("Bell & Ruiz, P.C.")."""
    return [p for p in (clean(p) for p in re.split(rf"\s*[,;](?!\s*{FIRM_KIND})\s*", text)) if p]


# The kinds of American firms after their names: "Bell & Ruiz, P.C.", "Hale Law, PLLC"
FIRM_KIND = r"(?:P\.\s?C|PLLC|P\.\s?A|L\.\s?L\.\s?P|L\.\s?L\.\s?C|S\.\s?C)\.?(?:$|[,;\s])"
FIRM = re.compile(rf"[,;]\s*{FIRM_KIND}")


# A letter's first line: "Sir,", "Dear Editor,"
LETTER_OPENING = re.compile(r"(?i)^(?:sir|madam|dear [^,]{1,40}|to the editor)\s*[,:]?$")
# trafilatura writes a list's items "- item"
LIST_ITEM = re.compile(r"^[-*•·]\s+")
# The lines of a signature block at most (two signers on three lines each)
SIGNATURE_BLOCK = 6
# Lines under a valediction read as the letter's signers (four signers, a name and a role
# line each)
VALEDICTION_LINES = 8

# Two signers on one line, each with a role: "A, chief engineer, and B, senior metallurgist"
SHARED_LINE = re.compile(r",\s+(?:and|et|und|y|e|en|&)\s+\S")


def parse_signature(lines: list[str], most: int = SIGNATURE_BLOCK) -> list[Author]:
    """Letter signatures: ["Robert Thwaite", "Chairman, Lunedale Graziers' Association"].

    Address parts (towns, counties) are dropped: ["Robert Thwaite, Kirkby Stanmore,
    Cumbria"] has no role and no organisation.
    """
    cleaned = [_undouble(POSSESSIVE.sub("", c)) for c in (clean(line) for line in lines or [])
               if c and not VALEDICTION.match(c) and not _is_dateline(c)]
    if not cleaned or len(cleaned) > most or any(len(c) > 150 for c in cleaned):
        return []
    addressed = len(cleaned) > 1 and is_address_line(cleaned[-1])
    if addressed:
        cleaned.pop()  # where the last signer lives: "Grand Marais, Minnesota"
    two_first = len(parse_signoff(cleaned[0])) > 1
    if two_first or (len(cleaned) > 1 and SHARED_LINE.search(cleaned[0])):
        # "A, Partner, and B, Associate," / "X LLP," / town: two signers sharing what follows
        shared = parse_signoff(", ".join(cleaned))
        if two_first or len(shared) > 1:
            return shared
    groups: list[tuple[list[str], list[str]]] = []
    for index, line in enumerate(cleaned):
        head, _, tail = line.partition(",")
        parts = _parts(tail)
        names = [clean(n) for n in SEGMENT_SPLIT.split(head)[::2]]
        is_names = all(looks_like_name(n) for n in names)
        lettered = is_names and len(names) == 1 and (_letters_after_name(
            [("", p) for p in parts]) or (len(parts) == 1 and _title_after_name(parts[0])))
        while lettered and parts and (POSTNOMINAL.fullmatch(parts[0]) or _title_after_name(
                parts[0])):  # "Daniel Okafor, PharmD", "Klaus Reinholt, Dipl.-Ing.": letters
            names[0] += ", " + parts.pop(0)  # or a degree, signed with the name
        if (is_names and groups and not groups[-1][1] and not parts and not lettered
                and index < len(cleaned) - 1):
            groups[-1][0].extend(names)  # names over one shared line: "Trustees, X Trust"
        elif is_names and (not groups or lettered or (parts and _is_role_part(parts[0])) or (
                groups[-1][1] and index < len(cleaned) - 1 and not all(
                    is_address(rest) or is_place_line(rest) for rest in cleaned[index + 1:]))):
            # (a name line between descriptions is the next signer; one over the signer's
            # town is their organisation: "... / Clinical preceptor / Lakeshore Meridian South /
            # Evanston, Ill.")
            groups.append((names, parts))  # (a name line between descriptions: the next signer)
        elif groups:
            groups[-1][1].extend(_parts(line))
        else:
            return []
    authors: list[Author] = []
    for index, (names, parts) in enumerate(groups):
        if any(SENTENCE_WORD.search(p) for p in parts):
            return []
        roles: list[str] = []
        while parts and (_is_role_part(parts[0]) or _is_role_part(PLACE_TAIL.sub("", parts[0]))
                         or (roles and _is_department(parts[0]))):
            # ("Dental nurse in Cork": a role, and where; "ADON, Public Health Nursing")
            roles.append(parts.pop(0))
        # what has no organisation word is an address ("Llandrindod Wells", "Kirkby Stanmore")
        rest = [p for p in parts if not is_place_line(p) and (ORG_WORD.search(p) or FIRM.search(p)
                                                              or FRENCH_ORG_NOUN.match(p)
                                                              or ROLE_WORD.search(p))]
        between = parts[:]
        while between and is_address(between[-1]):
            between.pop()
        role: str | None
        organisation: str | None
        placed = len(between) < len(parts) or (addressed and index == len(groups) - 1)
        if roles and not rest and between and placed and not any(
                is_address(p) or is_place_line(p) for p in between) and not UNAFFILIATED.search(
                roles[-1]):
            # "ingénieure procédés, Pyrelia Chimie, Lannemezan (Hautes-Pyrénées)": between the
            # role and the address, the organisation, whatever its words
            role, organisation = ", ".join(roles), ", ".join(between)
        elif roles and not rest:
            role, organisation = split_role_organisation(", ".join(roles))
        else:
            role, organisation = _finish(", ".join(roles), ", ".join(rest))
        if len(names) > 1 or len(groups) > 1:
            role = singular_role(role)  # ("Trustees, X Trust" under three names: each one's)
        authors.extend(_author(n, role, organisation) for n in names)
    return share_last_organisation(authors, cleaned)


def _title_after_name(part: str) -> bool:
    """A degree written as a title but after the name ("Dipl.-Ing.", "Mag.")."""
    return "." in part and NAME_TITLE.fullmatch(part) is not None


def share_last_organisation(authors: list[Author], lines: list[str]) -> list[Author]:
    """Signers with no organisation of their own, and the organisation on a line apart from
    the last one's name ("A / Clinical pharmacist / B / Pharmacy manager / X Inc. / Town";
    "A, RN / B, RN, charge nurse / Night shift, Ward 5, Mercy Valley Hospital"): the
    organisation is all of theirs."""
    last = authors[-1] if len(authors) > 1 else None
    if not (last and last["organisation"]) or any(
            a["organisation"] not in (None, last["organisation"]) for a in authors[:-1]):
        return authors
    surname = last["name"].split(",")[0].split()[-1]
    if not any(last["organisation"] in line and surname not in line for line in lines):
        return authors
    if all(not a["role"] or a["role"] == last["role"] for a in authors[:-1]) and any(
            not a["role"] for a in authors[:-1]):
        # bare names over one line of role and organisation ("A / B / C / Trustees, X Trust")
        role = singular_role(last["role"])
        return [_author(a["name"], role, last["organisation"]) for a in authors]
    return [a | {"organisation": last["organisation"]} for a in authors]


def signer_line(line: str) -> bool:
    """A line that starts a signature: a name, or a name with its letters ("Daniel Okafor,
    PharmD", "Claudia Henning, WP, StB")."""
    if len(line) > SIGNER_LINE_CHARS:
        return False  # (a paragraph, not a name)
    head, _, tail = line.partition(",")
    names = SEGMENT_SPLIT.split(line)[::2]  # ("Priya Natarajan and Tom Feeney": two signers)
    listed = [POSTNOMINAL.fullmatch(part) or DEGREE_SHAPE.fullmatch(part) or _title_after_name(
        part) for part in _parts(tail)]
    return looks_like_name(line) or (bool(tail) and looks_like_name(head) and any(listed) and all(
        known or POSTNOMINAL_SHAPE.fullmatch(part)  # ("RN, BScN": letters of a listed one's
        for known, part in zip(listed, _parts(tail), strict=True))) or (  # shape beside it)
        "," not in line and len(names) > 1 and all(looks_like_name(clean(n)) for n in names))


SIGNER_LINE_CHARS = 80


AS_TOLD_TO = re.compile(r"^(?P<subject>[^.!?:]+?),?\s+as told to\s+(?P<writer>[^.!?:,]+?)\.?$",
                        re.IGNORECASE)


def parse_as_told_to(text: str) -> list[Author]:
    """ "Dennis Carrow, retired funeral director, as told to Rachel Okonjo": the person whose
    piece it is, and the writer who wrote it down; both signed it."""
    match = AS_TOLD_TO.match(clean(text)) if len(text) <= 200 and "told" in text.lower() else None
    if not match:
        return []
    subject = parse_byline(match["subject"]) or (
        [_author(match["subject"])] if looks_like_name(match["subject"]) else [])
    writer = match["writer"] if looks_like_name(match["writer"]) else None
    return subject + [_author(writer)] if subject and writer else []


def _bare_name(line: str) -> bool:
    """A line that is a name alone, letters after it or not ("Kirsty Fraser MSP")."""
    words = line.split()
    while words and POSTNOMINAL.fullmatch(words[-1]):
        words.pop()
    return "," not in line and looks_like_name(" ".join(words))


def _signed_with_role(line: str) -> bool:
    """A line of one signer and their role: "Maria Ortega, commissioner, Precinct 2"."""
    found = parse_signoff(line.rstrip(" ,")) if "," in line else []
    return len(found) == 1 and bool(found[0]["role"])


# A signature line may end in an abbreviation's full stop ("Duluth, Minn.", "Acme Co.",
# "Sioux Falls, S.D."), not a sentence's.
ABBREVIATION_END = re.compile(r"(?:^|[\s,])(?:[A-Z][A-Za-z]{0,4}|(?:[A-Z]\.){1,2}[A-Z])\.$")


def _ends_sentence(line: str) -> bool:
    line = line.rstrip()
    return line.endswith(("?", "!", ":")) or (line.endswith(".") and not (
        ABBREVIATION_END.search(line) or _title_after_name(re.split(r"[\s,]", line)[-1])))


def address_lines(body: list[str]) -> int:
    """How many of the last two lines are an address ("Athlone,", "Co Westmeath.")."""
    count = 0
    while count < 2 and count < len(body) - 1 and is_address(body[-1 - count].strip(" ,.")):
        count += 1
    return count


def after_valediction(body: list[str]) -> tuple[int, list[Author]]:
    """The signers under a letter's valediction, however many (one line of "Sincerely," then
    up to VALEDICTION_LINES lines: "Ron Kessler" / "Board President, X" / "Linda Ferreira" /
    ...); (0, []) if the text does not end so, or a line there is a sentence."""
    for index in range(len(body) - 2, max(0, len(body) - VALEDICTION_LINES - 2), -1):
        if not VALEDICTION.match(body[index].strip()):
            continue
        block = body[index + 1:]
        if any(len(line) > 120 or _ends_sentence(line) for line in block):
            return 0, []
        found = parse_signature(block, most=VALEDICTION_LINES)
        return (len(block) + 1, found) if found else (0, [])
    return 0, []


def signed_within(body: list[str]) -> list[tuple[int, int, list[Author]]]:
    """A letters page's signatures between its letters: (where, how many lines, who) for each
    block of two or more short lines without digits that reads as a signature with a role or
    an organisation, between a letter's last paragraph and the next one's first, or its
    headline ("... us all." / "Karen Lindqvist" / "Owner, North Star Books" / "Grand Marais,
    Minnesota" / "I read your post ...")."""
    blocks: list[tuple[int, int, list[Author]]] = []
    for after in range(3, len(body)):
        if not _is_prose(body[after]) or _is_prose(body[after - 1]):
            continue
        for end in (after, after - 1):  # (the next letter's headline between: "Levy reform")
            start = end
            while start > 1 and not _is_prose(body[start - 1]):
                start -= 1
            region = body[start:end]
            if not region or not (signer_line(region[0]) or "," in region[0]):
                continue  # (a signature starts with a name: a cheap look first)
            if end == after and (len(region[-1].split()) > 3 and "," not in region[-1] or (
                    LETTER_OPENING.match(region[-1].strip()))):
                continue  # (a headline, not a town: "Retention: time for a deadline"; or the
                # next letter's "Sir,")
            if not 1 < len(region) <= SIGNATURE_BLOCK or any(
                    char.isdigit() for line in region for char in line) or any(
                    LIST_ITEM.match(line) for line in region):
                continue  # (two lines or more: a name over its role and town, not a quoted
                # expert's "Name, role" line; no address, "21 Jump Street"; no list's items)
            size, found = signature_block(body[start - 1:end])
            if size != len(region):  # (signers a name and a role each over what they share)
                found = parse_signature(region) if signer_line(region[0]) else []
            if found and all(a["role"] or a["organisation"] for a in found) and any(
                    ROLE_WORD.search(a["role"] or "") for a in found):  # (not "Beiträge aus
                # dem Forum" under two headlines)
                blocks.append((start, len(region), found))
                break
    return blocks


def _employer_line(block: list[str], index: int) -> bool:
    """A line under the signer's role (a line of its own) and over their town is where they
    work, whatever its words ("Registered manager" / "Elmsbrook House" / "Stockport")."""
    return 0 < index < len(block) - 1 and bool(ROLE_WORD.search(block[index - 1])) and not (
        signer_line(block[index - 1]) or "," in block[index - 1]) and all(
        is_address(line) or is_place_line(line) or is_address_line(line)
        for line in block[index + 1:])


def _is_prose(line: str) -> bool:
    return len(line) > 120 or _ends_sentence(line)


def signature_block(body: list[str]) -> tuple[int, list[Author]]:
    """A letter's signature: the last one to six short lines (``SIGNATURE_BLOCK``), the first
    of them a name ("Robert Thwaite" / "Chairman" / "Some Association" / "Kirkby Stanmore")."""
    for size in range(SIGNATURE_BLOCK, 0, -1):
        block = body[-size:]
        if len(body) <= size or not ((looks_like_name(block[0].split(",")[0]) if size == 1
                                      else signer_line(block[0]))
                                     or len(parse_signoff(block[0].rstrip(" ,"))) > 1
                                     or (size > 1 and SHARED_LINE.search(block[0])
                                         and looks_like_name(block[0].split(",")[0]))
                                     or (size > 3 and "," in block[0]
                                         and looks_like_name(block[0].split(",")[0]))):
            continue  # (a name, or two signers: "A, Partner, and B, Associate," / "X LLP")
        if any(len(line) > 120 or _ends_sentence(line) or first_sentence(line) != line
               or not any(map(str.isalpha, line)) or LIST_ITEM.match(line) for line in block):
            continue  # (a sentence, a rule: "==========", or a list's item)
        if size == 4 and not ROLE_WORD.search(block[1]) and not (
                _bare_name(block[1]) and ROLE_WORD.search(block[2])):
            continue  # four lines are a name, a role, an organisation and a place (or two
            # names over their shared role: "A" / "B" / "Directors, X Ltd" / town)
        if size > 3 and not signer_line(block[0]) and (sum(map(_signed_with_role, block)) < 2
                                                       or any(map(_bare_name, block))):
            continue  # (signers a line each, "Name, role", then what they share)
        lead = next((i for i, line in enumerate(block) if not _bare_name(line)), size)
        if any("," not in line and looks_like_name(line) and not _employer_line(block, i)
               for i, line in enumerate(block[:-1]) if i >= max(1, lead)) or (
                size > 1 and "," not in block[-1] and looks_like_name(block[-1]) and not (
                    size >= 3 and (ROLE_WORD.search(block[-2]) or (
                        size == 3 and signer_line(block[0]) and (
                            ORG_WORD.search(block[-2]) or FIRM.search(block[-2]))))
                    and not signer_line(block[-2]))):
            # a second signer's name begins a block of their own; but a last line after the
            # signer's role or firm is where they live ("Dale Whitcomb" / "Cattle rancher" /
            # "Osage Bend")
            continue
        found = parse_signature(block)
        if size >= 3 and not any(a["role"] or a["organisation"] for a in found):
            continue  # three lines of names only: a list of links, not a signature
        if found:
            above = body[-size - 1] if len(body) > size + 1 else ""
            return size + bool(VALEDICTION.match(above.strip())), found  # "Yours faithfully,"
    return 0, []


def signer_lists(tree) -> tuple[list[Author], list[str]]:
    """The signers of an open letter, listed after a label in the article ("Signed: Jane Doe,
    chief executive, X; John Roe, chair, Y; and ..."), with their raw text."""
    container = article_container(tree)
    found: list[Author] = []
    raw: list[str] = []
    for text in TEXTS(container if container is not None else tree):
        if not SIGNED_LABEL.match(text):
            continue
        node = text.getparent()
        if node.tag in ("strong", "b", "em", "span") and node.getparent() is not None:
            node = node.getparent()  # the label in bold, the list after it
        line = spaced_text(node)
        label = SIGNED_LABEL.match(line)
        listed = node.getnext()
        if label and not line[label.end():].strip() and listed is not None and (
                listed.tag in ("ul", "ol")):  # a "Signed" heading over a list of signers
            line = f"{line.rstrip(': ')}: " + "; ".join(
                spaced_text(item).rstrip(";. ") for item in listed.iter("li"))
        if people := parse_signer_list(line):
            found += people
            raw.append(line)
    return found, raw
