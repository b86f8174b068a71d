"""Table tests for pipelines.extract.bylines: real-looking inputs, exact expected authors.

All names, roles and organisations below are invented.
"""

import pytest

from pipelines.extract.bylines import (
    looks_like_name,
    parse_byline,
    parse_signoff,
    split_role_organisation,
)
from pipelines.extract.endnotes import parse_endnote
from pipelines.extract.names import merge_authors
from pipelines.extract.signatures import parse_signature


def a(name, role=None, organisation=None):
    return {"name": name, "role": role, "organisation": organisation}


# --- parse_byline ----------------------------------------------------------------------------
BYLINES = [
    ("By Jane Doe", [a("Jane Doe")]),
    # the date after a French byline is not part of the name
    ("Par Camille Rousselot Publié le 27 août 2025 à 07h30", [a("Camille Rousselot")]),
    ("by Harriet Okonjo", [a("Harriet Okonjo")]),
    ("BY MAIREAD FLYNN", [a("Mairead Flynn")]),
    ("BY ANGUS MCTAVISH-ROSS", [a("Angus McTavish-Ross")]),
    ("By: Tomasz Wierzbicki", [a("Tomasz Wierzbicki")]),
    ("Words by Priya Raman", [a("Priya Raman")]),
    ("Interview by Colm Brennan", [a("Colm Brennan")]),
    ("By Imogen Pratt, director of nursing, Fenwold NHS Foundation Trust",
     [a("Imogen Pratt", "director of nursing", "Fenwold NHS Foundation Trust")]),
    ("By Gareth Llewellyn and Sioned Price", [a("Gareth Llewellyn"), a("Sioned Price")]),
    ("Nadia Haddad & Oliver Grange", [a("Nadia Haddad"), a("Oliver Grange")]),
    ("By Ruth Abara, Kwame Mensah and Lotte Jansen",
     [a("Ruth Abara"), a("Kwame Mensah"), a("Lotte Jansen")]),
    ("Von Katrin Albers, Leiterin des Gesundheitsamts, Landkreis Wesermarschen",
     [a("Katrin Albers", "Leiterin des Gesundheitsamts", "Landkreis Wesermarschen")]),
    ("Von Jörg Brandtner", [a("Jörg Brandtner")]),
    ("Par Marie Dupont, directrice générale, Agence régionale de santé Val-de-Loire",
     [a("Marie Dupont", "directrice générale", "Agence régionale de santé Val-de-Loire")]),
    ("Par Élodie Lefèvre", [a("Élodie Lefèvre")]),
    ("By Fergus Doyle | 12 March 2024", [a("Fergus Doyle")]),
    ("By Fergus Doyle, 12 March 2024", [a("Fergus Doyle")]),
    ("By Fergus Doyle on 4th June 2019", [a("Fergus Doyle")]),
    ("By Fergus Doyle • 18/08/2016 • 5 min read", [a("Fergus Doyle")]),
    ("By Fergus Doyle - Tuesday 3 October 2023 10:32", [a("Fergus Doyle")]),
    ("By Fergus Doyle 2 hours ago", [a("Fergus Doyle")]),
    ("By Fergus Doyle @fdoylewrites", [a("Fergus Doyle")]),
    ("Comment | By Yasmin Choudhury", [a("Yasmin Choudhury")]),
    ("Alastair Kerr, Special Correspondent", [a("Alastair Kerr", "Special Correspondent")]),
    ("Bethan Morgan, Farming Editor", [a("Bethan Morgan", "Farming Editor")]),
    ("By Dr Rhiannon Yates", [a("Dr Rhiannon Yates")]),
    ("By Prof. J. R. Atherton", [a("Prof. J. R. Atherton")]),
    ("By Cllr Desmond Achebe, leader, Marlcombe Borough Council",
     [a("Cllr Desmond Achebe", "leader", "Marlcombe Borough Council")]),
    ("By Siobhán Ní Bhriain", [a("Siobhán Ní Bhriain")]),
    ("By Ruud van der Berg", [a("Ruud van der Berg")]),
    ("By Aoife O'Sullivan-Hart", [a("Aoife O'Sullivan-Hart")]),
    ("**By Hamish Dalgleish**", [a("Hamish Dalgleish")]),
    ("By Hamish Dalgleish, chief reporter", [a("Hamish Dalgleish", "chief reporter")]),
    ("By Naomi Falk, Brackenby Consulting", [a("Naomi Falk", None, "Brackenby Consulting")]),
    ("Leonie Hart", [a("Leonie Hart")]),
    # credits for others, badges and names a template prints twice
    ("By Jane Doe, fact-checked by John Roe", [a("Jane Doe")]),
    ("By Jane Doe. Edited by John Roe", [a("Jane Doe")]),
    ("Sean HigginsSean Higgins", [a("Sean Higgins")]),
    ("Sean Higgins Sean Higgins", [a("Sean Higgins")]),
    ("Jane Doe Paid", [a("Jane Doe")]),
    ("Reviewed by Dr John Roe", []),
    # negatives: furniture and ordinary sentences
    ("By the end of the year the council will have spent its reserves", []),
    ("By 2030, half of all nurses in the region will be over 50", []),
    ("By working together, councils can pool their procurement", []),
    ("By Christmas Day, the wards were full", []),
    ("Comment", []),
    ("Share this article", []),
    ("Follow Us", []),
    ("Read more", []),
    ("Northwold County Council", []),
    ("Have your say", []),
    ("Alastair Kerr Special Correspondent", []),
    ("", []),
]


@pytest.mark.parametrize("text, expected", BYLINES)
def test_parse_byline(text, expected):
    assert parse_byline(text) == expected


# --- parse_signoff ---------------------------------------------------------------------------
SIGNOFFS = [
    # a town in brackets after the organisation is where it is
    ("Claire Fontenay, directrice générale de la Coopérative funéraire Atlantique (Nantes)",
     [a("Claire Fontenay", "directrice générale", "Coopérative funéraire Atlantique")]),
    ("Morwenna Trelawny, chief executive, Brackenshire Combined Authority and Idris Vaughan, "
     "chief executive, Collaborate",
     [a("Morwenna Trelawny", "chief executive", "Brackenshire Combined Authority"),
      a("Idris Vaughan", "chief executive", "Collaborate")]),
    ("Rosalind Achterberg, chief executive of Harrowfield Community Trust",
     [a("Rosalind Achterberg", "chief executive", "Harrowfield Community Trust")]),
    ("Dylan Pryce, Founder, Loft Lane Bakeries",
     [a("Dylan Pryce", "Founder", "Loft Lane Bakeries")]),
    ("Tessa Blom, director, adult social services, Northwold County Council",
     [a("Tessa Blom", "director, adult social services", "Northwold County Council")]),
    ("Kofi Boateng, head of policy at the Rural Housing Alliance",
     [a("Kofi Boateng", "head of policy", "Rural Housing Alliance")]),
    ("Cllr Harriet Vane, portfolio holder for children's services, Ashmere District Council",
     [a("Cllr Harriet Vane", "portfolio holder for children's services",
        "Ashmere District Council")]),
    ("Dr J. R. Okafor, consultant nurse, Fenwold NHS Foundation Trust",
     [a("Dr J. R. Okafor", "consultant nurse", "Fenwold NHS Foundation Trust")]),
    ("Ivo Brandt OBE, chair, Tees and Wear Health and Wellbeing Board",
     [a("Ivo Brandt OBE", "chair", "Tees and Wear Health and Wellbeing Board")]),
    ("Hannah Lowe and Sam Oduya, co-founders, Greystone Growers",  # (one role each)
     [a("Hannah Lowe", "co-founder", "Greystone Growers"),
      a("Sam Oduya", "co-founder", "Greystone Growers")]),
    ("Pieter de Vries, Head of Fire Engineering, Calder Hythe Consulting",
     [a("Pieter de Vries", "Head of Fire Engineering", "Calder Hythe Consulting")]),
    ("— Greta Lindqvist, senior lecturer in nursing, University of Eastmoor.",
     [a("Greta Lindqvist", "senior lecturer in nursing", "University of Eastmoor")]),
    ("*Marcus Eze, partner, Fenn and Castell*", [a("Marcus Eze", "partner", "Fenn and Castell")]),
    ("Zoë Lefèvre, chair, Association of Directors of Adult Social Services",
     [a("Zoë Lefèvre", "chair", "Association of Directors of Adult Social Services")]),
    # several signers: a shared organisation, each their own, a list, a role with a place
    ("Alice Carter, partner, and Ben Doyle, associate, Smith Carter LLP",
     [a("Alice Carter", "partner", "Smith Carter LLP"),
      a("Ben Doyle", "associate", "Smith Carter LLP")]),
    ("Jane Lowe, chief executive, Northshire County Council, and Tom Roe, director, Centre "
     "for Place", [a("Jane Lowe", "chief executive", "Northshire County Council"),
                   a("Tom Roe", "director", "Centre for Place")]),
    ("Jane Lowe, retired nurse, and Tom Roe, director, Centre for Place",
     [a("Jane Lowe", "retired nurse"), a("Tom Roe", "director", "Centre for Place")]),
    ("Jane Lowe, chair, Bexford Trust; Tom Roe, retired headteacher; Ann Lee, director, "
     "Fenwold Care", [a("Jane Lowe", "chair", "Bexford Trust"), a("Tom Roe", "retired headteacher"),
                      a("Ann Lee", "director", "Fenwold Care")]),
    ("Harold Benn, retired plant manager", [a("Harold Benn", "retired plant manager")]),
    ("Sarah Keane, locum pharmacist based in West Yorkshire",
     [a("Sarah Keane", "locum pharmacist")]),
    # what stands for an address, or says in what capacity, is neither role nor organisation
    ("Kofi Boateng, chief executive, Rural Housing Alliance, writes in a personal capacity",
     [a("Kofi Boateng", "chief executive", "Rural Housing Alliance")]),
    ("Zoe Marchetti, store manager, Fairdeal Foods, Chelmsford",
     [a("Zoe Marchetti", "store manager", "Fairdeal Foods")]),
    ("Sue Brightman, district nurse, Norwich", [a("Sue Brightman", "district nurse")]),
    ("Bernard Fouquet, gérant de Fouquet Couverture, Angers (Maine-et-Loire)",
     [a("Bernard Fouquet", "gérant", "Fouquet Couverture")]),
    ("Morag Lindsay, headteacher of Inverbrae Academy in Fife",
     [a("Morag Lindsay", "headteacher", "Inverbrae Academy")]),
    ("Philippe Brunel, agriculteur à Toulouse", [a("Philippe Brunel", "agriculteur")]),
    ("Norbert Kessler, Obermeister der Innung für Sanitär-, Heizungs- und Klimatechnik "
     "Lüneburg", [a("Norbert Kessler", "Obermeister",
                    "Innung für Sanitär-, Heizungs- und Klimatechnik Lüneburg")]),
    ("Niamh Gallagher, dairy farmer in County Monaghan", [a("Niamh Gallagher", "dairy farmer")]),
    # negatives
    ("Morwenna Trelawny", []),
    ("Morwenna Trelawny and Idris Vaughan", []),
    ("Rosalind Achterberg, Collaborate", []),
    ("Councils have a unique role in connecting with place.", []),
    ("Rosalind Achterberg, who chairs the committee, said the plan was flawed.", []),
    ("Rosalind Achterberg, chief executive, Harrowfield Community Trust. She has worked in the "
     "sector for twenty years.", []),
    ("Leeds, Bradford, Wakefield and Halifax", []),
    ("New York, Los Angeles and San Francisco", []),
    ("Northern Ireland, Scotland and Wales", []),
    ("Jude Amis, 45, a nurse from Leeds", []),
    ("Where next for the Kelmsworth and Tarn Valley councils?", []),
    ("Kofi Boateng, chief executive, Rural Housing Alliance " + "and partners " * 30, []),
]


@pytest.mark.parametrize("text, expected", SIGNOFFS)
def test_parse_signoff(text, expected):
    assert parse_signoff(text) == expected


# --- parse_endnote ---------------------------------------------------------------------------
ENDNOTES = [
    # the author not named again: the page's one named author gets the description
    ("The author is chief executive of the Mixed Freight Shippers’ Association.",
     [a("", "chief executive", "Mixed Freight Shippers’ Association")]),
    # what they do there, and where, is neither role nor organisation
    ("Orla Brennan is a senior reporter at Fleetwise covering depots and yards. Reach her at x.",
     [a("Orla Brennan", "senior reporter", "Fleetwise")]),
    ("Dana Whitfield is VP of Facilities at Harlow Regional Health System in Columbus, Ohio, "
     "and a former chair of the state society.",
     [a("Dana Whitfield", "VP of Facilities", "Harlow Regional Health System")]),
    ("Dr Rachel Oyelaran is a clinical animal behaviourist at Quayside Referrals, Bristol.",
     [a("Dr Rachel Oyelaran", "clinical animal behaviourist", "Quayside Referrals")]),
    ("Ines Carvalho is head of policy at the Lowland Care Trust",
     [a("Ines Carvalho", "head of policy", "Lowland Care Trust")]),
    ("Ines Carvalho is chief executive of Moorgate Housing Group",
     [a("Ines Carvalho", "chief executive", "Moorgate Housing Group")]),
    ("Ines Carvalho is a consultant nurse", [a("Ines Carvalho", "consultant nurse")]),
    ("Ines Carvalho is director of nursing at Fenwold NHS Foundation Trust and Tobias Kern is "
     "head of estates at Northwold County Council",
     [a("Ines Carvalho", "director of nursing", "Fenwold NHS Foundation Trust"),
      a("Tobias Kern", "head of estates", "Northwold County Council")]),
    ("*Ines Carvalho is head of policy at the Lowland Care Trust*",
     [a("Ines Carvalho", "head of policy", "Lowland Care Trust")]),
    ("Dr Ines Carvalho is senior lecturer in nursing at the University of Eastmoor",
     [a("Dr Ines Carvalho", "senior lecturer in nursing", "University of Eastmoor")]),
    ("Katrin Albers ist Leiterin des Gesundheitsamts beim Landkreis Wesermarschen",
     [a("Katrin Albers", "Leiterin des Gesundheitsamts", "Landkreis Wesermarschen")]),
    ("Marie Dupont est directrice générale de l'Agence régionale de santé Val-de-Loire",
     [a("Marie Dupont", "directrice générale", "Agence régionale de santé Val-de-Loire")]),
    ("Ines Carvalho is chief executive of Moorgate Housing Group. She writes in a personal "
     "capacity.", [a("Ines Carvalho", "chief executive", "Moorgate Housing Group")]),
    ("Ines Carvalho is chief executive of Moorgate Housing Group, which manages 9,000 homes",
     [a("Ines Carvalho", "chief executive", "Moorgate Housing Group")]),
    ("Hannah Lowe and Sam Oduya are co-founders of Greystone Growers",  # (a co-founder each)
     [a("Hannah Lowe", "co-founder", "Greystone Growers"),
      a("Sam Oduya", "co-founder", "Greystone Growers")]),
    ("Ines Carvalho is a former district nurse who now chairs a patients' forum",
     [a("Ines Carvalho", "former district nurse")]),
    # negatives
    ("The council is responsible for adult social care.", []),
    ("Ines Carvalho is right to say the plan is flawed.", []),
    ("Ines Carvalho is leaving the trust next month.", []),
    ("Northwold County Council is the largest employer in the county.", []),
    ("Brexit is the defining issue of the decade.", []),
]


@pytest.mark.parametrize("text, expected", ENDNOTES)
def test_parse_endnote(text, expected):
    assert parse_endnote(text) == expected


# --- parse_signature -------------------------------------------------------------------------
SIGNATURES = [
    (["Robert Thwaite", "Chairman, Lunedale Graziers' Association"],
     [a("Robert Thwaite", "Chairman", "Lunedale Graziers' Association")]),
    (["Robert Thwaite, Kirkby Stanmore, Cumbria"], [a("Robert Thwaite")]),
    (["Agnes Pollitt", "Retired district nurse, Leeds"],
     [a("Agnes Pollitt", "Retired district nurse")]),
    (["Yours faithfully,", "Agnes Pollitt"], [a("Agnes Pollitt")]),
    (["Owain Rees", "Farmer, Upper Wensleydale"], [a("Owain Rees", "Farmer")]),
    (["Cllr Beatrix Holm", "Leader, Northwold County Council"],
     [a("Cllr Beatrix Holm", "Leader", "Northwold County Council")]),
    (["Owain Rees", "Ashby Parva"], [a("Owain Rees")]),
    (["The council said", "Leeds"], []),
    (["Owain Rees", "It is time the minister listened."], []),
]


@pytest.mark.parametrize("lines, expected", SIGNATURES)
def test_parse_signature(lines, expected):
    assert parse_signature(lines) == expected


# --- split_role_organisation -----------------------------------------------------------------
SPLITS = [
    ("director of nursing, Fenwold NHS Foundation Trust",
     ("director of nursing", "Fenwold NHS Foundation Trust")),
    ("chief executive of Harrowfield Community Trust",
     ("chief executive", "Harrowfield Community Trust")),
    ("head of policy at Greystone Growers", ("head of policy", "Greystone Growers")),
    ("Head of Fire Engineering, Calder Hythe Consulting",
     ("Head of Fire Engineering", "Calder Hythe Consulting")),
    ("Fenwold NHS Foundation Trust", (None, "Fenwold NHS Foundation Trust")),
    ("director of nursing", ("director of nursing", None)),
    ("Director of Adult Social Services", ("Director of Adult Social Services", None)),
    ("Special Correspondent", ("Special Correspondent", None)),
    ("professor of nursing at the University of Eastmoor",
     ("professor of nursing", "University of Eastmoor")),
    ("Geschäftsführerin der Altenhilfe Nordheide GmbH",
     ("Geschäftsführerin", "Altenhilfe Nordheide GmbH")),
    ("directrice des soins du centre hospitalier de Rochemaure",
     ("directrice des soins", "centre hospitalier de Rochemaure")),
    # a lower-case noun saying what kind of body follows is not part of its name
    ("directeur du développement de la société Géotechnique Armor",
     ("directeur du développement", "Géotechnique Armor")),
    ("partner at the firm Acme Legal LLP", ("partner", "Acme Legal LLP")),
    ("directeur, Société Générale", ("directeur", "Société Générale")),
    # a county, or a town and its county, after a role says where the writer lives
    ("retired dairy farmer, Hexham, Northumberland", ("retired dairy farmer", None)),
    ("beef farmer, Co Cork", ("beef farmer", None)),
    ("chief executive, Shropshire Council", ("chief executive", "Shropshire Council")),
    ("Leitender Wirtschaftsredakteur", ("Leitender Wirtschaftsredakteur", None)),
    ("Control Room Manager, Kestermoor Fire and Rescue Service",
     ("Control Room Manager", "Kestermoor Fire and Rescue Service")),
    ("Greystone Growers", (None, "Greystone Growers")),
    ("", (None, None)),
]


@pytest.mark.parametrize("text, expected", SPLITS)
def test_split_role_organisation(text, expected):
    assert split_role_organisation(text) == expected


# --- looks_like_name -------------------------------------------------------------------------
NAMES = [
    ("Jane Doe", True),
    ("J. R. Doe", True),
    ("Anne-Marie O'Neill", True),
    ("Ursula von der Leyen", True),
    ("Seán Mac Giolla Phádraig", True),
    ("Dr Rhiannon Yates", True),
    ("Tom Baker", True),
    ("Dean Whitlock", True),
    ("JANE DOE", True),
    ("Andy Street", True),
    ("Harriet Page", True),
    ("Prime Minister Jane Doe", False),
    ("Farming Editor", False),
    ("Key Points", False),
    ("United Kingdom", False),
    ("Jane", False),
    ("jane doe", False),
    ("Chief Executive", False),
    ("West Midlands", False),
    ("Northwold County Council", False),
    ("The Council", False),
    ("Leiterin des Gesundheitsamts", False),
    ("Councils have a unique role", False),
]


@pytest.mark.parametrize("text, expected", NAMES)
def test_looks_like_name(text, expected):
    assert looks_like_name(text) is expected


# --- merge_authors ---------------------------------------------------------------------------
def test_merge_fills_roles_keeps_first_order_and_the_fullest_name():
    """One person's names: the fullest, as signed ("Dr Jane R. Doe", not the byline's "Jane
    Doe"); the order is the first source's."""
    byline = [a("Jane Doe"), a("John Roe")]
    signoff = [a("Dr Jane R. Doe", "director", "Northwold County Council"), a("Ann Poe")]
    assert merge_authors(byline, signoff) == [
        a("Dr Jane R. Doe", "director", "Northwold County Council"), a("John Roe"), a("Ann Poe")]


def test_merge_folds_case_accents_and_titles():
    first = [a("ZOE LEFEVRE")]
    later = [a("Prof Zoë Lefèvre", "chair", "Eastmoor Trust"), a("Cllr Zoe Lefevre", "leader")]
    assert merge_authors(first, later) == [a("Prof Zoë Lefèvre", "chair", "Eastmoor Trust")]


def test_merge_does_not_overwrite_known_fields_and_keeps_a_role_with_its_organisation():
    assert merge_authors([a("Jane Doe", "editor", "Farm Weekly")],
                         [a("Jane Doe", "columnist", "Farm Press")]) == [
        a("Jane Doe", "editor", "Farm Weekly")]
    assert merge_authors([a("Jane Doe", "features editor")],
                         [a("Jane Doe", "editor", "Farm Press")]) == [
        a("Jane Doe", "features editor", "Farm Press")]  # (one role, said more fully first)
    # a role alone, then another held in an organisation: the pair as stated, not a role from
    # one and an organisation from the other ("columnist of Farm Press", said by neither)
    assert merge_authors([a("Jane Doe", "editor")], [a("Jane Doe", "columnist", "Farm Press")]) == [
        a("Jane Doe", "columnist", "Farm Press")]


def test_seed_signoff():
    """The sign-off line of the seed page, verbatim."""
    line = ("Deborah Cadman, chief executive, West Midlands Combined Authority and Henry Kippin, "
            "chief executive, Collaborate ")
    assert parse_signoff(line) == [
        a("Deborah Cadman", "chief executive", "West Midlands Combined Authority"),
        a("Henry Kippin", "chief executive", "Collaborate")]


def test_an_end_note_of_two_people_one_sentence_each():
    assert parse_endnote("Aoife Brennan is director of development at Liffey Homes. Declan "
                         "Whelan is head of finance at Slaney Housing Trust.") == [
        {"name": "Aoife Brennan", "role": "director of development",
         "organisation": "Liffey Homes"},
        {"name": "Declan Whelan", "role": "head of finance",
         "organisation": "Slaney Housing Trust"}]


def test_a_german_guest_byline():
    assert parse_byline("Ein Gastbeitrag von Anna Vogel, Kaufmännische Direktorin der Klinikum "
                        "Westerfeld gGmbH") == [{"name": "Anna Vogel",
                                                 "role": "Kaufmännische Direktorin",
                                                 "organisation": "Klinikum Westerfeld gGmbH"}]


def test_a_letter_signed_the_irish_way_and_a_role_named_for_a_department():
    from pipelines.extract import extract_article

    text = "".join(f"<p>Paragraph {i} of the letter argues that retention payments on public "
                   "contracts should be held in trust, as they are in other jurisdictions.</p>"
                   for i in range(5))
    sign = ("<p>Yours, etc,<br>DECLAN FAHY,<br>Chartered Quantity Surveyor,<br>Fahy &amp; Quinn "
            "Consulting,<br>Athlone,<br>Co Westmeath.</p>")
    html = (f"<html><body><article><h1>Retention money</h1>{text}{sign}</article></body></html>")
    record = extract_article(html, "https://example.ie/letters/retention")
    assert [(a["name"].title(), a["role"], a["organisation"]) for a in record["authors"]] == [
        ("Declan Fahy", "Chartered Quantity Surveyor", "Fahy & Quinn Consulting")]
    assert "Athlone" not in record["body"] and "Yours" not in record["body"]
    assert parse_signoff("Priya Ramaswamy-Hale, Category Director, Dunmore Foods") == [
        a("Priya Ramaswamy-Hale", "Category Director", "Dunmore Foods")]



def test_written_by_in_german_and_six_signers_at_the_end_of_a_letter():
    from pipelines.extract import extract_article

    assert parse_byline("Geschrieben von Gudrun Meinhardt, Innungsmeisterin, Handwerkskammer "
                        "Lüneburg") == [a("Gudrun Meinhardt", "Innungsmeisterin",
                                          "Handwerkskammer Lüneburg")]
    text = "".join(f"<p>Paragraph {i} of the letter argues that the catchment partnership needs "
                   "secure funding for ten years, not one.</p>" for i in range(5))
    signers = [("Ann Lee", "chair", "Tamar Headwaters Trust"),
               ("Tom Roe", "director", "Glanfor Water"),
               ("Jo Marsh", "chief executive", "Wetland Treatment Forum"),
               ("Sam Okafor", "head of policy", "Northfleet Farmers Cooperative")]
    lines = "".join(f"<p>{n}, {r}, {o}</p>" for n, r, o in signers)
    html = f"<html><body><article><h1>Catchments</h1>{text}{lines}</article></body></html>"
    record = extract_article(html, "https://example.org/letters/catchments")
    assert sorted((x["name"], x["role"], x["organisation"]) for x in record["authors"]) == sorted(
        signers)
    assert "Ann Lee" not in record["body"]
