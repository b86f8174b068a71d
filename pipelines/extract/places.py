"""Where a writer lives, told from an organisation: "Hexham, Northumberland", "Co Cork",
"Kirkby Stanmore" after a signer's role are an address, not the body they work for."""

from __future__ import annotations

import re

from pipelines.extract.lexicon import ORG_WORD, PLACES, ROLE_WORD

# Words and endings of British place names ("Long Sutton", "Kirkby Stanmore", "Thirsby").
PLACE_HINT = re.compile(
    r"\b(?:North|South|East|West|Upper|Lower|Great|Little|Long|Market|Nether|Kings?|Bishops?|St|"
    r"Saint|upon|on|under|le|en)\b|\w(?:shire|ton|ham|by|ford|bury|borough|brough|burgh|wick|wich|"
    r"field|ley|leigh|dale|mouth|chester|caster|cester|minster|port|pool|stead|worth|thorpe|sea|"
    r"don|well|bridge|more|mere|moor|ing|hurst|wood|combe|stow|stoke|gate|holme|haven|heath|"
    r"land|ria|set|folk|sex|von|ent)\b"
)


def is_region(text: str) -> bool:
    """A county, region or nation, or a town followed by one: where the writer lives, not an
    organisation (an organisation word makes it one: "Shropshire Council")."""
    last = re.sub(r"^(?:co\.?|county)\s+", "", text.rsplit(",", 1)[-1].strip().lower())
    return (last in PLACES and text.count(",") <= 1
            and not ORG_WORD.search(re.sub(r"^(?:Co\.?|County)\s+", "", text)))


def is_place_line(part: str) -> bool:
    """A signature line that names a place ("Thirsby", "Long Sutton"): one capitalised word,
    or words with a place name's marks, and no role or organisation word."""
    if ORG_WORD.search(part) or ROLE_WORD.search(part) or not part[:1].isupper():
        return False
    return len(part.split()) == 1 or bool(PLACE_HINT.search(part))
