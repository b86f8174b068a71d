"""The words the byline grammar knows, and the patterns built from them.

Roles ("chief executive", "directrice", "Geschäftsführer"), organisation words ("Council",
"Trust", "GmbH"), words that are never part of a person's name, titles and letters after a
name, in English, French, German, Spanish, Italian, Dutch and Portuguese, are data:
``data/lexicon.toml``. This module compiles the patterns that test a word or a text against
them; :mod:`pipelines.extract.bylines` applies them.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

# --- character classes ------------------------------------------------------
_U = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_L = "a-z" + "".join(c for c in map(chr, range(0xDF, 0x250)) if c.islower())

# --- vocabularies -----------------------------------------------------------
LEXICON = tomllib.loads((Path(__file__).parent / "data" / "lexicon.toml").read_text(
    encoding="utf-8"))
_ROLES, _ORGS, _NAMES = LEXICON["roles"], LEXICON["organisations"], LEXICON["names"]
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
ROLE_WORDS = tuple(w for lang in LANGUAGES for w in _ROLES[lang])
_COMPOUND_ROLE_ENDINGS = tuple(_ROLES["compound_endings"])
ROLE_MODIFIERS = frozenset(_ROLES["modifiers"])
ROLE_WORDS_ALSO_FIRST_NAMES = frozenset(_ROLES["also_first_names"])
ROLE_WORDS_NEVER_SURNAMES = frozenset(_ROLES["never_surnames"])
DEPARTMENT_WORDS = frozenset(_ROLES["departments"])
ORG_WORDS = tuple(w for lang in LANGUAGES for w in _ORGS[lang])
_FRENCH_ORG_NOUNS = tuple(_ORGS["fr_nouns"])
NOT_NAME_WORDS = frozenset(w for words in LEXICON["not_names"].values() for w in words)
# Words that never stand in a person's name ("Ward", "Head", "Parish" are surnames).
NAME_STOP_WORDS = NOT_NAME_WORDS | DEPARTMENT_WORDS | (
    ROLE_MODIFIERS - {"ward", "head", "parish", "junior", "lead", "chief"}
)
_POSTNOMINALS = list(_NAMES["postnominals"])
_TITLES = list(_NAMES["titles"])
DESK_WORDS = frozenset(_NAMES["desks"])
# "Co Cork", "County Durham", "Hexham, Northumberland": lower-cased, "co"/"county" left off
PLACES = frozenset(p.lower().rstrip(".") for p in LEXICON["places"]["regions"])  # ("Pa." or "Pa")
TOWNS = frozenset(t.lower() for t in tomllib.loads((Path(__file__).parent / "data" / "towns.toml")
                                                   .read_text(encoding="utf-8"))["towns"]["names"])


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --- names (step 5) -----------------------------------------------------------
NAME_TITLE = re.compile(rf"(?:{_alternation(_TITLES)})\.?")
# (a grade in brackets after the letters: "FAusIMM(CP)"; a run of them in one part: "ing.
# agr. HES")
_ONE_POSTNOMINAL = rf"(?:{_alternation(_POSTNOMINALS)})\.?(?:\([A-Z]{{1,4}}\))?"
POSTNOMINAL = re.compile(rf"{_ONE_POSTNOMINAL}(?:\s+{_ONE_POSTNOMINAL})*")
# A degree's shape, as sure as a listed one: "MPharm", "MEngNZ", "BScN", "MScOT".
_DEGREE_SHAPE = (r"[BMD](?:Pharm|Eng|Chem|Phys|Nurs|Res|Ed|Arch|Mus|Litt)(?:NZ|UK)?|"
                 r"[BMD]Sc[A-Z][A-Za-z]{0,4}")
DEGREE_SHAPE = re.compile(rf"(?:{_DEGREE_SHAPE}),?")
# The shape of letters no list holds ("MPSI", "NEA-BC"), after a name not written in capitals.
POSTNOMINAL_SHAPE = re.compile(r"(?:[A-Z]{3,6}(?:-[A-Z]{2,4})?|(?:Cert|Dip|PGCert|PGDip)[A-Z]{2,8}|"
                               rf"{_DEGREE_SHAPE})"
                               r",?")  # ("CertVNECC": a certificate's; "MPharm": a degree's)


# A professional registration written in two words after a name (South Africa's "Pr Eng",
# "Pr Tech Eng", "Pr Sci Nat"), or a retired judge's "(Ret.)": letters after the name.
REGISTRATION = re.compile(r",?\s+Pr\.?\s?(?:Tech\.?\s?)?(?:Eng|Sci\.?\s?Nat|Pl|Arch|QS|CM|CPM)\.?$"
                          r"|\s*\((?:[Rr]et|[Rr]etd|[Rr]etired)\.?\)$")


def ends_in_unlisted_letters(words: list[str]) -> bool:
    """A name's words end in one set of letters of that shape, after a word not in capitals
    ("Aoife Brennan MPSI"; not "Brian Truitt USA TODAY")."""
    return len(words) > 2 and bool(POSTNOMINAL_SHAPE.fullmatch(words[-1])) and not (
        (words[-2].isupper() and not POSTNOMINAL.fullmatch(words[-2]))  # ("RVN CertVNECC")
        or ORG_WORD.fullmatch(words[-1])  # (not "Ashdown LLP")
        or (len(words[-1]) > 2 and words[-1].lower() in PLACES))  # ("Kurri Kurri NSW")
NAME_PARTICLE = re.compile(
    r"de|da|di|del|della|der|den|des|du|van|von|vom|zu|zum|le|la|ter|ten|dos|das|do|bin|ibn|al|el|y"
    r"|a['’]"  # Scottish Gaelic: "Mac a' Phearsain", "Bean a' Chroit"
    r"|ap|ab|ferch|verch"  # Welsh: "Gethin ap Dafydd", "Nia ferch Rhys"
)
_WORD = rf"(?:[{_U}dl]['’])?[{_U}][{_L}]*(?:[{_U}][{_L}]+)*"
NAME_WORD = re.compile(rf"{_WORD}(?:-{_WORD})*|(?:[{_U}]\.){{1,3}}")
NAME_WORD_CAPS = re.compile(rf"(?:[{_U}]['’])?[{_U}]{{2,}}(?:-[{_U}]{{2,}})*|[{_U}]\.?")

# --- descriptions (steps 3-4) ---------------------------------------------------
ROLE_WORD = re.compile(
    rf"(?<![\w-])(?:{_alternation(ROLE_WORDS)})(?:s|es|nen|innen)?(?![\w-])"
    # two joined by a hyphen: "pharmacist-owner", "owner-manager", "secretary-general"
    rf"|(?<![\w-])(?:{_alternation(ROLE_WORDS)})"
    rf"-(?:{_alternation(ROLE_WORDS + ('general',))})(?![\w-])"
    rf"|(?<!\w)\w+(?:{_alternation(_COMPOUND_ROLE_ENDINGS)})(?:innen|nen)?\b"
    r"|(?<!\w)\w+(?:ologist|ician|ographer|arian)s?\b",  # epidemiologist, paediatrician, librarian
    re.IGNORECASE,
)
ORG_WORD = re.compile(
    rf"(?<!\w)(?:{_alternation(ORG_WORDS)})(?![\w-])"  # (also "Linden-Apotheke")
    # German compounds end in the organisation noun: Diakoniestation, Landkreisverband,
    # Pflegeheim (not a surname: "Solheim")
    r"|(?<![\w-])[A-ZÄÖÜ][\w-]*(?:station|verband|amt|kreis|klinik|klinikum|krankenhaus|werke?|"
    r"apotheke|praxis|kanzlei|spital|"
    r"gesellschaft|gemeinschaft|stiftung|verein|kammer|gemeinde|stadt|schule|hochschule|universität|"
    r"ministerium|behörde|zentrum|dienst|(?<=[enr])heim|bund|genossenschaft|"
    r"zeitung|blatt|schau|zeitschrift|anzeiger)(?:e?s)?(?![\w-])"  # (publications)
    # (and in the genitive: "Geschäftsführerin des Fachverbands ...")
    # Italian federations: Confagricoltura, Confcooperative, Confindustria
    r"|(?<![\w-])Conf[a-z]{4,}(?![\w-])")
# An organisation named by its kind first, as German and Dutch write it after a role with no
# preposition ("Geschäftsführer Stadtwerke Lindau", "voorzitter Huurdersvereniging De
# Eendracht", "wethouder Wonen gemeente Almelo"): the noun, or a compound ending in it.
_ORG_HEAD_NOUNS = (r"verband|amt|kreis|klinik|klinikum|krankenhaus|spital|werke|apotheke|praxis|"
                   r"kanzlei|"
                   r"gesellschaft|stiftung|verein|kammer|gemeinde|stadt|hochschule|universität|"
                   r"ministerium|behörde|zentrum|genossenschaft|handwerkerschaft|innung|"
                   r"vereniging|stichting|corporatie|ziekenhuis|zorggroep|gemeente|provincie|"
                   r"waterschap|coöperatie")
ORG_HEAD = re.compile(rf"(?:[A-ZÄÖÜ][\w-]*)?(?:{_ORG_HEAD_NOUNS})|[A-ZÄÖÜ](?:{_ORG_HEAD_NOUNS})")
# "société Géotechnique Armor" -> "Géotechnique Armor" (case-sensitive: lower-case nouns only)
_KIND_NOUNS = _alternation(_ORGS["kind_nouns"])
ORG_KIND_NOUN = re.compile(rf"^(?:(?:la|le|l['’]|the)\s*)?(?:{_KIND_NOUNS})"
                           rf"\s+(?=[{_U}0-9])")
# "of the firm X", "do escritório X", "de la société X": what follows is an organisation's name.
ORG_OF_KIND = re.compile(rf"\s+(?:of|at|do|da|de|du|de la|of the|at the|van|van de|bij)\s+"
                         rf"(?:{_KIND_NOUNS})\s+"
                         rf"(?=[{_U}])")
FRENCH_ORG_NOUN = re.compile(rf"(?:{_alternation(_FRENCH_ORG_NOUNS)})\b", re.IGNORECASE)
SENTENCE_WORD = re.compile(
    r"\b(?:said|says|say|told|tells|writes|wrote|who|which|whose|has|have|had|was|were|will|"
    r"would|is|are|be|been|being|we|our|us|I|you|they|their|it|its|this|because|but|if|when|"
    r"not|can|could|should|must|ist|sind|hat|wird|wurde|est|sont|était|qui)\b"
)
BARE_NUMBER_PART = re.compile(r"(?:^|[,;])\s*\d+\s*(?:[,;]|$)")
# (", and", "; and" are one cut: the conjunction after a comma begins the next person; Dutch
# "en" only there: "A, voorzitter, en B, secretaris" - in French it is "in")
SEGMENT_SPLIT = re.compile(r"(\s*[,;]\s*(?:(?:and|And|AND|und|et|en)\s+|&\s*)?"
                           r"|\s+(?:and|And|AND|und|et|en|y|e)\s+|\s*&\s*|\s+\+\s+)")
# A role that says its holder no longer works for, or does not belong to, an organisation: a
# co-signer's organisation is not theirs ("Jane Doe, retired nurse, and John Roe, director, X").
UNAFFILIATED = re.compile(r"(?i)\b(?:retired|former|ex|independent|freelance|self-employed|"
                          r"ehemalige[rn]?|freie[rn]?|ancien(?:ne)?|retraitée?|indépendante?|"
                          r"gepensioneerde?|voormalige?|aposentad[oa]|jubilad[oa]|"
                          r"pensionat[oa])\b")
# A place after a role: "locum pharmacist based in West Yorkshire" is a locum pharmacist.
# (and where they work, said with "a": "nurse on an acute ward in Lancashire")
ROLE_PLACE = re.compile(r",?\s+(?:(?:based|living|working) (?:in|at|near|out of)|(?:on|in|at|with) "
                        r"an?|in (?:[Cc]o\.?|[Cc]ounty)|(?:baseado|baseada|radicado|radicada) em|"
                        r"(?:gevestigd|woonachtig) in) [^,;]+$")
# "agriculteur à Saint-Girons", "district nurse in Norwich": cut when what follows is a town
ROLE_TOWN = re.compile(r"\s+(?:in|near|from|à|aus|bei)\s+(?P<place>[^,;]+)$")
# Who worked on a piece without writing it: "Edited by", "Fact-checked by"; cut from a byline.
OTHER_CREDIT = re.compile(
    r"\s*[,;|.]?\s*\b(?:edited|compiled|fact[- ]?checked|reviewed|medically reviewed|tested|"
    r"illustrat(?:ed|ions?)|"
    r"photo(?:graph)?s?|translated|additional reporting|produced|graphics?|video)\s+by\b.*$",
    re.IGNORECASE)
# A badge a site puts after a name ("Paid", "Sponsored").
NAME_BADGE = re.compile(r"\s+(?:paid|sponsored|promoted|partner content|advertorial|"
                        r"anzeige|sponsorisé)$", re.IGNORECASE)
ORG_JOINER_AT = re.compile(
    rf"\s+(?:at|with|bei der|beim|bei|an der|an dem|chez|auprès de|auprès du|à|bij de|bij het|"
    rf"bij|na|no|in de|in het|"
    rf"junto à|junto ao)\s+(?:the\s+)?"
    # (a name, or a Dutch council or province named after its noun: "in de gemeente Oosterhove")
    rf"(?=(?:(?:{_KIND_NOUNS})\s+)?[{_U}0-9]|(?:gemeente|stad|provincie)\s+[{_U}])"
)
ORG_JOINER_OF = re.compile(
    r"\s+(?:of|for|to|der|des|vom|von|im|am|de la|de l['’]|des|du|de|d['’]|au|à la|à l['’]|del|"
    r"di|della|dell['’]|dei|degli|delle|da|do|das|dos|van de|van het|van|voor)"
    r"(?:(?<=['’])|\b)(?:\s+the)?\s*(?=\S)"  # (a whole word: "del", not "de" + "l...")
)
LEADING_ARTICLE = re.compile(r"^(?:a|an|the|ein|eine|einer|un|une|le|la|l['’])\s+", re.IGNORECASE)


# A councillor's or legislator's party after the name: "Cllr Jane Doe (Lab)", "(R-Texas)".
PARTY_LABEL = re.compile(r"\s*\((?:Lab|Con|LD|Lib Dem|SNP|PC|Plaid|Green|Grn|Ind|FG|FF|SF|SDLP|"
                         r"DUP|UUP|Alliance|Reform|Lab/Co-op|[RDI](?:-[A-Z][A-Za-z.]+)?)\)$")


def singular_role(role: str | None) -> str | None:
    """A role shared by several signers, for each of them: "Trustees" -> "Trustee",
    "co-founders" -> "co-founder", "Secretaries" -> "Secretary"."""
    if not role:
        return role
    for plural, singular in (("ies", "y"), ("s", "")):
        if role.endswith(plural) and ROLE_WORD.fullmatch(stem := role[:-len(plural)] + singular):
            return stem
    head, _, rest = role.partition(" ")  # "médecins du travail": the first word's
    if rest and head.endswith("s") and ROLE_WORD.fullmatch(head[:-1]):
        return f"{head[:-1]} {rest}"
    last = role.rpartition(" ")[2]  # "senior partners": the last word's
    if rest and last.endswith("s") and ROLE_WORD.fullmatch(last[:-1]):
        return role[:-1]
    return role


def title_case(name: str) -> str:
    """ "JANE MCDONALD-SMITH" -> "Jane McDonald-Smith"; particles stay lower case."""
    out = []
    for i, token in enumerate(name.split()):
        if POSTNOMINAL.fullmatch(token):
            out.append(token)
        elif i and NAME_PARTICLE.fullmatch(token.lower()):
            out.append(token.lower())
        else:
            word = token.title()
            out.append(re.sub(r"\bMc(\w)", lambda m: "Mc" + m.group(1).upper(), word))
    return " ".join(out)


def without_party(name: str) -> str:
    return PARTY_LABEL.sub("", name)


# --- byline lines (step 2 of pipelines.extract.bylines) ---------------------------------
# What comes before the names ("By", "Words by", "Von", "Par", "Propos recueillis par").
BYLINE_PREFIX = re.compile(
    r"^(?:(?:words|text|written|reported|report|interview|column|story|photos?|comment|analysis|"
    r"guest (?:post|column|blog|article|comment|opinion|piece|contribution)|"
    r"geschrieben|verfasst|"
    r"opinion|(?:ein\s+)?(?:kommentar|gastbeitrag|gastkommentar)|(?:eine\s+)?(?:kolumne|glosse)|analyse|(?:une\s+)?tribune|chronique|"
    r"l['’]\s?(?:édito|éditorial)|(?:un\s+)?(?:billet|point de vue)|(?:una\s+)?(?:tribuna|"
    r"columna)|(?:un\s+)?artículo|(?:l['’])?(?:editoriale|opinione|intervista|commento)|"
    r"propos recueillis|entretien réalisé|entrevista realizada)"
    r"(?:\s+[«\"“„‘][^«»\"“”„‘’]{2,50}[»\"”“’])?"  # a column's name: "Kolumne «X» von"
    r"\s+)?(?:by|von|par|door|de|por|(?-i:di))\s*:?\s+(?:(?:le|la)\s+(?=(?:Dr|Pr|Prof|Me)\b))?"
    r"|^(?:scritto|pubblicato) da\s*:?\s+"
    r"|^(?:words|text|author|autor|autorin|auteur|autrice|texte|interview|entretien)"
    r"\s*:\s*",
    re.IGNORECASE,
)
# "Interview: Jane Doe": in a byline, its interviewer; in a kicker, the person interviewed.
INTERVIEW_LABEL = re.compile(r"(?i)(?:interview|entretien)\s*:")
# A byline's organisation in brackets after the (last) name.
NAMES_THEN_ORGANISATION = re.compile(rf"^(?P<names>.+?)\s*\((?P<org>[{_U}][^()]{{2,80}})\)$")
# "..., et le Dr Sophie Garnier": the French article before a title, in a list of names.
ARTICLE_BEFORE_TITLE = re.compile(r"^(?:[Ll]e|[Ll]a)\s+(?=(?:Dre?|Pre?|Prof|Me)\b)")
BYLINE_SEPARATOR = re.compile(r"\s*[|•·]\s*|\s+[-–—]\s+|\s{3,}")
_MONTH = (
    r"(?:jan|feb|febr|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar[y]?|february|march|"
    r"april|june|july|august|september|october|november|december|märz|mai|juni|juli|oktober|"
    r"dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre)\.?"
)
BYLINE_DATE_TAIL = re.compile(
    rf",?\s+(?:(?:on|am|le|published|updated|posted|last|publié|mis à jour|veröffentlicht|"
    rf"aktualisiert)\s+){{0,3}}(?:"
    rf"\d{{1,2}}(?:st|nd|rd|th|\.)?\s+{_MONTH}(?!\w)|{_MONTH}\s+(?:\d{{1,2}}|\d{{4}})\b|"
    rf"\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}|\d+\s+(?:mins?|minutes?|hours?|hrs?|days?)\s+"
    rf"(?:ago|read)|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    rf"(?:mon|tue|wed|thu|fri|sat|sun)\.?,?\s+\d|\d{{1,2}}:\d{{2}}).*$",
    re.IGNORECASE,
)
BYLINE_HANDLE = re.compile(r"\s*\(?@\w+\)?")
SPECIAL_TO = re.compile(r"(?i),?\s+special to\s+.+$")
# The people a credit names ("Fact-checked by Paul Rankin Tested by Katie Bandurski and Mary
# Henn"): up to three names after each credit's "by".
CREDITED_PEOPLE = re.compile(
    r"(?i:\b(?:edited|fact[- ]?checked|reviewed|medically reviewed|tested|illustrated|translated|"
    r"produced)\s+by)\s+(?P<names>(?:{word}(?:\s+|$)){{1,4}}(?:(?:and|&)\s+"
    r"(?:{word}(?:\s+|$)){{1,4}})?)".format(
        word=r"(?!(?:Edited|Fact|Reviewed|Medically|Tested|Illustrated|Translated|Produced|"
             r"Updated|Published)\b)[A-Z][\w'’.-]*"))


# --- cleaning (step 1 of pipelines.extract.bylines) --------------------------------------
# A pattern that repeats a character class and can fail after it ("[,;]+$" on ",,,,x") starts
# only where a run of that class starts (the lookbehinds): tried from every character of a run,
# it would take time in the square of the run's length, minutes for a hostile 100 KB paragraph.
EMPHASIS = re.compile(r"\*+|(?<!\w)_+|(?<!_)_+(?!\w)")
LEADING_MARK = re.compile(r"^[\s\-–—•·|:>\"“‘'(\[]+")
TRAILING_MARK = re.compile(r"(?<![\s,;:|\-–—•·\"”)\]])[\s,;:|\-–—•·\"”)\]]+$")
TRAILING_PERIOD = re.compile(rf"(?<![ .][{_U}])(?<!\.\.)\.+$")
# A doctor's letters, which are a role too ("MD": a managing director) unless a role follows.
DOCTOR_LETTERS = frozenset({"MD", "M.D", "DO", "D.O"})
# Role words that are nobody's surname ("Ann Butler", "Tom Judge" are names).
NEWSROOM_ROLES = frozenset({"correspondent", "reporter", "columnist", "journalist", "contributor",
                            "editor", "correspondents", "reporters", "editors"})
SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+[\"”’]?\s+(?=[\"“‘]?[" + _U + r"])")
# Initials with full stops ("U.S."), which end no sentence in a role.
DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.){1,2}[A-Z]\.?")
# Words a full stop follows without ending a sentence ("Dr.", "Ltd.").
# (and letters written in lower case, which end no sentence: "ing. agr. HES")
_ABBREVIATIONS = frozenset(t.lower() for t in _TITLES) | {
    "st", "no", "co", "ltd", "inc", "mt", "pvt", "pty", "corp", "bros", "dept", "assn",
    # (and a role's shortened words: "Sr. Director", "Asst. Professor", "Exec. Editor")
    "sr", "jr", "snr", "jnr", "asst", "assoc", "exec", "mgr", "govt", "univ"} | {
    p for p in _POSTNOMINALS if p.islower()}


def is_sentence_break(text: str, match: re.Match[str]) -> bool:
    before = text[: match.start()].split()
    word = before[-1] if before else ""
    return len(word) > 1 and word.lower().rstrip(".") not in _ABBREVIATIONS and not (
        DOTTED_INITIALS.fullmatch(word))  # ("Retired U.S. Bankruptcy Judge")


def first_sentence(text: str) -> str:
    """Text up to the first full stop that ends a sentence (not "Dr." nor an initial)."""
    for match in SENTENCE_END.finditer(text):
        if is_sentence_break(text, match):
            return text[: match.start()]
    return text
