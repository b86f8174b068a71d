"""Shapes from the sixth blind round (setK, setL): signers listed under a "Signed" heading,
one-line signatures below the text, author cards of parts named in Spanish, Spanish dates,
datelines and roles in letters, the fullest form of a name, correction notes. Each as a small
page, so that a change that breaks the shape fails here and not only in the benchmark."""

import json

import pytest

from pipelines.extract import extract_article
from pipelines.extract.boilerplate import boilerplate_kind
from pipelines.extract.bylines import parse_byline
from pipelines.extract.dates import find_date_in_text
from pipelines.extract.endnotes import parse_endnote
from pipelines.extract.page import parse_page
from pipelines.extract.signatures import parse_signature, signer_lists

URL = "https://example.org/opinion/a-piece"
PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of the letter argues that probation caseloads are still far too high "
    f"across the region, and that the promised cap has not been funded by anyone yet.</p>"
    for i in range(6))


def page(inside: str = "", after: str = "", head: str = "", lang: str = "en") -> str:
    return (f"<html lang='{lang}'><head><title>A piece</title>{head}</head><body><main>"
            f"<article><h1>Give probation the cap it was promised</h1><div class='body'>"
            f"{PARAGRAPHS}{inside}</div>{after}</article></main></body></html>")


def people(html: str) -> list[tuple]:
    record = extract_article(html, URL)
    return [(a["name"], a["role"], a["organisation"]) for a in record["authors"]]


def test_signers_listed_under_a_signed_heading():
    signers = ("<div class='signatories'><h3>Signed</h3><ul>"
               "<li>Cllr Janet Ormiston OBE, chair, Northfold Justice Partnership</li>"
               "<li>Dr Paul Ekwueme, chief executive, Second Door Trust</li>"
               "<li>Gavin Rhodes-Tully, director, Wellmeadow Approved Premises</li></ul></div>")
    found, raw = signer_lists(parse_page(page(after=signers)))
    assert [(a["name"], a["role"], a["organisation"]) for a in found] == [
        ("Cllr Janet Ormiston OBE", "chair", "Northfold Justice Partnership"),
        ("Dr Paul Ekwueme", "chief executive", "Second Door Trust"),
        ("Gavin Rhodes-Tully", "director", "Wellmeadow Approved Premises")]


def test_a_one_line_signature_below_the_text_and_a_group_of_signatures():
    one = ("<div class='letter-signoff'><strong>Margaret Oduya-Bellamy</strong>, "
           "Stoke-on-Trent</div>")
    assert people(page(after=one)) == [("Margaret Oduya-Bellamy", None, None)]
    group = ("<div class='signature-group'><span class='md-signature'><a href='/c/1'>Nathan "
             "Hale</a></span> <span class='md-signature'><a href='/e/2'>The Editors of Some "
             "Encyclopaedia</a></span></div>")
    found = people(page(after=group))
    assert ("Nathan Hale", None, None) in found  # each signature read, never glued together
    assert not any("Nathan Hale The" in name or role for name, role, _ in found)


def test_an_author_card_of_parts_named_in_spanish():
    card = ("<div class='firma-autor'><span class='nombre-autor'>Itziar Goikoetxea "
            "Larrañaga</span><span class='cargo-autor'>Secretaria general</span><span "
            "class='entidad-autor'>Federación de Cofradías del Cantábrico</span></div>")
    html = page(lang="es").replace("<div class='body'>", card + "<div class='body'>")
    assert people(html) == [("Itziar Goikoetxea Larrañaga", "Secretaria general",
                             "Federación de Cofradías del Cantábrico")]


@pytest.mark.parametrize("text, iso", [
    ("28 de marzo de 2025", "2025-03-28"),
    ("martes, 4 de febrero de 2025", "2025-02-04"),
    ("Publicado el 2 de abril de 2025", "2025-04-02"),
])
def test_spanish_dates(text, iso):
    assert find_date_in_text(text)[0] == iso


def test_a_letters_dateline_and_a_role_with_a_place_are_not_people():
    assert parse_signature(["Porto Salgueiro, 28 de marzo de 2025", "Manuel Otero Piñeiro",
                            "Patrón mayor", "Cofradía de Pescadores de Porto Salgueiro"]) == [
        {"name": "Manuel Otero Piñeiro", "role": "Patrón mayor",
         "organisation": "Cofradía de Pescadores de Porto Salgueiro"}]
    assert parse_signature(["Hereford, 7 April 2025", "Siobhán Ní Bhriain",
                            "Dental nurse in Cork"]) == [
        {"name": "Siobhán Ní Bhriain", "role": "Dental nurse", "organisation": None}]


def test_the_name_as_signed_wins_over_the_structured_datas_shorter_form():
    head = ('<script type="application/ld+json">' + json.dumps(
        {"@type": "Article", "author": {"@type": "Person", "name": "Marisol Quintero"}})
        + "</script>")
    byline = "<p class='byline'>By Dr. Marisol Quintero, director, Brightwater Advisors LLP</p>"
    html = page(head=head).replace("<div class='body'>", byline + "<div class='body'>")
    assert people(html) == [("Dr. Marisol Quintero", "director", "Brightwater Advisors LLP")]


@pytest.mark.parametrize("line", [
    "Editor's note: This column was updated on Feb. 13, 2025 to correct a figure.",
    "Correction: An earlier version of this article gave the wrong date.",
    "Op-eds reflect the views of their authors.",
    "Mar y Lonja no se hace responsable de las opiniones expresadas en las tribunas.",
    "Los editoriales expresan la posición de Mar y Lonja.",
    "Este contenido es exclusivo para suscriptores",
    "Les courriers sont publiés sous la responsabilité de leurs auteurs.",
])
def test_correction_notes_disclaimers_and_paywall_lines_are_boilerplate(line):
    assert boilerplate_kind(line)


def test_a_date_on_the_page_that_is_not_the_urls_day_is_another_pieces():
    """A list of related posts with their dates, and the piece's own date only in its URL."""
    related = ("<ul class='wp-block-latest-posts'><li><a href='/2025/03/04/x'>Another piece "
               "</a><div class='wp-block-post-date'><time datetime='2025-03-04'>4 mars 2025"
               "</time></div></li></ul>")
    html = page(after=related)
    assert extract_article(html, "https://example.fr/2025/03/11/edito")["published"] == (
        "2025-03-11")
    assert extract_article(html, "https://example.fr/edito")["published"] == "2025-03-04"


def test_the_bylines_people_described_in_one_line_under_it():
    """ "By A, B and C", then one line of "A is X at Y; B is ...": each person's role and
    organisation, and the line is not the article's text."""
    top = ("<p><b>By Owen Pritchard, Sunita Varghese and Lewis Adebayo</b></p><p><i>Owen "
           "Pritchard is lab manager at Cwm Dental Laboratory in Bridgend; Sunita Varghese is "
           "owner of Kelvin Ceramics in Glasgow; Lewis Adebayo is a clinical dental technician "
           "in Leeds.</i></p>")
    html = page().replace("<div class='body'>", "<div class='body'>" + top)
    record = extract_article(html, URL)
    assert [(a["name"], a["role"], a["organisation"]) for a in record["authors"]] == [
        ("Owen Pritchard", "lab manager", "Cwm Dental Laboratory"),
        ("Sunita Varghese", "owner", "Kelvin Ceramics"),
        ("Lewis Adebayo", "clinical dental technician", None)]
    assert "lab manager" not in record["body"]


@pytest.mark.parametrize("line, expected", [
    ("L’édito de Sophie Lanternier, rédactrice en chef",
     [("Sophie Lanternier", "rédactrice en chef", None)]),
    ("Por Itziar Goikoetxea, secretaria general de la Federación de Cofradías",
     [("Itziar Goikoetxea", "secretaria general", "Federación de Cofradías")]),
])
def test_french_and_spanish_byline_openings(line, expected):
    assert [(a["name"], a["role"], a["organisation"]) for a in parse_byline(line)] == expected


def test_vets_letters_after_a_name_and_the_town_after_an_organisation():
    assert [(a["name"], a["role"], a["organisation"]) for a in parse_byline(
        "Words by Dr Sione Latu-Hargreaves BVSc")] == [
        ("Dr Sione Latu-Hargreaves BVSc", None, None)]
    assert [(a["name"], a["role"], a["organisation"]) for a in parse_endnote(
        "Jane Doe MRCVS is clinical director of Tararua Veterinary Partners in Dannevirke.")] == [
        ("Jane Doe MRCVS", "clinical director", "Tararua Veterinary Partners")]


def test_a_piece_as_told_to_a_writer_is_signed_by_both():
    line = "<p><em>Dennis Carrow, retired funeral director, as told to Rachel Okonjo</em></p>"
    html = page().replace("<div class='body'>", "<div class='body'>" + line)
    record = extract_article(html, URL)
    assert [(a["name"], a["role"], a["organisation"]) for a in record["authors"]] == [
        ("Dennis Carrow", "retired funeral director", None), ("Rachel Okonjo", None, None)]
    assert "as told to" not in record["body"]


def test_a_letters_organisation_between_its_role_and_its_address():
    """Whatever its words ("Pyrelia Chimie" has no organisation word), what stands between a
    signer's role and a known address is the organisation; a retired signer has none, and a
    lone small town is still an address."""
    assert parse_signature(["Mathilde Guérin-Abadie", "ingénieure procédés, Pyrelia Chimie, "
                            "Lannemezan (Hautes-Pyrénées)"]) == [
        {"name": "Mathilde Guérin-Abadie", "role": "ingénieure procédés",
         "organisation": "Pyrelia Chimie"}]
    assert parse_signature(["Gareth Pryce", "retired hydrogeologist",
                            "Llandeilo, Carmarthenshire"])[0]["organisation"] is None
    assert parse_signature(["Jane Doe", "Retired nurse, Hexham, Northumberland"])[0][
        "organisation"] is None


def test_signers_each_over_a_name_line_and_a_description_line():
    lines = ["Giovanna Ricci", "presidente di Confcooperative Agroalimentare Puglia",
             "Antonio De Santis", "presidente di Confcooperative Agroalimentare Basilicata"]
    assert [(a["name"], a["role"], a["organisation"]) for a in parse_signature(lines)] == [
        ("Giovanna Ricci", "presidente", "Confcooperative Agroalimentare Puglia"),
        ("Antonio De Santis", "presidente", "Confcooperative Agroalimentare Basilicata")]


def test_names_over_one_shared_description():
    lines = ["Cllr Joan Mayhew", "Dr Samuel Osei", "Trustees, Westfield Natural Burial Trust"]
    assert [(a["name"], a["organisation"]) for a in parse_signature(lines)] == [
        ("Cllr Joan Mayhew", "Westfield Natural Burial Trust"),
        ("Dr Samuel Osei", "Westfield Natural Burial Trust")]


def test_italian_and_french_descriptions():
    assert parse_byline("Marco Bellandi, direttore responsabile, AgroAlimentare Oggi") == [
        {"name": "Marco Bellandi", "role": "direttore responsabile",
         "organisation": "AgroAlimentare Oggi"}]
    # a place in brackets after the organisation is where it is; a trade is not a body
    assert parse_byline("Isabelle Marchetti, directrice générale des services de la communauté "
                        "de communes du Val de Serre (Aisne)")[0]["organisation"] == (
        "communauté de communes du Val de Serre")
    assert parse_byline("Gérard Vasseur, secrétaire de mairie retraité (Cantal)") == [
        {"name": "Gérard Vasseur", "role": "secrétaire de mairie retraité", "organisation": None}]
    assert parse_byline("Jane Doe, director, Northshire County Council (NCC)")[0][
        "organisation"] == "Northshire County Council (NCC)"


def test_letters_after_a_name_no_list_holds():
    from pipelines.extract.bylines import looks_like_name
    from pipelines.extract.names import merge_authors

    assert parse_endnote("Dr Aoife Brennan MPSI is chair of the Western Community Pharmacy "
                         "Network.")[0]["name"] == "Dr Aoife Brennan MPSI"
    assert [a["name"] for a in merge_authors([{"name": "Aoife Brennan", "role": None,
                                               "organisation": None}],
                                             [{"name": "Dr Aoife Brennan MPSI", "role": "chair",
                                               "organisation": None}])] == [
        "Dr Aoife Brennan MPSI"]
    assert not looks_like_name("Brian Truitt USA TODAY")  # a publication, not letters


def test_two_signers_named_in_the_structured_data_too():
    jsonld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
              '"Grano duro", "author": [{"@type": "Person", "name": "Giovanna Ricci"}, '
              '{"@type": "Person", "name": "Antonio De Santis"}]}</script>')
    text = "".join(f"<p>Paragrafo {i}: il prezzo del grano duro resta opaco e le cooperative "
                   "chiedono un osservatorio indipendente sui contratti.</p>" for i in range(5))
    record = extract_article(
        f"<html><head>{jsonld}</head><body><article><h1>Grano duro</h1>{text}"
        "<p class='firma'><strong>Giovanna Ricci</strong><br>presidente di Confcooperative "
        "Puglia</p><p class='firma'><strong>Antonio De Santis</strong><br>presidente di "
        "Confcooperative Basilicata</p></article></body></html>",
        "https://example.it/opinioni/lettere-al-direttore/grano-duro")
    assert sorted((a["name"], a["role"], a["organisation"]) for a in record["authors"]) == [
        ("Antonio De Santis", "presidente", "Confcooperative Basilicata"),
        ("Giovanna Ricci", "presidente", "Confcooperative Puglia")]
    assert "Confcooperative" not in record["body"] and record["genre"] == "letter"


def test_a_byline_set_out_as_a_list_of_credits():
    text = "".join(f"<p>Paragraph {i}: the association now surveys every property before it "
                   "touches a kitchen, and tenants are told what will happen and when.</p>"
                   for i in range(5))
    record = extract_article(
        "<html><body><article><h1>We stopped treating repairs as an afterthought</h1>"
        "<div data-testid='byline'><dl><dt>Words</dt><dd><a href='/a/ho'>Hannah Okafor</a>, "
        "Features editor</dd><dt>Photography</dt><dd>James Whitlock</dd></dl></div>"
        f"{text}</article></body></html>", "https://example.org/interviews/repairs")
    assert [(a["name"], a["role"]) for a in record["authors"]] == [
        ("Hannah Okafor", "Features editor")]


def test_a_pen_name_after_by():
    record = extract_article(
        "<html><body><article><h1>Il vino dealcolato non è un tradimento</h1>"
        "<span class='byline'>di <a href='/author/cincinnato'>Cincinnato</a></span>"
        + "".join(f"<p>Paragrafo {i}: il mercato chiede vini senza alcol e le cantine "
                  "sociali farebbero bene ad ascoltarlo prima degli altri.</p>" for i in range(5))
        + "</article></body></html>", "https://example.it/opinioni/l-opinione/vino")
    assert [a["name"] for a in record["authors"]] == ["Cincinnato"]
    assert record["genre"] == "opinion"


def test_letters_after_a_name_stay_with_it_as_signed():
    assert parse_byline("By Angela Ruiz, DNP, RN, NEA-BC") == [
        {"name": "Angela Ruiz, DNP, RN, NEA-BC", "role": None, "organisation": None}]
    assert parse_byline("Jane Doe, RN, chief nurse, and John Roe, OBE, chair, X Trust") == [
        {"name": "Jane Doe, RN", "role": "chief nurse", "organisation": "X Trust"},
        {"name": "John Roe, OBE", "role": "chair", "organisation": "X Trust"}]
    assert parse_byline("Sandee LaMotte, CNN") == []  # a publication's letters are not hers


def test_an_unmarked_role_line_under_a_plain_byline():
    text = "".join(f"<p>Paragraph {i}: ratios address the number of nurses on a unit and do "
                   "nothing about the shifts we fill the week before.</p>" for i in range(5))
    record = extract_article(
        "<html><body><article><h1>Staffing ratios won't fix what scheduling broke</h1>"
        "<div class='mt-6 py-4'><p class='font-semibold'>By <a href='/c/ar' rel='author'>"
        "Angela Ruiz, DNP, RN, NEA-BC</a></p><p class='text-slate-600'>Chief Nursing Officer, "
        "St. Brendan Regional Medical Center</p><p class='mt-1'>Nov. 3, 2025</p></div>"
        f"{text}</article></body></html>", "https://example.com/opinion/op-eds/ratios")
    assert [(a["name"], a["role"], a["organisation"]) for a in record["authors"]] == [
        ("Angela Ruiz, DNP, RN, NEA-BC", "Chief Nursing Officer",
         "St. Brendan Regional Medical Center")]
    assert "Chief Nursing Officer" not in record["body"]
