"""Shapes met on the nineteenth round of pages written blind (setAE: Escenic, Squiz Matrix,
Town News BLOX, Kirby; Quebec French, English, German), and on real pages after dropping what no
reader sees: signers "respectively" chair and chief executive, an organisation's initials and
its full name, German organisations in the genitive, a letter's town after the signer's role,
an article whose class names its kind, a card of spans, other pieces' teasers as standfirsts, a
logo drawn in the site's <h1>. Each case is one the extractor read wrongly before its change."""

from test_letters_and_taglines import PARAGRAPHS, a, page

from pipelines.extract import extract_article
from pipelines.extract.endnotes import parse_endnote
from pipelines.extract.names import merge_authors

# -- drawings, styles and scripts are no text of the page (2026-12-07, third session) ----------

def test_a_logo_drawn_in_the_sites_h1_is_not_the_headline():
    # (a real page's shape: the masthead's <h1> holds the logo, an <svg> with a <title>)
    html = ("<html><head><title>Insiders: the deal will hold - Gazette</title></head><body>"
            "<header><h1><a href='/'><svg viewBox='0 0 10 10'><title>GAZETTE</title><desc>Gazette"
            " Logo</desc><path d='M0 0h10v10z'/></svg></a></h1></header><main><h2 class='headline'>"
            f"Insiders: the deal will hold</h2>{PARAGRAPHS}</main></body></html>")
    record = extract_article(html, "https://www.example.com/story/2025/03/04/deal")
    assert record["title"] == "Insiders: the deal will hold"


def test_a_teasers_tail_is_no_standfirst():
    html = ("<html><head><title>Rangeland rules</title></head><body><article><h1>Rangeland "
            "rules</h1><div class='td-post-sub-title'>… environmental groups concerned<style>"
            ".x{color:red}</style></div>" + PARAGRAPHS + "</article></body></html>")
    record = extract_article(html, "https://www.example.com/rangeland-rules")
    assert record["standfirst"] is None


# -- the nineteenth round (setAE: Escenic, Squiz Matrix, BLOX, Kirby) ---------------------------

def test_signers_of_an_end_note_hold_their_roles_respectively():
    assert parse_endnote("Marie-Ève Gagnon, ing., et Patrice Lavoie sont respectivement "
                         "présidente et directeur général de l’Association québécoise des "
                         "gestionnaires d’infrastructures municipales (AQGIM).") == [
        a("Marie-Ève Gagnon, ing", "présidente", "Association québécoise des gestionnaires "
          "d’infrastructures municipales (AQGIM)"),
        a("Patrice Lavoie", "directeur général", "Association québécoise des gestionnaires "
          "d’infrastructures municipales (AQGIM)")]
    assert parse_endnote("Jane Doe and John Roe are, respectively, chair and chief executive of "
                         "the Northshire Trust.") == [
        a("Jane Doe", "chair", "Northshire Trust"),
        a("John Roe", "chief executive", "Northshire Trust")]


def test_an_organisation_written_in_full_over_its_initials():
    assert merge_authors([a("Patrice Lavoie", "directeur général", "AQGIM")], [
        a("Patrice Lavoie", "directeur général", "Association québécoise des gestionnaires "
          "d’infrastructures municipales (AQGIM)")])[0]["organisation"].startswith("Association")
    assert merge_authors([a("Jo Hale", "adviser", "NFU")], [
        a("Jo Hale", "adviser", "National Farmers Union")])[0]["organisation"] == (
        "National Farmers Union")
    assert merge_authors([a("Jo Hale", "adviser", "NHS")], [
        a("Jo Hale", "adviser", "Northshire Health Service Trust")])[0]["organisation"] == "NHS"


def test_german_roles_before_an_organisation_in_the_genitive_or_after_an_der():
    assert parse_endnote("Dr.-Ing. Katrin Vogel ist Geschäftsführerin des Fachverbands Antriebs- "
                         "und Fluidtechnik Süd e. V. in Stuttgart.") == [
        a("Dr.-Ing. Katrin Vogel", "Geschäftsführerin",
          "Fachverbands Antriebs- und Fluidtechnik Süd e. V.")]
    assert parse_endnote("Prof. Dr.-Ing. Heinrich Albers ist Professor für Produktionsmesstechnik "
                         "an der Technischen Hochschule Rheinfeld.") == [
        a("Prof. Dr.-Ing. Heinrich Albers", "Professor für Produktionsmesstechnik",
          "Technischen Hochschule Rheinfeld")]
    # what they also do is no part of the organisation
    assert parse_endnote("Jonas Brandt ist Redakteur bei Konstruktion & Antrieb und betreut die "
                         "Themen Fluidtechnik und mobile Maschinen.") == [
        a("Jonas Brandt", "Redakteur", "Konstruktion & Antrieb")]


def test_a_letters_last_line_after_the_role_is_where_the_writer_lives():
    signature = "<p class='letter-end'>Dale Whitcomb<br>Cattle rancher<br>Osage Bend</p>"
    record = extract_article(page(signature), "https://www.example.com/opinion/letters/bridges")
    assert record["authors"] == [a("Dale Whitcomb", "Cattle rancher")]


def test_an_author_box_inside_an_article_whose_class_names_its_kind():
    # (Squiz Matrix: <article class="article article--comment">: the piece is a comment piece,
    # not a comment section)
    html = ("<html lang='en'><head><title>Fees ignore the work</title></head><body><article "
            "class='article article--comment'><h1>Fees ignore the work</h1><p class='byline'>By "
            f"Dr Amara Okafor</p><div class='body'>{PARAGRAPHS}</div><div class='author-box'>"
            "<div class='author-box__bio'><p>Dr Amara Okafor is a senior lecturer in midwifery at "
            "the University of Westmoor and a former consultant midwife.</p><p><a href="
            "'/contributors/amara-okafor'>More from Amara Okafor</a></p></div></div><p class="
            "'credits'>Edited by Fiona Marsh, opinion editor.</p></article></body></html>")
    record = extract_article(html, "https://www.example.com/opinion/comment/fees")
    assert record["authors"] == [
        a("Dr Amara Okafor", "senior lecturer in midwifery", "University of Westmoor")]
    from pipelines.extract.page import in_comments_or_related, parse_page

    tree = parse_page(html)
    assert not in_comments_or_related(tree.xpath("//div[@class='author-box__bio']")[0])
    section = parse_page(html.replace("</article>", "<section class='comments'><div class="
                                      "'comment-author'>Kim</div></section></article>"))
    assert in_comments_or_related(section.xpath("//div[@class='comment-author']")[0])


def test_a_card_of_spans_name_role_and_link_apart():
    card = ("<div class='author-card columnist-card'><div><span class='author-name'>Mme Hélène "
            "Bouchard, CPA</span><span class='author-role'>Chroniqueuse</span><a class="
            "'author-follow' href='/chroniques/helene-bouchard'>Toutes ses chroniques</a></div>"
            "</div>")
    record = extract_article(page(byline=card), "https://www.example.ca/chroniques/budget")
    assert record["authors"] == [a("Mme Hélène Bouchard, CPA", "Chroniqueuse")]


def test_another_pieces_teaser_is_no_standfirst():
    more = ("<section class='related-articles author-more'><h2>Plus de cette auteure</h2><ul><li "
            "class='teaser'><a href='/chroniques/surplus'><span class='teaser-title'>Les surplus "
            "accumulés ne sont pas une cagnotte</span></a></li></ul></section>")
    record = extract_article(page(after=more), "https://www.example.ca/chroniques/budget")
    assert record["standfirst"] is None and "cagnotte" not in record["body"]
    card = ("<div class='promo'><a href='/music/quiz'><h3>Lyrics quiz</h3></a><p class="
            "'item-summary'>Have you been getting these songs wrong this year?</p></div>")
    record = extract_article(page(after=card), "https://www.example.com/news/world-1")
    assert record["standfirst"] is None


def test_more_occupations_and_french_roles():
    from pipelines.extract.lexicon import ROLE_WORD

    for role in ("Cattle rancher", "beekeeper", "président", "Chroniqueuse", "ingénieur"):
        assert ROLE_WORD.search(role), role
    from pipelines.extract.boilerplate import boilerplate_kind

    for heading in ("Plus de cette auteure", "Du même auteur", "More from this author",
                    "Mehr von der Autorin"):
        assert boilerplate_kind(heading) == "related", heading


# -- the twentieth round (setAF: Atex Polopoly, TerminalFour, Ektron, Publii) -------------------

def test_signers_a_line_each_then_what_they_share():
    signature = ("<p>Dale Hutchins, county judge<br>Maria Ortega, commissioner, Precinct 2<br>Lyle "
                 "Benson, commissioner, Precinct 4<br>Brazos Bend County Commissioners Court<br>"
                 "Fairview, Texas</p>")
    record = extract_article(page(signature), "https://www.example.org/opinion/letters/maps")
    court = "Brazos Bend County Commissioners Court"
    assert record["authors"] == [a("Dale Hutchins", "county judge", court),
                                 a("Maria Ortega", "commissioner, Precinct 2", court),
                                 a("Lyle Benson", "commissioner, Precinct 4", court)]
    assert "Fairview" not in record["body"] and "Precinct" not in record["body"]


def test_the_same_university_is_the_one_named_before():
    assert parse_endnote("Professor Fiona MacRae FRSE is vice-principal (education) at the "
                         "University of Strathearn. Dr Alasdair Munro is dean of students at the "
                         "same university.") == [
        a("Professor Fiona MacRae FRSE", "vice-principal (education)", "University of Strathearn"),
        a("Dr Alasdair Munro", "dean of students", "University of Strathearn")]


def test_french_roles_at_a_firm_and_what_they_specialise_in():
    assert parse_endnote("Claire Mertens est journaliste à AssurCompta, spécialisée dans la "
                         "réglementation des assurances.") == [
        a("Claire Mertens", "journaliste", "AssurCompta")]
    assert parse_endnote("Anne-Sophie Delvaux, ing., est administratrice déléguée du bureau "
                         "d'expertise Delvaux & Associés, à Namur.") == [
        a("Anne-Sophie Delvaux, ing", "administratrice déléguée", "Delvaux & Associés")]
    assert parse_endnote("Jean Dupont est agriculteur à Ciney.") == [
        a("Jean Dupont", "agriculteur")]  # (a town, not an employer)


def test_a_pen_name_with_the_and_its_bio_in_an_author_panel():
    panel = ("<div class='author-panel'><h2>About the author</h2><p>The Quad-Watcher is a senior "
             "lecturer at a Scottish university and writes under a pseudonym.</p></div>")
    record = extract_article(page(byline="<p class='article-author'>By The Quad-Watcher</p>",
                                  after=panel), "https://www.example.ac.uk/magazine/workload")
    assert record["authors"] == [a("The Quad-Watcher", "senior lecturer")]
    desk = extract_article(page(byline="<p class='article-author'>By The Editor</p>"),
                           "https://www.example.ac.uk/magazine/leader")
    assert desk["authors"] == []


# -- the twenty-first round (setAG: Bloomreach, Cascade, Crownpeak, Neos) -----------------------

def test_letters_written_with_dots_after_a_name_are_the_same_person():
    assert merge_authors([a("Priya Raghunathan")], [
        a("Priya Raghunathan, P.Eng", "director of infrastructure planning",
          "Town of Halden Springs")]) == [
        a("Priya Raghunathan, P.Eng", "director of infrastructure planning",
          "Town of Halden Springs")]


def test_cards_of_several_authors_with_letters_and_a_department():
    cards = ("<div class='author-cards'><h2>About the authors</h2><div class='author-card'><p>"
             "<strong>Josée Tremblay, ing.</strong></p><p>Manager of Water Resources, City of "
             "Port Alder</p></div><div class='author-card'><p><strong>Daniel Okonkwo, P.Eng."
             "</strong></p><p>Senior Project Engineer, Stormwater, City of Port Alder</p></div>"
             "</div>")
    record = extract_article(page(after=cards), "https://www.example.ca/magazine/stormwater")
    assert record["authors"] == [
        a("Josée Tremblay, ing", "Manager of Water Resources", "City of Port Alder"),
        a("Daniel Okonkwo, P.Eng", "Senior Project Engineer, Stormwater", "City of Port Alder")]


def test_a_german_authors_box_and_an_association_in_the_genitive():
    box = ("<div class='authors-box'><h2>Die Autoren</h2><div><p class='authors-box__name'>Urs "
           "Baumgartner</p><p class='authors-box__function'>Präsident des Verbands Ostschweizer "
           "Transportunternehmen</p></div></div>")
    record = extract_article(page(after=box), "https://www.example.ch/meinung/fahrermangel")
    assert record["authors"] == [
        a("Urs Baumgartner", "Präsident", "Verbands Ostschweizer Transportunternehmen")]


def test_a_commenters_name_is_no_author_of_an_unsigned_leader():
    comments = ("<section class='sl-comments'><h2>Readers' comments (2)</h2><ul><li class="
                "'sl-comment'><div class='sl-comment__meta'><span class='sl-comment__author'>"
                "Nicholas Penrose</span></div><p>Quite right.</p></li></ul></section>")
    record = extract_article(page(after=comments), "https://www.example.co.uk/leader/backlog")
    assert record["authors"] == []


def test_a_paywalled_part_declared_in_the_structured_data_is_the_articles_text():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Fees ignore '
          'the work", "isAccessibleForFree": false, "hasPart": {"@type": "WebPageElement", '
          '"isAccessibleForFree": false, "cssSelector": ".sl-paywalled"}}</script>')
    hidden = ("<div class='sl-article__body sl-paywalled' aria-hidden='true'><p>The second half "
              "of the argument, for subscribers: the rules would hit the smallest firms hardest "
              "and protect no client better than the rules they have now.</p></div>")
    record = extract_article(page(body_end=hidden, head=ld), "https://www.example.co.uk/c/fees")
    assert "smallest firms hardest" in record["body"] and record["paywalled"]
    from pipelines.extract.boilerplate import boilerplate_kind

    assert boilerplate_kind("You've reached your limit of free articles this month")


def test_a_name_line_over_the_signers_town_is_their_organisation_not_a_signer():
    from pipelines.extract.signatures import parse_signature

    found = parse_signature(["Joseph Brandt, RN", "Clinical preceptor, Progressive Care Unit",
                             "Lakeshore Meridian South", "Evanston, Ill."])
    assert [x["name"] for x in found] == ["Joseph Brandt, RN"]


# -- the twenty-second round (setAH: Sitefinity, WordPress Newspaper, Hippo, a 2003 static site) -

def test_irish_engineers_letters_and_a_firm_before_its_town():
    assert parse_endnote("Eoin Brennan BE CEng MIEI is technical director and Dr Róisín Tighe is "
                         "sustainability lead at Galtee Aggregates, Mitchelstown.") == [
        a("Eoin Brennan BE CEng MIEI", "technical director", "Galtee Aggregates"),
        a("Dr Róisín Tighe", "sustainability lead", "Galtee Aggregates")]


def test_a_flemish_alderman_of_a_council_and_a_vet_who_practises():
    assert parse_endnote("ing. Pieter Vandamme is schepen van Financiën en Personeel in de "
                         "gemeente Oosterhove.") == [
        a("ing. Pieter Vandamme", "schepen van Financiën en Personeel", "gemeente Oosterhove")]
    assert parse_endnote("Dr Hamish Tulloch BVSc is president of the Aotearoa Rural Veterinary "
                         "Society and practises in Gore.") == [
        a("Dr Hamish Tulloch BVSc", "president", "Aotearoa Rural Veterinary Society")]


def test_a_menus_entries_are_no_section_of_the_page():
    menu = ("<ul class='menu'>" + "".join(
        f"<li class='menu-item menu-item-object-category'><a href='/category/{w.lower()}/'>{w}"
        f"</a></li>" for w in ("News", "Quarrying", "Opinion")) + "</ul>")
    html = (f"<html lang='en'><head><title>Rules are coming</title></head><body>{menu}<article>"
            "<ul class='td-category'><li class='entry-category'><a href='/category/opinion/'>"
            "Opinion</a></li></ul><h1>Rules are coming</h1><p class='byline'>By Seán Walsh</p>"
            f"{PARAGRAPHS}</article></body></html>")  # (signed: unsigned, it is an editorial)
    record = extract_article(html, "https://www.example.ie/2025/10/02/rules-are-coming/")
    assert record["genre"] == "opinion"


def test_a_label_the_metadatas_title_adds_is_not_the_headlines():
    head = '<meta property="og:title" content="Letters: Tenant panels deserve more than a seat">'
    html = (f"<html lang='en'><head><title>Tenant panels deserve more than a seat | Tenancy "
            f"Today</title>{head}</head><body><div class='sfnews'><h1 class='sfnewsTitle'>Tenant "
            f"panels deserve more than a seat</h1>{PARAGRAPHS}</div></body></html>")
    record = extract_article(html, "https://www.example.org.uk/letters/tenant-panels")
    assert record["title"] == "Tenant panels deserve more than a seat"
