"""Bylines in Dutch and Portuguese, addresses in American, Australian and British signatures,
and the shapes met on the eighth round of pages written blind (setO, setP): each case is one
the extractor read wrongly before its change."""

import pytest

from pipelines.extract import extract_article
from pipelines.extract.boilerplate import boilerplate_kind
from pipelines.extract.bylines import (
    looks_like_name,
    parse_byline,
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
