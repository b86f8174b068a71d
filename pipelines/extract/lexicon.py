"""The words the byline grammar knows, and the patterns built from them.

Roles ("chief executive", "directrice", "Geschäftsführer"), organisation words ("Council",
"Trust", "GmbH"), words that are never part of a person's name, titles and letters after a
name, in English, French and German; and the compiled patterns that test a word or a text
against them. :mod:`pipelines.extract.bylines` applies them.
"""

from __future__ import annotations

import re

# --- character classes ------------------------------------------------------
_U = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_L = "a-z" + "".join(c for c in map(chr, range(0xDF, 0x250)) if c.islower())

# --- vocabularies -----------------------------------------------------------
ROLE_WORDS = (
    # English
    "chief executive", "executive", "director", "head", "manager", "leader", "councillor",
    "professor", "nurse", "consultant", "founder", "co-founder", "partner", "editor", "chair",
    "chairman", "chairwoman", "chairperson", "president", "vice-president", "secretary", "officer",
    "adviser", "advisor", "analyst", "engineer", "architect", "lecturer", "fellow", "researcher",
    "correspondent", "columnist", "member", "commissioner", "lead", "principal", "mayor",
    "minister", "chief", "deputy", "doctor", "surgeon", "physician", "clinician", "pharmacist",
    "midwife", "matron", "therapist", "physiotherapist", "paramedic", "practitioner",
    "specialist", "coordinator", "co-ordinator", "administrator", "controller", "inspector",
    "surveyor", "planner", "designer", "developer", "economist", "scientist", "lawyer",
    "solicitor", "barrister", "accountant", "journalist", "reporter", "writer", "contributor",
    "commentator", "presenter", "governor", "trustee", "treasurer", "dean", "chancellor",
    "vice-chancellor", "registrar", "tutor", "teacher", "headteacher", "student", "trainee",
    "apprentice", "volunteer", "campaigner", "spokesperson", "spokesman", "spokeswoman",
    "strategist", "owner", "proprietor", "farmer", "grower", "agronomist", "vet", "retailer",
    "shopkeeper", "buyer", "merchant", "contractor", "builder", "associate", "academic",
    "historian", "entrepreneur", "investor", "convenor", "convener", "ambassador",
    "superintendent", "firefighter", "carer", "worker", "assistant", "coach", "mentor",
    "portfolio holder", "assessor", "auditor", "expert", "technician", "estimator", "clerk",
    "ombudsman", "regulator", "examiner", "underwriter", "broker", "dietitian", "dentist",
    "optometrist", "GP", "MP", "MEP", "MSP", "CEO", "CTO", "CFO", "COO", "CIO", "CMO", "CNO",
    "MD", "VP",
    # German (also at the end of compounds: Pflegedienstleiterin, Geschäftsführer)
    "leiter", "leiterin", "geschäftsführer", "geschäftsführerin", "bürgermeister",
    "bürgermeisterin", "vorsitzende", "vorsitzender", "vorstand", "referent", "referentin",
    "direktor", "direktorin", "präsident", "präsidentin", "sprecher", "sprecherin", "dezernent",
    "dezernentin", "landrat", "landrätin", "professorin", "redakteur", "redakteurin",
    "beraterin", "berater", "inhaber", "inhaberin", "gründer", "gründerin", "architektin",
    "ingenieur", "ingenieurin", "ärztin", "arzt", "pflegerin", "pfleger", "beauftragte",
    "beauftragter", "managerin", "landwirt", "landwirtin",
    # French
    "directeur", "directrice", "responsable", "maire", "présidente", "chef", "cheffe", "chargé",
    "chargée", "conseiller", "conseillère", "adjoint", "adjointe", "délégué", "déléguée",
    "fondateur", "fondatrice", "cofondateur", "cofondatrice", "gérant", "gérante", "secrétaire",
    "rédacteur", "rédactrice", "professeur", "professeure", "infirmier", "infirmière",
    "ingénieure", "architecte", "médecin", "chercheur", "chercheuse", "associé", "associée",
    "journaliste", "éditorialiste", "consultante", "avocat", "avocate", "agriculteur",
    "agricultrice", "éleveur", "éleveuse", "vice-président", "vice-présidente",
)
_GERMAN_ROLE_ENDINGS = (
    "leiter", "leiterin", "führer", "führerin", "meister", "meisterin", "direktor", "direktorin",
    "referent", "referentin", "beauftragte", "beauftragter", "vorsitzende", "vorsitzender",
    "sprecher", "sprecherin", "berater", "beraterin", "manager", "managerin",
)
ROLE_MODIFIERS = frozenset(
    "senior junior acting interim managing general special group regional national global "
    "clinical political technical commercial non-executive honorary visiting emeritus former "
    "retired founding vice joint associate executive chief deputy assistant principal lead head "
    "programme project area district county city local community cabinet parish ward staff "
    "registered shadow opposition chartered qualified specialist town borough charge practice "
    "site".split()
)
ROLE_WORDS_ALSO_FIRST_NAMES = frozenset({"dean", "chancellor"})
DEPARTMENT_WORDS = frozenset(
    "adult adults children children's social services service care health nursing policy public "
    "affairs research innovation engineering fire safety operations finance strategy planning "
    "development communications marketing sales digital technology data education learning "
    "housing environment sustainability estates facilities procurement transformation "
    "commissioning people human resources legal compliance risk quality governance partnerships "
    "programmes products design architecture construction infrastructure transport economy "
    "regeneration growth investment insight analytics workforce medicine surgery pharmacy primary "
    "community mental acute practice standards membership campaigns content news features "
    "editorial external corporate customer customers business economic property farming "
    "agriculture agricultural rural retail political technical environmental and & for "
    "the of".split()
)
ORG_WORDS = (
    "Council", "Councils", "Trust", "Trusts", "Ltd", "Limited", "plc", "PLC", "LLP", "LLC", "Inc",
    "Association", "University", "NHS", "Authority", "Authorities", "Group", "Institute",
    "Institution", "Foundation", "Society", "Federation", "Union", "Partnership", "Agency",
    "Department", "Ministry", "Centre", "Center", "College", "School", "Hospital", "Hospitals",
    "Board", "Commission", "Company", "Co", "Consulting", "Consultancy", "Consultants", "Network",
    "Alliance", "Forum", "Confederation", "Bank", "Office", "Committee", "Cooperative",
    "Co-operative", "Club", "Church", "Diocese", "Academy", "Government", "Parliament",
    "Assembly", "Chamber", "Chambers", "Court", "Library", "Museum", "Press", "Media", "Holdings",
    "Industries", "Solutions", "Systems", "Technologies", "Partners", "Associates", "Architects",
    "Builders", "Homes", "Farms", "Foods", "Dairies", "Bakeries", "Mutual", "Charity", "Hospice",
    "Clinic", "Healthcare", "Service", "Unit", "Collective", "Coalition", "Initiative", "Project",
    "Campaign", "Party", "UK", "CCG", "ICB", "ICS", "LGA", "RCN", "BMA", "NFU", "RICS", "RIBA",
    "CIOB", "CQC", "TUC", "CBI", "FSB",
    # German
    "Landkreis", "Landkreises", "Stadt", "Gemeinde", "Kreis", "Kreises", "Bezirk", "Klinikum",
    "Kliniken", "Krankenhaus", "GmbH", "AG", "e.V.", "eG", "KG", "Verband", "Verbandes",
    "Universität", "Hochschule", "Ministerium", "Stiftung", "Kammer", "Landesamt", "Amt",
    "Behörde", "Stadtwerke", "Genossenschaft", "Bundesverband", "Landesverband",
    # French
    "Mairie", "Conseil", "Région", "Département", "Ville", "Agence", "Fédération", "Chambre",
    "Syndicat", "Université", "Hôpital", "CHU", "Ministère", "Groupe", "Société", "SA", "SAS",
    "SARL", "Communauté", "Métropole", "Institut", "Fondation", "Collectivité", "Coopérative",
)
_FRENCH_ORG_NOUNS = (
    "centre hospitalier", "mairie", "ville", "région", "commune", "communauté", "agence",
    "association", "fédération", "chambre", "syndicat", "société", "groupe", "hôpital",
    "clinique", "université", "ministère", "conseil", "institut", "fondation", "métropole",
    "département", "coopérative",
)
NOT_NAME_WORDS = frozenset(
    # function words, pronouns
    "the a an this that these those our we it its in on at for of and or but with from to by as "
    "if when what why how who where which all some many most more no not new old here there "
    "der die das ein eine le la les un une nous vous "
    # calendar
    "monday tuesday wednesday thursday friday saturday sunday january february september "
    "october november december christmas easter "
    # page furniture
    "us me share follow comment comments subscribe sign log login register news opinion "
    "contact about privacy terms cookies menu search latest related popular print email "
    "twitter facebook linkedin view next previous points tips "
    "stars rising watch listen video podcast gallery jobs events awards webinar newsletter "
    "magazine edition issue archive topics tags sections categories letters columns blog blogs "
    # places
    "britain british kingdom united europe european midlands northern southern eastern "
    "western central greater county city town borough road "
    "avenue square water tower rd ave blvd suite layout nagar "
    # page labels beside a byline
    "updated checked reviewed sponsored bio download recherche zitiervorschlag "
    # topics
    "health care social local government public national policy housing education budget brexit "
    "covid coronavirus week year month".split()
)
# Words that never stand in a person's name ("Ward", "Head", "Parish" are surnames).
NAME_STOP_WORDS = NOT_NAME_WORDS | DEPARTMENT_WORDS | (
    ROLE_MODIFIERS - {"ward", "head", "parish", "junior", "lead", "chief"}
)
_POSTNOMINALS = (
    "OBE MBE CBE DBE KBE CMG FRCN FRCP FRCS FRCGP FRCPsych FRICS FRIBA RIBA FRSA FREng FRS FMedSci "
    "FRTPI MRTPI MCIH MCIOB FCIOB CEng FIStructE MICE FICE FCA ACA MP MEP MSP QC KC JP DL PhD "
    "DPhil MSc MA BSc BA MBA RN RGN RMN FQNI Jr Jnr Sr Snr II III"
).split()
_TITLES = (
    "Dr Prof Professor Cllr Councillor Sir Dame Lord Lady Baroness Baron Mr Mrs Ms Miss Mx Rev "
    "Revd Reverend Canon Frau Herr Mme Mlle Madame Monsieur"
).split()


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --- names (step 5) -----------------------------------------------------------
NAME_TITLE = re.compile(rf"(?:{_alternation(_TITLES)})\.?")
POSTNOMINAL = re.compile(rf"(?:{_alternation(_POSTNOMINALS)})\.?")
NAME_PARTICLE = re.compile(
    r"de|da|di|del|della|der|den|des|du|van|von|vom|zu|zum|le|la|ter|ten|dos|das|do|bin|ibn|al|el|y"
)
_WORD = rf"(?:[{_U}dl]['’])?[{_U}][{_L}]*(?:[{_U}][{_L}]+)*"
NAME_WORD = re.compile(rf"{_WORD}(?:-{_WORD})*|(?:[{_U}]\.){{1,3}}")
NAME_WORD_CAPS = re.compile(rf"(?:[{_U}]['’])?[{_U}]{{2,}}(?:-[{_U}]{{2,}})*|[{_U}]\.?")

# --- descriptions (steps 3-4) ---------------------------------------------------
ROLE_WORD = re.compile(
    rf"(?<![\w-])(?:{_alternation(ROLE_WORDS)})(?:s|es|nen|innen)?(?![\w-])"
    rf"|(?<!\w)\w+(?:{_alternation(_GERMAN_ROLE_ENDINGS)})(?:innen|nen)?\b"
    r"|(?<!\w)\w+(?:ologist|ician|ographer)s?\b",  # epidemiologist, paediatrician, geographer
    re.IGNORECASE,
)
ORG_WORD = re.compile(
    rf"(?<![\w-])(?:{_alternation(ORG_WORDS)})(?![\w-])"
    # German compounds end in the organisation noun: Diakoniestation, Landkreisverband
    r"|(?<![\w-])[A-ZÄÖÜ]\w*(?:station|verband|amt|kreis|klinik|klinikum|krankenhaus|werke?|"
    r"gesellschaft|stiftung|verein|kammer|gemeinde|stadt|schule|hochschule|universität|"
    r"ministerium|behörde|zentrum|dienst|heim|bund|genossenschaft)(?![\w-])")
FRENCH_ORG_NOUN = re.compile(rf"(?:{_alternation(_FRENCH_ORG_NOUNS)})\b", re.IGNORECASE)
SENTENCE_WORD = re.compile(
    r"\b(?:said|says|say|told|tells|writes|wrote|who|which|whose|has|have|had|was|were|will|"
    r"would|is|are|be|been|being|we|our|us|I|you|they|their|it|its|this|because|but|if|when|"
    r"not|can|could|should|must|ist|sind|hat|wird|wurde|est|sont|était|qui)\b"
)
BARE_NUMBER_PART = re.compile(r"(?:^|[,;])\s*\d+\s*(?:[,;]|$)")
# (", and", "; and" are one cut: the conjunction after a comma begins the next person)
SEGMENT_SPLIT = re.compile(r"(\s*[,;]\s*(?:(?:and|And|AND|und|et)\s+|&\s*)?"
                           r"|\s+(?:and|And|AND|und|et)\s+|\s*&\s*|\s+\+\s+)")
# A role that says its holder no longer works for, or does not belong to, an organisation: a
# co-signer's organisation is not theirs ("Jane Doe, retired nurse, and John Roe, director, X").
UNAFFILIATED = re.compile(r"(?i)\b(?:retired|former|ex|independent|freelance|self-employed|"
                          r"ehemalige[rn]?|freie[rn]?|ancien(?:ne)?|retraitée?|indépendante?)\b")
# A place after a role: "locum pharmacist based in West Yorkshire" is a locum pharmacist.
ROLE_PLACE = re.compile(r",?\s+(?:based|living|working) (?:in|at|near|out of) [^,;]+$")
# Who worked on a piece without writing it: "Edited by", "Fact-checked by"; cut from a byline.
OTHER_CREDIT = re.compile(
    r"\s*[,;|.]?\s*\b(?:edited|fact[- ]?checked|reviewed|medically reviewed|illustrat(?:ed|ions?)|"
    r"photo(?:graph)?s?|translated|additional reporting|produced|graphics?|video)\s+by\b.*$",
    re.IGNORECASE)
# A badge a site puts after a name ("Paid", "Sponsored").
NAME_BADGE = re.compile(r"\s+(?:paid|sponsored|promoted|partner content|advertorial|"
                        r"anzeige|sponsorisé)$", re.IGNORECASE)
ORG_JOINER_AT = re.compile(
    rf"\s+(?:at|with|bei der|beim|bei|chez|auprès de|auprès du)\s+(?:the\s+)?(?=[{_U}0-9])"
)
ORG_JOINER_OF = re.compile(
    r"\s+(?:of|for|to|der|des|vom|von|im|am|de la|de l['’]|des|du|de|d['’]|au|à la|à l['’])"
    r"(?:\s+the)?\s*(?=\S)"
)
LEADING_ARTICLE = re.compile(r"^(?:a|an|the|ein|eine|einer|un|une|le|la|l['’])\s+", re.IGNORECASE)
