"""Shapes of real pages that extraction once got wrong, each as a small page: classification
kept as a field, authors from structured data, dates and the body's edges. The real pages
themselves are scored in tests/test_real_pages.py."""

import json
import time

import pytest
from test_extract import article

from pipelines.extract import extract_article
from pipelines.extract.page import count_words

URL = "https://example.co.uk/comment/x/1.article"


def ld(obj) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def names(record) -> list[str]:
    return [a["name"] for a in record["authors"]]


def test_a_non_article_keeps_what_was_found():
    listing = "".join(f'<h3><a href="/comment/p{i}">Teaser headline number {i}</a></h3>'
                      f"<p>A teaser of a few words.</p>" for i in range(6))
    page = f"<html><body><h1>Comment</h1><p class='byline'>By Jane Doe</p>{listing}</body></html>"
    record = extract_article(page, "https://example.co.uk/comment/")
    assert record["is_article"] is False and record["not_article_reason"] == "listing"
    assert "Teaser" in record["body"] or record["title"] == "Comment"


def test_the_profiles_article_address_overrules_weak_signals():
    short = "<html><body><h1>Letter</h1><p>Well said, and about time too.</p></body></html>"
    assert extract_article(short, URL)["not_article_reason"] == "short"
    assert extract_article(short, URL, article_url=True)["is_article"] is True


def test_site_pages_by_the_last_part_of_the_address():
    page = article()  # article markup, 150 words
    assert extract_article(page, "https://example.co.uk/about/")["not_article_reason"] == (
        "site-page")
    assert extract_article(page, "https://example.co.uk/about/news/a-piece")["is_article"]
    assert extract_article(page, "https://example.co.uk/terms-of-trade-are-changing")[
        "is_article"]


@pytest.mark.parametrize("text, words", [
    ("three plain words", 3),
    ("東京都は新しい計画を発表した", 7),
    ("Seoul 서울시는 새로운 계획을 발표했다", 5),
])
def test_words_are_counted_in_every_script(text, words):
    assert count_words(text) == words


@pytest.mark.parametrize("value, expected", [
    ({"name": "Samya Kullab and Vasilisa Stepanenko"}, ["Samya Kullab", "Vasilisa Stepanenko"]),
    ({"name": "Felix Schröder und Jörg Soldwisch, dpa"}, ["Felix Schröder", "Jörg Soldwisch"]),
    ({"name": "Corina Gall (cog.)"}, ["Corina Gall"]),
    ({"givenName": "Anna Giulia", "familyName": "Fink"}, ["Anna Giulia Fink"]),
    ({"name": "theobjectivedad"}, []),
    ({"name": "undefined"}, []),
    ({"name": "Dylan Bailey, MS, RD, FAND"}, ["Dylan Bailey"]),
    ({"name": "Maria &amp; Katerina"}, ["Maria", "Katerina"]),
    ({"name": "Kristin"}, ["Kristin"]),
])
def test_authors_from_structured_data(value, expected):
    head = ld({"@type": "NewsArticle", "headline": "A headline",
               "author": [{"@type": "Person", **value}]})
    assert names(extract_article(article(head=head), URL)) == expected


def test_authors_given_by_reference():
    head = ld({"@graph": [
        {"@type": "Article", "headline": "A headline",
         "author": {"@id": "https://example.co.uk/#/schema/person/1"}},
        {"@type": "Person", "@id": "https://example.co.uk/#/schema/person/1",
         "name": "Nirmita Panchal"}]})
    assert names(extract_article(article(head=head), URL)) == ["Nirmita Panchal"]


def test_name_role_and_organisation_in_one_field():
    head = ld({"@type": "NewsArticle", "headline": "A headline", "author": {
        "@type": "Person", "name": "Jane Doe, chief executive, Northshire County Council"}})
    (author,) = extract_article(article(head=head), URL)["authors"]
    assert author == {"name": "Jane Doe", "role": "chief executive",
                      "organisation": "Northshire County Council"}


def test_a_personal_site_keeps_its_author_and_a_publication_is_not_one():
    own = ('<meta property="og:site_name" content="Sam Bossley">'
           '<meta name="author" content="Sam Bossley">')
    title = ('<meta property="og:site_name" content="Example Weekly">'
             '<meta name="author" content="Example Weekly">')
    assert names(extract_article(article(head=own), URL)) == ["Sam Bossley"]
    assert names(extract_article(article(head=title), URL)) == []


def test_words_of_the_publications_name_are_not_authors():
    head = '<meta property="og:site_name" content="Site &amp; Structure">'
    page = article('<div class="byline">Site &amp; Structure view</div>', head=head)
    assert names(extract_article(page, URL)) == []


def test_byline_markup_read_by_trafilatura_when_nothing_else_names_anyone():
    page = article('<div class="author-name"><span>Written by</span> Madeline Puckette</div>')
    assert "Madeline Puckette" in names(extract_article(page, URL))


def test_a_hostile_meta_author_is_not_handed_to_a_slow_normaliser():
    page = article(head='<meta name="author" content="' + "\u201d" * 20_000 + '">')
    started = time.perf_counter()
    extract_article(page, URL)
    assert time.perf_counter() - started < 5


def test_numeric_dates_on_a_us_page_are_month_first():
    page = article('<p class="date">Published 3/4/2025</p>', lang=' lang="en-US"')
    assert extract_article(page, URL, fetched_at="2025-06-01T00:00:00Z")["published"] == (
        "2025-03-04")
    page = article('<p class="date">Published 3/4/2025</p>', lang=' lang="en-GB"')
    assert extract_article(page, URL, fetched_at="2025-06-01T00:00:00Z")["published"] == (
        "2025-04-03")


def test_table_rows_with_dates_stay_in_the_body():
    rows = "".join(f"<tr><td>{m}/1/2013</td><td>+1{m}.1%</td></tr>" for m in range(1, 8))
    record = extract_article(article(f"<table>{rows}</table>"), URL)
    assert "| 3/1/2013 |" in record["body"]


def test_related_headlines_after_the_text_are_cut():
    related = ("<h2>You may also like...</h2><p>Who will make the Rock Hall in 2020?</p>"
               "<p>Dave Matthews Band takes over Rock Hall Fan Vote</p>")
    record = extract_article(article().replace("</article>", related + "</article>"), URL)
    assert "Rock Hall" not in record["body"] and "Paragraph 5" in record["body"]
