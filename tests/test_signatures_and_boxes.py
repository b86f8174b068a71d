"""Shapes met on the twelfth round of pages written blind (setW, setX): two signers on one line
sharing the organisation below, roles in title case or sentence case, author boxes without
paragraphs, a structured job title that names the employer, the notes a letters page sets
under a letter. Each case is one the extractor read wrongly before its change."""

import json

import pytest

from pipelines.extract import extract_article
from pipelines.extract.boilerplate import boilerplate_kind
from pipelines.extract.bylines import parse_byline, split_role_organisation
from pipelines.extract.dates import find_date_in_text
from pipelines.extract.metadata import jsonld_authors
from pipelines.extract.names import merge_authors
from pipelines.extract.persons import is_placeholder
from pipelines.extract.signatures import parse_signature

LETTER = ("<p>The grid code review has taken four years and the smelters that depend on it "
          "cannot wait another four. Every month of delay is a month of curtailed output, "
          "lost export orders and furnaces idling at great expense to the whole district.</p>"
          "<p>We ask the regulator to publish its timetable and to keep to it this time, so "
          "that the industry can plan its investment in the next decade of production.</p>")


def a(name, role=None, organisation=None):
    return {"name": name, "role": role, "organisation": organisation}


def page(body: str, head: str = "") -> bytes:
    return (f"<html><head><title>Letters</title>{head}</head><body><article>"
            f"<h1>Letters: curtailment is costing jobs</h1>{body}</article></body></html>"
            ).encode()


def test_two_signers_on_one_line_share_the_organisation_below():
    lines = ["Sipho Dlamini, chief engineer, and Annelie van der Merwe, senior metallurgist",
             "Bojanala Alloys (Pty) Ltd", "Rustenburg, North West"]
    both = [a("Sipho Dlamini", "chief engineer", "Bojanala Alloys (Pty) Ltd"),
            a("Annelie van der Merwe", "senior metallurgist", "Bojanala Alloys (Pty) Ltd")]
    assert parse_signature(lines) == both
    record = extract_article(page(LETTER + "".join(f"<p>{line}</p>" for line in lines)),
                             "https://www.example.co.za/letters/curtailment")
    assert record["authors"] == both
    assert "Rustenburg" not in record["body"] and "Dlamini" not in record["body"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Board President, Sandhill Rural Electric Cooperative",
     ("Board President", "Sandhill Rural Electric Cooperative")),
    ("Trust Chair, Riverside NHS Trust", ("Trust Chair", "Riverside NHS Trust")),
    ("Association of Directors of Adult Social Services",
     (None, "Association of Directors of Adult Social Services")),  # still a body's name
    ("Board of Directors, Acme Ltd", (None, "Board of Directors, Acme Ltd")),
])
def test_a_role_named_for_the_body_it_presides(text, expected):
    assert split_role_organisation(text) == expected


def test_a_role_in_sentence_case_under_a_name():
    assert parse_signature(["Gene Pickett", "Retired lineman, Plainview"]) == [
        a("Gene Pickett", "Retired lineman")]


def test_an_author_box_without_paragraphs_does_not_run_name_and_note_together():
    box = ('<div class="elementor-author-box"><h4 class="elementor-author-box__name">'
           'Thabo Mokoena</h4><div class="elementor-author-box__bio">Thabo Mokoena Pr Eng is '
           'a director of Ukhozi Geotechnical Consulting in Johannesburg.</div></div>')
    body = LETTER.replace("We ask", "I ask")
    record = extract_article(page(body + box), "https://www.example.co.za/opinion/dams")
    assert [x["name"] for x in record["authors"]] == ["Thabo Mokoena Pr Eng"]
    assert "MokoenaThabo" not in (record["byline_raw"] or "")


def test_a_structured_job_title_that_names_the_employer_is_split():
    article = {"author": {"@type": "Person", "name": "Thabo Mokoena",
                          "jobTitle": "Director, Ukhozi Geotechnical Consulting"}}
    assert jsonld_authors(article) == [
        a("Thabo Mokoena", "Director", "Ukhozi Geotechnical Consulting")]
    ld = json.dumps({"@context": "https://schema.org", "@type": "OpinionNewsArticle",
                     **article})
    byline = ("<p class='byline'>By Thabo Mokoena Pr Eng, director, Ukhozi Geotechnical "
              "Consulting (Pty) Ltd</p>")
    record = extract_article(page(byline + LETTER.replace("We ask", "I ask"),
                                  f"<script type='application/ld+json'>{ld}</script>"),
                             "https://www.example.co.za/opinion/dams")
    (author,) = record["authors"]
    assert (author["name"], author["role"].lower(), author["organisation"]) == (
        "Thabo Mokoena Pr Eng", "director", "Ukhozi Geotechnical Consulting (Pty) Ltd")


def test_the_organisation_written_in_full_is_kept_but_not_a_longer_sentence():
    short = [a("Jo Bloggs", "director", "Ukhozi Consulting")]
    assert merge_authors(short, [a("Jo Bloggs", None, "Ukhozi Consulting (Pty) Ltd")]) == [
        a("Jo Bloggs", "director", "Ukhozi Consulting (Pty) Ltd")]
    assert merge_authors(short, [a("Jo Bloggs", None, "Ukhozi Consulting et ancienne "
                                                     "cheffe de partie")]) == short


@pytest.mark.parametrize("line", [
    "Guest comment pieces reflect the views of their authors and not necessarily the "
    "association's.",
    "Our View represents the collective position of the Bulletin editorial board.",
    "Edited by Catriona Bell, letters editor. Letters should be under 500 words and may be "
    "shortened.",
])
def test_notes_a_letters_page_sets_under_a_piece_are_boilerplate(line):
    assert boilerplate_kind(line)


def test_interview_credits_in_french_and_design_practices():
    assert parse_byline("Propos recueillis par Antoine Bessière") == [a("Antoine Bessière")]
    assert parse_byline("Claire Montagnac, architecte, et Julien Ferraud, urbaniste, Atelier "
                        "Ferraud Montagnac, Orléans") == [
        a("Claire Montagnac", "architecte", "Atelier Ferraud Montagnac"),
        a("Julien Ferraud", "urbaniste", "Atelier Ferraud Montagnac")]


def test_a_date_joined_by_hyphens_and_a_byline_label_taken_for_a_name():
    assert find_date_in_text("Posted On: 22-Apr-2025 | Issue: Vol. 29 No. 8") == (
        "2025-04-22", "22-Apr-2025")
    assert is_placeholder("Posted") and not is_placeholder("Posy Simmonds")


@pytest.mark.parametrize("byline", ["Dr Margaret Olsen AM", "Tane Walker ONZM",
                                    "Dr Priya Nair AO"])
def test_commonwealth_honours_after_a_name(byline):
    assert parse_byline(byline) == [a(byline)]
    assert parse_byline("By Jane Doe 10:30 AM") == [a("Jane Doe")]  # a time, not an honour


@pytest.mark.parametrize("byline", ["Dr. med. Regula Imhof-Baumann", "Prof. Dr. med. Hans Muster",
                                    "PD Dr. Anna Keller"])
def test_german_and_swiss_degrees_before_a_name_are_kept_as_signed(byline):
    assert parse_byline(byline) == [a(byline)]
    assert parse_byline(f"{byline}, Direktorin, Kantonsspital Obwaldnertal") == [
        a(byline, "Direktorin", "Kantonsspital Obwaldnertal")]
