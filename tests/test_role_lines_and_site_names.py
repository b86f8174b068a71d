"""Shapes met on the thirty-fifth and thirty-sixth rounds of pages written blind (setAU: Contao,
Optimizely, Wagtail, Serendipity; setAV: Discourse, Jahia, WriteFreely, Lotus Domino): a role
line under a byline in the text, end notes of two people sharing an organisation, letters after
a name of a listed one's shape, a site's name given as its author, masthead credits, Australian
towns without a comma, standfirsts called "chapeau", interviews set out as questions. Each case
is one the extractor read wrongly before its change."""

from test_letters_and_taglines import PARAGRAPHS, a, page

from pipelines.extract import extract_article
from pipelines.extract.bylines import parse_byline
from pipelines.extract.cards import read_bios
from pipelines.extract.endnotes import parse_endnote
from pipelines.extract.places import is_address_line
from pipelines.extract.signatures import parse_signature
from pipelines.extract.text import clean_paragraphs

LONG = ("Every council I know has a cupboard of sensors that a grant bought and nobody can "
        "afford to run, and the bill for years two to ten lands on the general fund.")


def test_two_people_described_in_one_sentence_share_the_organisation_named_last():
    note = ("Priya Raman is director of estates and facilities and Tom Ecker is head of "
            "sustainability at Northmoor Hospitals NHS Foundation Trust.")
    trust = "Northmoor Hospitals NHS Foundation Trust"
    assert parse_endnote(note) == [a("Priya Raman", "director of estates and facilities", trust),
                                   a("Tom Ecker", "head of sustainability", trust)]


def test_a_second_role_in_a_body_not_named_ends_the_description():
    note = ("Theresa Holler ist Vorsitzende der Sektion Verkehr der Kammer der Ingenieure "
            "Donau-Alpen und Gesellschafterin eines Ingenieurbüros in Steyr.")
    assert parse_endnote(note) == [a("Theresa Holler", "Vorsitzende der Sektion Verkehr",
                                     "Kammer der Ingenieure Donau-Alpen")]


def test_a_cards_name_with_letters_of_a_listed_ones_shape_over_its_role_line():
    found, _ = read_bios(["Marie Okafor, RN, BScN",
                          "President, Local 214, Registered Nurses' Union of Ontario"])
    assert found == [a("Marie Okafor, RN, BScN", "President, Local 214",
                       "Registered Nurses' Union of Ontario")]  # (whose union, not a role)


def test_a_byline_in_the_text_takes_the_role_line_under_it_and_its_bio_is_cut():
    lines = ["By Dana Whitfield", "Chief Information Officer, City of Cedar Bluff", LONG, LONG,
             "Dana Whitfield has led Cedar Bluff's IT department since 2019."]
    body, bylined, _, raw = clean_paragraphs(lines, "Stop buying pilots", None, set())
    assert bylined == [a("Dana Whitfield", "Chief Information Officer", "City of Cedar Bluff")]
    assert body == [LONG, LONG]
    assert "Chief Information Officer" in raw and "has led" in raw


def test_a_role_named_for_what_it_looks_after_and_a_town_with_its_state_unpunctuated():
    assert parse_byline("Kevin Dunn, Network and Security Administrator, Town of Larkspur") == [
        a("Kevin Dunn", "Network and Security Administrator", "Town of Larkspur")]
    assert parse_signature(["John Ashdown", "Track Maintenance Supervisor",
                            "Pacific Coast Rail Maintenance", "Grafton NSW"]) == [
        a("John Ashdown", "Track Maintenance Supervisor", "Pacific Coast Rail Maintenance")]
    assert is_address_line("Kurri Kurri NSW") and is_address_line("Ballarat Vic")
    assert not is_address_line("Mary Sutton")  # (a name whose surname is a town's is a name)


def test_a_card_sign_off_then_another_sentence_and_the_firms_town():
    assert parse_byline("Anne Perrin, avocate associée, Étude Perrin Gindrat, Genève. "
                        "Médiatrice FSA.") == [a("Anne Perrin", "avocate associée",
                                                 "Étude Perrin Gindrat")]
    assert parse_byline("Ben Johns, Sr. Director of Operations, Atlas Van Lines") == [
        a("Ben Johns", "Sr. Director of Operations", "Atlas Van Lines")]


def test_names_with_a_degree_after_them_in_a_joint_byline():
    assert [p["name"] for p in parse_byline(
        "By Dr Graham Petra FIEAust CPEng, Katrin Vogel Dipl.-Ing. and Sam Lough")] == [
        "Dr Graham Petra FIEAust CPEng", "Katrin Vogel Dipl.-Ing", "Sam Lough"]


def test_an_end_note_of_two_sentences_before_a_disclaimer_is_read_whole():
    note = ("<p><i>Graham Petra is principal track engineer at Meridian Rail Consulting. Sam "
            "Lough is a graduate engineer with Westline Freight Services. The views expressed "
            "are their own.</i></p>")
    record = extract_article(page(note), "https://example.org.au/bulletin/gauge")
    assert record["authors"] == [
        a("Graham Petra", "principal track engineer", "Meridian Rail Consulting"),
        a("Sam Lough", "graduate engineer", "Westline Freight Services")]
    assert "views expressed" not in record["body"]


def test_the_sites_name_is_no_author_beside_the_one_who_writes_it():
    head = ("<meta name='author' content='Counter Culture'>"
            "<meta property='og:site_name' content='Counter Culture'>"
            '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Fees '
            'ignore the work", "author": {"@type": "Person", "name": "The Night Till"}}'
            "</script>")
    record = extract_article(page(head=head), "https://counter.example.co.uk/fees")
    assert record["authors"] == [a("The Night Till")]
    signed = ("<p>Tom Hargreaves</p><p>Retired wholesaler</p><p>Keighley</p>")
    record = extract_article(page(signed, head="<meta name='author' content='Counter Culture'>")
                             .replace("<title>Fees ignore the work",
                                      "<title>Fees ignore the work — Counter Culture"),
                             "https://counter.example.co.uk/letters/fees")
    assert record["authors"] == [a("Tom Hargreaves", "Retired wholesaler")]


def test_an_editors_guest_note_a_masthead_credit_and_a_known_name_over_the_text():
    lines = ["Guest post. Counter Culture occasionally hands the column over to a guest.", LONG]
    assert clean_paragraphs(lines, None, None, set())[0] == [LONG]
    lines = ["Prof. Ian Callan, President",
             "Friday 12 August 2005 · Track Circuit is edited by Helen Marsh", LONG, LONG]
    body, bylined, _, _ = clean_paragraphs(lines, None, None, {"ian callan"})
    assert body == [LONG, LONG]
    assert bylined == [a("Prof. Ian Callan", "President")]


def test_a_standfirst_called_chapeau_and_not_a_teasers_meta_line():
    html = ("<html lang='fr'><body><article><h1>Médiation obligatoire : une fausse bonne "
            "idée</h1><div class='art__chapeau'><p>Le projet veut imposer une médiation "
            f"préalable. Deux praticiens mettent en garde.</p></div>{PARAGRAPHS}</article>"
            "<ul><li><a href='/x'>Autre tribune</a><span class='teaser__meta'>Me Olivier "
            "Besson · 12.09.2025</span></li></ul></body></html>")
    record = extract_article(html, "https://example.ch/fr/bulletin/mediation")
    assert record["standfirst"].startswith("Le projet veut imposer")


def test_dublin_cores_letter_type_and_interviews_by_their_section_or_their_questions():
    letter = page(head="<meta name='DC.Type' content='Letter'>")
    assert extract_article(letter, "https://example.org/bulletin/sleepers")["genre"] == "letter"
    plone = page(head="<meta name='DC.type' content='News Item'>")
    assert extract_article(plone, "https://example.org/bulletin/sleepers")["genre"] != "news"
    section = extract_article(page(), "https://example.ch/fr/bulletin/entretiens/batonniere")
    assert section["genre"] == "other"
    turns = "".join(f"<p>Question {i} about the profession, what comes next?</p><p>Answer {i}: "
                    f"the profession has to change, and the Order with it.</p>" for i in range(6))
    record = extract_article(page().replace(PARAGRAPHS, turns), "https://example.org/x")
    assert record["genre"] == "other"


def test_the_headline_the_title_gives_whole_when_the_page_prints_it_with_its_label():
    html = ("<html><head><title>From the President: Who will sign off the track? - Track "
            "Circuit - APWSES</title></head><body><table><tr><td><b>FROM THE PRESIDENT</b><br>"
            "<font size='5'><b>From the President: Who will sign off the track?</b></font>"
            f"{PARAGRAPHS}</td></tr></table></body></html>")
    record = extract_article(html, "https://example.org.au/bulletin.nsf/x?OpenDocument")
    assert record["title"] == "From the President: Who will sign off the track?"


def test_a_wiki_pages_record_of_its_editors_names_no_authors():
    record_line = ("<p class='page-metadata'>Created by <span class='author'><a class='url fn' "
                   "href='/~h'>Hannah Loader</a></span>, last modified by <span class='author'>"
                   "<a class='url fn' href='/~s'>Sam Wu</a></span></p>")
    html = page(byline=record_line + "<p class='byline'>By Mereana Pohatu</p>")
    assert [p["name"] for p in extract_article(html, "https://example.org.nz/x")["authors"]] == [
        "Mereana Pohatu"]


def test_a_newsletters_editor_beside_the_guest_who_signs_and_her_notes_around_the_piece():
    head = ('<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Fees '
            'ignore the work", "author": {"@type": "Person", "name": "Renee Castellano"}}'
            "</script>")
    header = ("<div class='masthead'><p>A weekly letter for managers. Edited by Renee "
              "Castellano.</p></div>")
    note = ("<p><em>Every other week we hand this space to someone running a credit union. "
            "— Renee</em></p>")
    signed = ("<p>Marcus Delgado, Chief Lending Officer, Prairie Hearth Credit Union</p><p>Want "
              "to write a guest column? Reply to this email with a pitch.</p>")
    html = page(signed, head=head, byline=note).replace("<body>", "<body>" + header)
    record = extract_article(html, "https://buttondown.example/archive/fees")
    assert record["authors"] == [a("Marcus Delgado", "Chief Lending Officer",
                                   "Prairie Hearth Credit Union")]
    assert "hand this space" not in record["body"] and "guest column" not in record["body"]


def test_a_french_end_notes_second_role_after_the_first_ones_organisation():
    note = ("Claire Favre est directrice générale de la Régie des remontées de Valcombe (Savoie) "
            "et vice-présidente de la commission environnement de l'Union des exploitants.")
    assert parse_endnote(note) == [a("Claire Favre", "directrice générale",
                                     "Régie des remontées de Valcombe")]


def test_a_role_line_that_repeats_the_name_is_no_role():
    byline = ("<div class='post-hero'><span class='post-hero__author'>Lisa Pham</span>"
              "<span class='author-title'>Lisa Pham</span></div>")
    record = extract_article(page(byline=byline), "https://example.com/academy/x")
    assert record["authors"] == [a("Lisa Pham")]
