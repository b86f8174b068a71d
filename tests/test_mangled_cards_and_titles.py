"""Shapes met on the thirty-seventh and thirty-eighth rounds of pages written blind (setAW:
1C-Bitrix, Acquia Site Studio, Micro.blog, a 2008 Bricolage journal; setAX: Pelican,
Contentstack on Next.js, a 2007 XOOPS news module, Docusaurus): author cards whose class names a
build tool mangled, a <title> that names the section, a letter's note of the piece it answers,
American firms' kinds, Welsh names and bilingual councils. Each case is one the extractor read
wrongly before its change."""

from test_letters_and_taglines import PARAGRAPHS, a, page

from pipelines.extract import extract_article
from pipelines.extract.boilerplate import boilerplate_kind
from pipelines.extract.bylines import parse_byline, split_role_organisation
from pipelines.extract.endnotes import parse_endnote
from pipelines.extract.signatures import parse_signature


def card(name: str, title: str) -> str:
    return ("<div class='col authorCol_Hf19'><div class='avatar'><div class='avatar__intro "
            "authorDetails_lV9A' itemprop='author'><div class='avatar__name'><a href='/a'><span "
            f"class='authorName_yefp' itemprop='name'>{name}</span></a></div><small class="
            f"'authorTitle_nd0D avatar__subtitle'>{title}</small></div></div></div>")


def test_author_cards_whose_class_names_a_build_tool_mangled():
    cards = (card("Priya Raman, MEngNZ", "Senior Hydraulic Modeller, Tonkin Ridge Engineering")
             + card("Tom Aldridge", "Stormwater Engineer, Tonkin Ridge Engineering"))
    record = extract_article(page(byline=cards), "https://example.org.nz/blog/flood-models")
    assert record["authors"] == [
        a("Priya Raman, MEngNZ", "Senior Hydraulic Modeller", "Tonkin Ridge Engineering"),
        a("Tom Aldridge", "Stormwater Engineer", "Tonkin Ridge Engineering")]
    assert record["standfirst"] is None  # (the card's "avatar__intro" is no standfirst)


def test_the_section_a_title_names_and_a_label_that_is_no_headline():
    html = ("<html><head><title>Ladenfront - Kolumne - Wenn das Sortiment wächst</title></head>"
            "<body><div class='item'><span class='itemTitle'><a href='/t'>Kolumne</a>: Wenn das "
            f"Sortiment wächst</span><p>Von Reto Baumgartner</p>{PARAGRAPHS}</div></body></html>")
    record = extract_article(html, "https://www.example.ch/modules/news/article.php?storyid=1")
    assert record["genre"] == "opinion"
    letters = html.replace("Kolumne", "Leserbriefe").replace("Wenn das Sortiment wächst",
                                                             "Kassen sind keine Sparübung")
    record = extract_article(letters, "https://www.example.ch/modules/news/article.php?storyid=2")
    assert record["genre"] == "letter" and record["title"] != "Leserbriefe"


def test_notes_around_a_letter_and_a_piece_that_are_not_its_text():
    for line in ("This letter responds to What it really costs to keep a pharmacy open.",
                 "Zum Artikel «Selbstbedienungskassen: Der Kunde wird zum Kassierer» in Ausgabe "
                 "8/2007", "Veröffentlicht am 18. November 2025 in Ausgabe 46/2025",
                 "Verwandte Artikel", "Autor", "Révision : Karine Dubé",
                 "L'éditorial exprime la position de la rédaction de Chaîne Santé.",
                 "Les propos ont été édités et condensés.",
                 "Die Kommentare gehören zu den jeweiligen Autoren.",
                 "The remainder of this article is available to GLTLA members. Please log in."):
        assert boilerplate_kind(line), line
    note = ("Reto Baumgartner ist Leiter Logistik bei der Warenhausgruppe Sonnenberg AG in "
            "Winterthur. Der Beitrag gibt seine persönliche Meinung wieder.")
    assert parse_endnote(note) == [a("Reto Baumgartner", "Leiter Logistik",
                                     "Warenhausgruppe Sonnenberg AG")]


def test_french_and_german_end_notes_with_an_article_a_doubled_name_or_a_verb_after():
    assert parse_endnote("La Dre Sophie Lavoie est chef du département d'anesthésiologie de "
                         "l'Hôpital Sainte-Rosalie.") == [
        a("Dre Sophie Lavoie", "chef du département d'anesthésiologie", "Hôpital Sainte-Rosalie")]
    assert parse_endnote("Sabine Kettler Sabine Kettler ist Redakteurin der Logistik-Wochenschau"
                         " und berichtet über Häfen.") == [
        a("Sabine Kettler", "Redakteurin", "Logistik-Wochenschau")]
    assert split_role_organisation("Redakteurin der Süddeutschen Zeitung") == (
        "Redakteurin", "Süddeutschen Zeitung")


def test_a_linked_headline_in_a_list_of_the_authors_other_pieces_is_no_role():
    more = ("<div class='MoreAuthor_list'><a href='/x'><span class='MoreAuthor_title__8071e'>Gants"
            " en nitrile : un appel d'offres annulé</span></a></div>")
    html = page(byline="<p class='byline'>Par Julien Tremblay</p>" + more)
    assert extract_article(html, "https://example.ca/entrevues/x")["authors"] == [
        a("Julien Tremblay")]


def test_welsh_names_a_bilingual_council_and_an_american_firms_kind():
    note = ("Cllr Eluned Pryce-Morgan is leader and Cllr Gethin ap Dafydd is cabinet member for "
            "finance at Dyffryn Teifi County Council / Cyngor Sir Dyffryn Teifi.")
    council = "Dyffryn Teifi County Council"
    assert parse_endnote(note) == [a("Cllr Eluned Pryce-Morgan", "leader", council),
                                   a("Cllr Gethin ap Dafydd", "cabinet member for finance",
                                     council)]
    assert parse_signature(["Marcus T. Bell", "Bell & Ruiz, P.C.", "Grand Rapids"]) == [
        a("Marcus T. Bell", None, "Bell & Ruiz, P.C.")]
    assert parse_byline("Jane Doe, Actuary, Meridian Re") == [a("Jane Doe", "Actuary",
                                                              "Meridian Re")]
    assert parse_signature(["Prof. Dr. Ursula Kägi", "Dozentin für Handelsmanagement",
                            "Fachhochschule Aaretal", "Olten"]) == [
        a("Prof. Dr. Ursula Kägi", "Dozentin für Handelsmanagement", "Fachhochschule Aaretal")]
