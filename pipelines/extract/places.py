"""Where a writer lives, told from an organisation: "Hexham, Northumberland", "Co Cork",
"Kirkby Stanmore" after a signer's role are an address, not the body they work for."""

from __future__ import annotations

import re

from pipelines.extract.lexicon import ORG_WORD, PLACES, ROLE_WORD, TOWNS

# A British place name's marks: a first word ("North Walsham", "St Albans"), a joining word
# ("Stoke on Trent", "Newcastle upon Tyne"), its last word's ending ("Long Sutton", "Market
# Harborough") or its last word, a point of the compass ("Havelock North"); not any word's
# ("Ohio Valley Aggregates" is a firm).
PLACE_HINT = re.compile(
    r"^(?:North|South|East|West|Upper|Lower|Great|Little|Long|Market|Nether|Kings?|Bishops?|St|"
    r"Saint)\b|\b(?:upon|on|under|le|en)\b|\w(?:shire|ton|ham|by|ford|bury|borough|brough|burgh|"
    r"wick|wich|field|ley|leigh|dale|mouth|chester|caster|cester|minster|port|pool|stead|worth|"
    r"thorpe|sea|don|well|bridge|more|mere|moor|ing|hurst|wood|combe|stow|stoke|gate|holme|haven|"
    r"heath|land|ria|set|folk|sex|von|ent)$|\s(?:North|South|East|West)$"
)


# What a letter's signature says instead of an address.
ADDRESS_NOTE = re.compile(r"(?i)^(?:(?:full |name and )?address (?:supplied|withheld)|name "
                          r"withheld|via e-?mail|by e-?mail|(?:writing|writes) in a personal "
                          r"capacity|adresse communiquée|"
                          r"anschrift (?:ist )?der redaktion bekannt)$")
PARENTHESIS = re.compile(r"\s*\([^()]{1,40}\)?\s*$")
# A British postcode, or its district, after a town: "London EC3", "Leeds LS1 4AB".
POSTCODE_DISTRICT = re.compile(r"\s+[A-Z]{1,2}\d{1,2}[A-Z]?(?:\s+\d[A-Z]{2})?$")
COUNTY_PREFIX = re.compile(r"^(?:co\.?|county|bad)\s+", re.IGNORECASE)


def is_address(part: str) -> bool:
    """A town of 5,000 people or more (GeoNames), a county, region or nation ("Co Cork",
    "Bad Sulzbach"), or what stands for an address ("Address supplied"): where the writer
    lives, not an organisation (an organisation word makes it one: "Shropshire Council")."""
    part = PARENTHESIS.sub("", part).strip()  # "Angers (Maine-et-Loire)"
    if ADDRESS_NOTE.match(part) or part.lower().rstrip(".") in PLACES:  # ("UK" is one too)
        return True
    if not part[:1].isupper() or ORG_WORD.search(COUNTY_PREFIX.sub("", part)):
        return False
    folded = POSTCODE_DISTRICT.sub("", part).lower().rstrip(".")  # "London EC3", "Erie, Pa."
    return any(name in TOWNS or name in PLACES for name in (folded, COUNTY_PREFIX.sub("", folded)))


# "Inverbrae Academy in Fife", "Seniorenzentrum Lindenhof in Graz": a place after a name
PLACE_TAIL = re.compile(r"\s+(?:(?:based|living|working)\s+)?(?:in|near|à|aus|bei)\s+"
                        r"(?P<place>[^,;]+)$")


# A town's name as it stands before its region ("in Columbus, Ohio"): one to three capitalised
# words, none of them an organisation's word.
TOWN_SHAPE = re.compile(r"^[A-ZÀ-Þ][\w'’.-]*(?:\s+[A-ZÀ-Þ][\w'’.-]*){0,2}$")  # ("Ålesund")


def without_address(text: str) -> str:
    """``text`` less its trailing comma parts that are an address: "store manager, Fairdeal
    Foods, Chelmsford" -> "store manager, Fairdeal Foods"; "Hexham, Northumberland" -> "";
    "X at Harlow Health in Columbus, Ohio" -> "X at Harlow Health"; a town in brackets goes
    too ("Atlantique (Nantes)")."""
    parts = [p.strip() for p in text.split(",")]
    popped = False
    while parts and is_address(parts[-1]):
        parts.pop()
        popped = True
    if len(parts) > 1 and _one_word_town(parts[-1]) and ORG_WORD.search(parts[-2]):
        parts.pop()  # a town too small for the list after an organisation: "Eastmoor Local
        # Pharmaceutical Committee, Harford", "X Co-operative Society, Ballyjamesduff, Co Cavan"
    if parts and (tail := PLACE_TAIL.search(parts[-1])) and (is_address(tail.group("place")) or (
            (popped or ORG_WORD.search(parts[-1][:tail.start()]))  # "in Columbus, Ohio", or
            and TOWN_SHAPE.match(tail.group("place"))  # "X Veterinary Partners in Dannevirke"
            and not ORG_WORD.search(tail.group("place")))):
        parts[-1] = parts[-1][:tail.start()]
    if parts and (paren := PARENTHESIS.search(parts[-1])) and paren.start() > 0 and (
            _bracketed_place(paren.group(0).strip(" ()"))) and not (
            _short_name(paren.group(0).strip(" ()"), parts[-1][:paren.start()])):
        parts[-1] = parts[-1][:paren.start()]  # "Coopérative funéraire Atlantique (Nantes)"
    return ", ".join(parts)


def _one_word_town(part: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][\w'’-]+", part)) and not (
        ORG_WORD.search(part) or ROLE_WORD.search(part))


def _short_name(text: str, name: str) -> bool:
    """What stands in brackets is the organisation's own short name: "Cooperativa Agroindustrial
    Vale do Paranapanema (Coopervale)" - its first word's start."""
    first = name.split()[0].lower() if name.split() else ""
    return len(first) >= 4 and text.lower().startswith(first[:4])


def _bracketed_place(text: str) -> bool:
    """What stands in brackets after an organisation or a role is where it is: a known place,
    or a place's shape ("(Aisne)", "(Maine-et-Loire)"); not an acronym ("(NCC)")."""
    return is_address(text) or bool(TOWN_SHAPE.match(text)) and not text.isupper() and not (
        ORG_WORD.search(text) or ROLE_WORD.search(text))


def is_address_line(line: str) -> bool:
    """A signature's last line that is a town and its state or county ("Grand Marais,
    Minnesota", "Athens, Ohio"): the region a known one, the town a town's shape."""
    *towns, region = [p.strip() for p in line.split(",")]
    if not towns and len(words := line.split()) > 1 and len(words[-1]) > 2 and (
            words[-1].isupper() or words[-1] in {"Qld", "Vic", "Tas"}):
        *towns, region = " ".join(words[:-1]), words[-1]  # "Grafton NSW": Australian style
    return bool(towns) and is_address(region) and all(
        TOWN_SHAPE.match(t) and not (ORG_WORD.search(t) or ROLE_WORD.search(t)) for t in towns)


def is_place_line(part: str) -> bool:
    """A signature line that names a place ("Thirsby", "Long Sutton"): one capitalised word,
    or words with a place name's marks, and no role or organisation word."""
    if ORG_WORD.search(part) or ROLE_WORD.search(part) or not part[:1].isupper():
        return False
    return len(part.split()) == 1 or bool(PLACE_HINT.search(part))
