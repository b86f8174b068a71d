"""Bylines in Dutch and Portuguese, addresses in American, Australian and British signatures,
and the shapes met on the eighth round of pages written blind (setO, setP): each case is one
the extractor read wrongly before its change."""

import pytest

from pipelines.extract import extract_article
from pipelines.extract.authors import visible_authors
from pipelines.extract.boilerplate import boilerplate_kind, is_boilerplate_element
from pipelines.extract.bylines import (
    looks_like_name,
    parse_byline,
    parse_signer_list,
    parse_signoff,
    split_role_organisation,
)
from pipelines.extract.cards import read_bios
from pipelines.extract.classify import genre_of
from pipelines.extract.endnotes import parse_endnote
from pipelines.extract.metadata import Metadata
from pipelines.extract.names import merge_authors
from pipelines.extract.page import parse_page
from pipelines.extract.places import is_address, without_address
from pipelines.extract.signatures import parse_signature


def a(name, role=None, organisation=None):
    return {"name": name, "role": role, "organisation": organisation}


@pytest.mark.parametrize("text, expected", [
    ("Marieke van den Berg is verpleegkundig specialist ouderenzorg bij Zorggroep Rivierenland "
     "in Tiel en schrijft maandelijks een column voor Zorgvak Verpleging.",
     [a("Marieke van den Berg", "verpleegkundig specialist ouderenzorg",
        "Zorggroep Rivierenland")]),
    # two clauses joined by "e", one firm named with commas after "do escritório": both theirs
    ("Fernanda Lopes Mendonça é sócia e Gustavo Henrique Prado é advogado associado do "
     "escritório Prado, Mendonça & Ribeiro Advogados, especializado em direito do agronegócio, "
     "em Goiânia (GO).",
     [a("Fernanda Lopes Mendonça", "sócia", "Prado, Mendonça & Ribeiro Advogados"),
      a("Gustavo Henrique Prado", "advogado associado", "Prado, Mendonça & Ribeiro Advogados")]),
    ("Dr Helena Marchetti-Brunner FCII is chief underwriting officer, property and specialty, "
     "at Albula Re in Zurich.",
     [a("Dr Helena Marchetti-Brunner FCII", "chief underwriting officer, property and specialty",
        "Albula Re")]),
])
def test_end_notes_in_dutch_portuguese_and_with_an_organisation_after_at(text, expected):
    assert parse_endnote(text) == expected


def test_an_end_note_under_a_pen_name_the_byline_gave():
    note = "The Sceptical Auditor is an audit partner at a top-20 UK firm."
    assert parse_endnote(note) == []  # no person's name...
    assert parse_endnote(note, {"the sceptical auditor"}) == [  # ...but the page's author
        a("The Sceptical Auditor", "audit partner")]


@pytest.mark.parametrize("text, expected", [
    ("Dana Whitcomb, Whitcomb Heating & Air, Dayton, Ohio",
     [a("Dana Whitcomb", None, "Whitcomb Heating & Air")]),
    ("Luis Echeverría, owner, Echeverría Plumbing & Drain, Las Cruces, N.M.",
     [a("Luis Echeverría", "owner", "Echeverría Plumbing & Drain")]),
    ("Beth Ann Krol, service manager, Krol Brothers Mechanical, Erie, Pa.",
     [a("Beth Ann Krol", "service manager", "Krol Brothers Mechanical")]),
    ("Renata Galloway, Editor-in-Chief", [a("Renata Galloway", "Editor-in-Chief")]),
    ("Joke Hermans, voorzitter, en Ruud Kramer, secretaris, Cliëntenraad Zorgcentrum De Linde, "
     "Apeldoorn", [a("Joke Hermans", "voorzitter", "Cliëntenraad Zorgcentrum De Linde"),
                   a("Ruud Kramer", "secretaris", "Cliëntenraad Zorgcentrum De Linde")]),
    # retired: the town after the role is where they live, known town or not
    ("Anton Verschuur, gepensioneerd wijkverpleegkundige, Twello",
     [a("Anton Verschuur", "gepensioneerd wijkverpleegkundige")]),
])
def test_sign_offs_with_american_dutch_and_retired_signers(text, expected):
    assert parse_signoff(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Guest post by Anjali Raghunathan, vice-president, delivery excellence, Kaveri Infotech",
     [a("Anjali Raghunathan", "vice-president, delivery excellence", "Kaveri Infotech")]),
    ("Por Juliana Castro, de Brasília", [a("Juliana Castro")]),  # where it was filed from
    ("By Dr Sipho Dlamini Pr Eng, Chief Executive Officer, Highveld Minerals Council",
     [a("Dr Sipho Dlamini Pr Eng", "Chief Executive Officer", "Highveld Minerals Council")]),
])
def test_bylines_with_a_guest_label_a_place_and_a_registration(text, expected):
    assert parse_byline(text) == expected


def test_a_registration_after_a_name_is_one_person_with_the_bare_name():
    merged = merge_authors([a("Dr Sipho Dlamini Pr Eng")], [a("Sipho Dlamini", "CEO")])
    assert merged == [a("Dr Sipho Dlamini Pr Eng", "CEO")]


def test_two_signers_on_the_first_line_of_a_signature_share_the_firm_below():
    lines = ["Philippa Ashdown-Vane, Partner, and Rahul Chaudhry, Associate,",
             "Threlkeld Ashdown LLP,", "London EC3, UK"]
    firm = "Threlkeld Ashdown LLP"
    assert parse_signature(lines) == [a("Philippa Ashdown-Vane", "Partner", firm),
                                      a("Rahul Chaudhry", "Associate", firm)]
    assert not looks_like_name("Threlkeld Ashdown LLP")  # capitals that are a firm's, not letters


@pytest.mark.parametrize("place", ["Dubbo, NSW", "London EC3", "Erie, Pa.", "UK", "Dayton",
                                   "Apeldoorn", "Goiânia (GO)", "Gauteng"])
def test_towns_states_and_postcode_districts_are_addresses(place):
    assert all(is_address(part.strip()) for part in place.split(","))


def test_an_organisation_keeps_its_own_short_name_in_brackets():
    assert without_address("Cooperativa Agroindustrial Vale do Paranapanema (Coopervale)") == (
        "Cooperativa Agroindustrial Vale do Paranapanema (Coopervale)")
    assert without_address("Coopérative funéraire Atlantique (Nantes)") == (
        "Coopérative funéraire Atlantique")  # a town in brackets is where it is


def test_a_role_then_where_they_are_based():
    assert split_role_organisation(
        "Repórter de crédito rural e política agrícola do Campo & Negócio, baseada em Brasília"
    ) == ("Repórter de crédito rural e política agrícola", "Campo & Negócio")


def test_an_author_card_of_a_name_over_its_role_line():
    found, raw = read_bios(["Nomvula Zulu", "Head of Energy Transition, Karoo Renewable Partners"])
    assert found == [a("Nomvula Zulu", "Head of Energy Transition", "Karoo Renewable Partners")]
    assert raw == ["Nomvula Zulu, Head of Energy Transition, Karoo Renewable Partners"]
    assert read_bios(["Ideas ContributorTwitter", "Ideas Contributor"]) == ([], [])


@pytest.mark.parametrize("line, kind", [
    ("Print this page Email to a mate Share on Facebook", "share_bar"),
    ("Leestijd: 4 minuten", "reading_time"),
    ("Tempo de leitura: 2 minutos", "reading_time"),
    ("Os artigos assinados são de responsabilidade de seus autores e não refletem "
     "necessariamente a opinião do Campo & Negócio.", "disclaimer"),
    ("Correction, 24 March 2025: An earlier version of this article gave the wrong figure.",
     "furniture"),
    ("Create an account to read the full story.", "newsletter"),
])
def test_boilerplate_lines_in_dutch_portuguese_and_english(line, kind):
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize("url, genre", [
    ("https://example.com/dishwashers/features/best-of-2025", "other"),
    ("https://example.com/en/analysis/2025/swiss-cantonal-pools.html", "other"),
    ("https://example.com/blog/learn/data-analysis-tools.html", "opinion"),  # a topic, not a genre
    ("https://example.com.br/opiniao/artigo-governanca", "opinion"),
    ("https://example.nl/opinie/slimme-roosters-in-de-wijk", "opinion"),
])
def test_genre_words_for_features_analysis_and_new_languages(url, genre):
    tree = parse_page("<html><body><h1>T</h1><p>x</p></body></html>")
    assert genre_of(url, Metadata(), "T", tree, []) == genre


PAGE = """<html><head><title>Parametric covers</title></head><body>
<div class="cookie"><p>{cookie}</p></div>
<main><header><h1>Parametric covers need clearer basis-risk disclosure</h1>
<p data-v-1>By <a href="/authors/lerato-khumalo">Lerato Khumalo</a> and
 <a href="/authors/pieter-van-wyk">Pieter van Wyk</a></p>
<section class="m-teaser-list"><h2>More letters</h2><article class="m-teaser">
<h3><a href="/letters/other">Lloyd's oversight costs fall hardest on small syndicates</a></h3>
<p class="m-teaser__meta">Letters · From Gerald Ormsby-Kerr · 2 April 2025, a reader's note</p>
</article></section></header>
<div class="body">{paragraphs}</div></main></body></html>"""


def test_a_byline_under_the_headline_below_a_long_cookie_banner_and_no_teaser_standfirst():
    page = PAGE.format(cookie="We use cookies and similar technologies to run this site, " * 5,
                       paragraphs="".join(f"<p>{'Payment within days is a genuine advance. ' * 8}"
                                          f"Paragraph {i}.</p>" for i in range(6)))
    record = extract_article(page, "https://www.example.com/en/comment/letters/parametric")
    assert [x["name"] for x in record["authors"]] == ["Lerato Khumalo", "Pieter van Wyk"]
    assert record["standfirst"] is None  # not another piece's card's line


def test_a_plain_byline_that_runs_on_to_its_date_line():
    page = ("<html><body><h1>Entretenir nos ponts avant de devoir les reconstruire</h1>"
            "<div>Par <b>Nathalie Verhaegen</b>, directrice des infrastructures, Intercommunale "
            "Hesbaye-Condroz<br><span>Publié le 24/04/2025 à 06:30 | <a href='#r'>Réagir (2)"
            "</a></span></div><div id='texte'>"
            + "".join(f"<p>{'Chaque fois qu’un pont est fermé, la même scène se répète. ' * 6}"
                      f"Paragraphe {i}.</p>" for i in range(6)) + "</div></body></html>")
    record = extract_article(page, "https://www.example.be/cartes-blanches/ponts")
    assert record["authors"] == [a("Nathalie Verhaegen", "directrice des infrastructures",
                                   "Intercommunale Hesbaye-Condroz")]


# --- the ninth round (setQ, setR) -------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Independent TD for Cork South-West", ("Independent TD for Cork South-West", None)),
    ("MP for Hexham", ("MP for Hexham", None)),  # a constituency, not an organisation
    ("director de Regulación y Mercados de Eólica Cantábrica",
     ("director de Regulación y Mercados", "Eólica Cantábrica")),
    ("directora de Comunicación de la Universidad de Sevilla",
     ("directora de Comunicación", "Universidad de Sevilla")),
    ("head of policy of the Royal Society of Chemistry",
     ("head of policy", "Royal Society of Chemistry")),
    ("Directora de Energía & Red desde 2019", ("Directora", "Energía & Red")),
])
def test_constituencies_departments_before_the_company_and_since_when(text, expected):
    assert split_role_organisation(text) == expected


def test_american_and_irish_letters_after_names_and_a_retired_judge():
    assert parse_byline("By Margaret A. Delvecchio, Esq., partner, and Raymond T. Oyelaran, "
                        "Esq., associate, Harrow Finch & Stoll LLP") == [
        a("Margaret A. Delvecchio, Esq", "partner", "Harrow Finch & Stoll LLP"),
        a("Raymond T. Oyelaran, Esq", "associate", "Harrow Finch & Stoll LLP")]
    assert parse_signature(["Hon. Walter J. Przybylski (Ret.)",
                            "Former President Judge, Court of Common Pleas of Crawford County",
                            "Meadville"]) == [
        a("Hon. Walter J. Przybylski (Ret.)", "Former President Judge",
          "Court of Common Pleas of Crawford County")]
    assert parse_endnote("Kirsty Macleod RVN CertVNECC is clinical coach lead at Harbourside "
                         "Veterinary Referrals, Aberdeen.") == [
        a("Kirsty Macleod RVN CertVNECC", "clinical coach lead",
          "Harbourside Veterinary Referrals")]
    assert parse_endnote("Siobhán Ní Bhriain TD is an Independent TD for Cork South-West.") == [
        a("Siobhán Ní Bhriain TD", "Independent TD for Cork South-West")]


def test_a_small_town_before_its_county_is_an_address():
    assert without_address("Drumlin Vale Co-operative Society, Ballyjamesduff, Co Cavan") == (
        "Drumlin Vale Co-operative Society")


def test_a_second_surname_is_one_person_a_role_after_the_name_is_not():
    assert merge_authors([a("Elena Arrieta")], [a("Elena Arrieta Somoza", "Directora")]) == [
        a("Elena Arrieta Somoza", "Directora")]
    assert merge_authors([a("Elena Arrieta")], [a("Elena Arrieta Somoza")],  # (the fuller name
                         [a("Elena Arrieta Somoza")]) == [a("Elena Arrieta Somoza")]  # is kept)
    assert merge_authors([a("Ulrich Exner")], [a("Ulrich Exner Korrespondent")]) == [
        a("Ulrich Exner"), a("Ulrich Exner Korrespondent")]  # a role word is no surname
    assert merge_authors([a("Ryan Devereaux")], [a("Ryan Devereaux Ryan")]) == [
        a("Ryan Devereaux"), a("Ryan Devereaux Ryan")]  # a repeat is no second surname


def test_a_signature_set_over_lines_is_read_line_by_line():
    found, raw = visible_authors(["Priya Raman\nTe Puke"], [])
    assert found == [a("Priya Raman")] and raw == ["Priya Raman / Te Puke"]
    assert visible_authors(["Par\nSophie Martin, directrice des finances"], [])[0] == [
        a("Sophie Martin", "directrice des finances")]


@pytest.mark.parametrize("line, kind", [
    ("This is a guest post. If you would like to write for the Journal, read our guidelines.",
     "furniture"),
    ("Comments on the President's Page may be sent to president@keystonebar.org.", "furniture"),
    ("— E.V.W.", "furniture"),
    ("Digital: €2 for your first month, then €12.99 a month", "newsletter"),
    ("Letters should be under 300 words and include your full name and town.", "furniture"),
    ("Our View is the editorial opinion of Canopy & Crop.", "disclaimer"),
    ("Las opiniones expresadas en esta tribuna son responsabilidad exclusiva de su autor.",
     "disclaimer"),
])
def test_boilerplate_of_the_ninth_round(line, kind):
    assert boilerplate_kind(line) == kind


def test_a_price_in_a_review_is_text():
    assert boilerplate_kind("It's not exactly cheap at $83 per month, but it offers a broad mix "
                            "of the local stations.") is None


ARTICLE = """<html><head><title>T</title>{meta}</head><body><h1>{title}</h1>{top}
<div id="text">{paragraphs}</div>{bottom}</body></html>"""
SENTENCE = "The proposed statewide electronic filing mandate deserves a closer look. "
PARAS = "".join(f"<p>{SENTENCE * 5}Paragraph {i}.</p>" for i in range(6))


def test_a_role_line_beside_a_byline_across_a_line_break_and_no_photographer_credit():
    page = ARTICLE.format(
        meta="", title="Of Counsel should mean something",
        top=('<figure><img src="a.jpg"><figcaption>A court. <span class="author">Gustavo '
             'Valiente / Europa Press</span></figcaption></figure>'
             '<span class="byline">Eleanor V. Whitcomb, J.D.</span><br>'
             '<span class="dateline">President, Keystone Bar Association</span><br>'),
        paragraphs=PARAS, bottom="")
    record = extract_article(page, "http://www.example.org/lpq/article.cfm?ArticleID=1211")
    assert record["authors"] == [a("Eleanor V. Whitcomb, J.D.", "President",
                                   "Keystone Bar Association")]


def test_a_letter_is_told_by_its_greeting_which_is_not_its_text():
    page = ARTICLE.format(meta="", title="Mandatory e-filing", top="",
                          paragraphs="<p>To the Editor:</p>" + PARAS, bottom="")
    record = extract_article(page, "http://www.example.org/lpq/article.cfm?ArticleID=1203")
    assert record["genre"] == "letter"
    assert not record["body"].startswith("To the Editor")


def test_a_ghost_primary_tag_tells_a_feature():
    news = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "N"}</script>'
    page = ARTICLE.format(meta=news + '<meta property="article:tag" content="Features">',
                          title="Night landings", top="", paragraphs=PARAS, bottom="")
    assert extract_article(page, "https://www.example.scot/night-landings/")["genre"] == "other"
    untagged = ARTICLE.format(meta=news, title="Night landings", top="", paragraphs=PARAS,
                              bottom="")
    assert extract_article(untagged, "https://www.example.scot/night-landings/")["genre"] == (
        "news")


# --- the tenth round (setS, setT) -------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("presidente del Consorzio Tutela Vini Colli Aretini",  # "del" a word, not "de" + "l..."
     ("presidente", "Consorzio Tutela Vini Colli Aretini")),
    ("Inhaberin der Linden-Apotheke", ("Inhaberin", "Linden-Apotheke")),
    ("Fachapothekerin für Klinische Pharmazie, Städtisches Klinikum Neumünster",
     ("Fachapothekerin für Klinische Pharmazie", "Städtisches Klinikum Neumünster")),
    ("Editor-in-Chief, jkowalski@fleetopstoday.com", ("Editor-in-Chief", None)),
])
def test_italian_and_german_organisations_and_no_address_for_an_organisation(text, expected):
    assert split_role_organisation(text) == expected


def test_french_names_with_an_article_before_the_title_and_italian_written_by():
    assert parse_byline("Par le Pr Antoine Lemaire, chef du service de biochimie, et le Dr "
                        "Sophie Garnier, praticien hospitalier, CHU de Nantes") == [
        a("Pr Antoine Lemaire", "chef du service de biochimie", "CHU de Nantes"),
        a("Dr Sophie Garnier", "praticien hospitalier", "CHU de Nantes")]
    assert parse_byline("Scritto da Giuseppe Ranieri") == [a("Giuseppe Ranieri")]


@pytest.mark.parametrize("line, kind", [
    ("Lesen Sie weiter mit OH+", "newsletter"),
    ("Der vollständige Artikel ist Abonnentinnen und Abonnenten vorbehalten.", "newsletter"),
    ("Jetzt 4 Wochen für 1 € testen", "newsletter"),
    ("Je m'abonne", "newsletter"),
    ("Compiled by Tessa Brandt, letters editor.", "credit"),
    ("Letters of up to 400 words should be sent to letters@example.com", "furniture"),
    ("Le lettere vanno inviate a lettere@example.it e non devono superare 2.000 battute.",
     "furniture"),
    ("Rettifica del 17/07/2025: in una prima versione di questo articolo la data era errata.",
     "furniture"),
    ("Les auteurs déclarent n'avoir aucun lien d'intérêts en rapport avec cet article.",
     "disclaimer"),
])
def test_boilerplate_of_the_tenth_round(line, kind):
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize("names, dropped", [
    ("rightcol", True), ("sidebar", True), ("col right-rail", True),
    ("sidebar-grid__content article__content", False),  # a layout grid holding the article
    ("blog-article__main sidebar-enabled--false", False),
])
def test_a_column_beside_the_text_is_boilerplate_only_when_named_so_whole(names, dropped):
    assert is_boilerplate_element(parse_page(
        f'<html><body><div class="{names}"><p>x</p></div></body></html>').find(".//div")) is dropped


def test_an_old_layouts_most_popular_table_gives_no_authors():
    cells = "".join(f'<tr><td><a href="/news/{i}">Diesel average up four cents as refinery '
                    f'outages bite {i}</a><br><span class="byline_sm">By Denise Hartwell | '
                    f'2/{i}/2025</span></td></tr>' for i in range(1, 5))
    page = ARTICLE.format(meta="", title="Cameras in the cab", top="", paragraphs=PARAS,
                          bottom=f'<div class="rbox"><table>{cells}</table></div>')
    assert extract_article(page, "https://www.example.com/columns/2025/02/cameras")[
        "authors"] == []


# --- the eleventh round (setU, setV) ----------------------------------------------------------

def test_indian_and_american_letters_after_a_name_and_a_town_after_an_organisation():
    assert looks_like_name("Er. S. Venkataraman") and looks_like_name("Shri Mohan Lal Gupta")
    assert parse_endnote("Dale R. Whitcomb, P.E., is county engineer and public works director "
                         "for Harlan County, Ohio.") == [
        a("Dale R. Whitcomb, P.E.", "county engineer and public works director", "Harlan County")]
    assert parse_signoff("Priya Natarajan, chair, and Gareth Lowe, secretary, Eastmoor Local "
                         "Pharmaceutical Committee, Harford") == [
        a("Priya Natarajan", "chair", "Eastmoor Local Pharmaceutical Committee"),
        a("Gareth Lowe", "secretary", "Eastmoor Local Pharmaceutical Committee")]


def test_special_to_a_publication_is_no_organisation_and_dutch_signers_are_listed():
    assert parse_byline("By Dr. Marie-Claude Tremblay, Special to Ward & Policy") == [
        a("Dr. Marie-Claude Tremblay")]
    assert parse_signer_list("Ondertekend door: Marloes de Groot, directeur-bestuurder, "
                             "Woonstichting Twentezicht") == [
        a("Marloes de Groot", "directeur-bestuurder", "Woonstichting Twentezicht")]


def test_a_themes_related_stories_are_other_pieces():
    cards = "".join(f'<article class="post"><h3 class="entry-title"><a href="/2025/{i}/">'
                    f'Snowplow driver shortage eases as counties raise pay {i}</a></h3><span '
                    f'class="byline">By <span class="author vcard"><a class="url fn n" '
                    f'href="/author/t{i}/">Tamsin Greer</a></span></span></article>'
                    for i in range(3))
    page = ARTICLE.format(meta="", title="Stormwater fees are fair", top="", paragraphs=PARAS,
                          bottom=f'<div class="related"><h2>Related stories</h2>{cards}</div>')
    assert extract_article(page, "https://www.example.com/2025/04/stormwater-fees/")[
        "authors"] == []


@pytest.mark.parametrize("line, kind", [
    ("Ingezonden stukken vallen buiten de verantwoordelijkheid van de redactie.", "disclaimer"),
    ("Correctie 31 oktober: in een eerdere versie stond een verkeerd bedrag.", "furniture"),
    ("This editorial represents the view of the County Works Quarterly editorial board.",
     "disclaimer"),
])
def test_boilerplate_of_the_eleventh_round(line, kind):
    assert boilerplate_kind(line) == kind
