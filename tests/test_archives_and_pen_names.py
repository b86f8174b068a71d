"""Shapes met on the thirty-first and thirty-second rounds of pages written blind (setAQ:
WordPress.com blocks, Google Sites, Quarto, a Rails CMS; setAR: Directus on Nuxt, Bear Blog,
MediaWiki, Hugo): a blog's archive list and readers' reactions under the text, a pen name that
says so, a column's name before its writer, a guest-commentary disclaimer, dates written year
first with slashes. Each case is one the extractor read wrongly before its change."""

from test_letters_and_taglines import PARAGRAPHS, a, page

from pipelines.extract import extract_article
from pipelines.extract.dates import find_date_in_text
from pipelines.extract.text import clean_paragraphs

GERMAN = "".join(f"<p>Absatz {i}: Die Daten sind vorhanden, sie sind strukturiert und sie sind den "
                 f"Praxen eindeutig zugeordnet, doch zurück kommt erstaunlich wenig.</p>"
                 for i in range(6))


def german_page(end: str) -> str:
    return (f"<html lang='de-CH'><body><main><h1>Mehr Transparenz, bitte</h1>{GERMAN}{end}"
            "</main></body></html>")


def test_an_archive_list_and_readers_reactions_under_the_end_note_are_not_text():
    end = ("<p><em>Regula Aebischer ist Inhaberin der Tierarztpraxis Aarewald in Brugg.</em></p>"
           "<ul class='blog-posts'><li>Wie viel Empathie verträgt eine Sprechstunde? (14 Jul, "
           "2025)</li><li>Tollwutimpfung vor den Ferien (23 Jun, 2025)</li><li>Wenn der "
           "Notfalldienst zur Zerreissprobe wird (12 Mai, 2025)</li></ul><h3>Reaktionen</h3>"
           "<p>Bei uns wird das schon lange so gemacht, zumindest intern. Ein nationales "
           "Benchmarking wäre aber viel aussagekräftiger.</p><p>Reaktionen werden von der "
           "Redaktion freigeschaltet. Schreiben Sie uns an redaktion@example.ch.</p>")
    record = extract_article(german_page(end), "https://example.ch/antibiotika-transparenz/")
    assert record["authors"] == [a("Regula Aebischer", "Inhaberin", "Tierarztpraxis Aarewald")]
    for gone in ("Empathie", "Benchmarking", "freigeschaltet", "Aebischer"):
        assert gone not in record["body"]


def test_a_list_of_dated_items_that_is_the_articles_own_stays():
    lines = ["First paragraph of the release notes, long enough to be running text here.",
             "Second paragraph of the release notes, long enough to be running text too.",
             "- Sync from rust 2025/11/01", "- Fix RAM usage in the parser",
             "- Sync from rust 2025/11/13"]
    body = clean_paragraphs(lines, None, None, set())[0]
    assert body == lines  # (items of the text, not date lines nor another page's headlines)
    teasers = lines[:2] + ["- Top retreats in Oregon for 2026 - November 27, 2025",
                           "- What to bring to Patagonia (4 Nov, 2025)"]
    assert clean_paragraphs(teasers, None, None, set())[0] == lines[:2]


def test_a_pen_name_that_says_so_and_a_columns_name_before_its_writer():
    end = ("<p><em>Kuno Kälberstrick schreibt unter Pseudonym. Der richtige Name ist der "
           "Redaktion bekannt.</em></p>")
    record = extract_article(german_page(end), "https://example.ch/notfalldienst-kolumne/")
    assert record["authors"] == [a("Kuno Kälberstrick")]
    assert "Pseudonym" not in record["body"] and "Redaktion bekannt" not in record["body"]
    kicker = "<p><em>Kolumne «Aus dem Stall» von Kuno Kälberstrick</em></p>"
    record = extract_article(german_page("").replace("</h1>", "</h1>" + kicker),
                             "https://example.ch/notfalldienst-kolumne/")
    assert record["authors"] == [a("Kuno Kälberstrick")]
    assert "Kolumne" not in record["body"]


def test_two_end_notes_before_a_guest_commentary_disclaimer():
    end = ("<p>Dana Whitfield, RN, is director of driver health at Carrow Logistics in "
           "Allentown, Pa. Marcus Oyelaran is president of the Tri-State Motor Carrier Safety "
           "Council.</p><p>Guest commentary reflects the views of its authors and not "
           "necessarily those of Fleet Ledger. Submit an op-ed.</p>")
    record = extract_article(page(end), "https://www.example.com/opinion/sleep-apnea")
    assert record["authors"] == [
        a("Dana Whitfield, RN", "director of driver health", "Carrow Logistics"),
        a("Marcus Oyelaran", "president", "Tri-State Motor Carrier Safety Council")]
    assert "Whitfield" not in record["body"] and "Guest commentary" not in record["body"]
    assert "Paragraph 5" in record["body"]


def test_a_date_written_year_first_with_slashes():
    assert find_date_in_text("Published 2025/03/04 · Water Engineering") == (
        "2025-03-04", "2025/03/04")


def test_signers_on_behalf_of_their_board():
    signature = ("<p>Eleri Watkin, chair<br>Huw Bevan, vice-chair<br>Mererid Jones, treasurer<br>"
                 "On behalf of the board of Bryniau Upland Farmers' Co-operative</p>")
    record = extract_article(page(signature), "https://sites.example.com/view/bryniau/merger")
    org = "Bryniau Upland Farmers' Co-operative"
    assert record["authors"] == [a("Eleri Watkin", "chair", org), a("Huw Bevan", "vice-chair", org),
                                 a("Mererid Jones", "treasurer", org)]


def test_the_authors_end_note_describes_each_of_them():
    byline = "<p class='byline'>By Anne-Sophie Lemaire and Koen Peeters</p>"
    note = ("<p><em>Les auteurs sont médecins du travail chez Prevenco, service externe de "
            "prévention et de protection au travail, à Liège.</em></p>")
    record = extract_article(page(note, byline=byline), "https://example.be/tribunes/trajets")
    assert record["authors"] == [a("Anne-Sophie Lemaire", "médecin du travail", "Prevenco"),
                                 a("Koen Peeters", "médecin du travail", "Prevenco")]
    assert "auteurs" not in record["body"]


def test_the_end_notes_role_in_its_organisation_over_a_cards_other_role():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Fees ignore '
          'the work", "author": {"@type": "Person", "name": "Siobhán Kearney", "jobTitle": '
          '"Community pharmacist"}}</script>')
    note = ("<p><em>Siobhán Kearney is a community pharmacist in Belmullet, Co Mayo, and chair of "
            "the Western Rural Pharmacy Forum.</em></p>")
    record = extract_article(page(note, head=ld), "https://example.ie/opinion/minor-ailments")
    assert record["authors"] == [a("Siobhán Kearney", "chair", "Western Rural Pharmacy Forum")]


def test_a_signature_goes_on_under_the_text_and_a_degree_follows_the_name():
    html = page("<p>Klaus Reinholt, Dipl.-Ing.<br>Director of Maintenance Engineering</p>",
                after="<p class='org'>Ohio Valley Aggregates<br>Marietta, Ohio</p>")
    record = extract_article(html, "https://example.com/opinion/letters/2025/03/27/pm")
    assert record["authors"] == [a("Klaus Reinholt, Dipl.-Ing", "Director of Maintenance "
                                   "Engineering", "Ohio Valley Aggregates")]
    assert "Reinholt" not in record["body"]


def test_two_signers_of_four_lines_over_the_letters_editors_note():
    signature = ("<div class='letter-signature'><p>Fiona Baird<br>Clinical lead<br>Tayside "
                 "Independent Living Network<br>Dundee</p><p>Alasdair Munro<br>Chief executive<br>"
                 "Tayside Independent Living Network<br>Perth</p></div><p class='letters-note'><em>"
                 "Letters edited by Callum Reid. Write to letters@example.scot – letters may be "
                 "shortened for publication and must include a postal address.</em></p>")
    record = extract_article(page(after=signature), "https://example.scot/letters/sds")
    network = "Tayside Independent Living Network"
    assert record["authors"] == [a("Fiona Baird", "Clinical lead", network),
                                 a("Alasdair Munro", "Chief executive", network)]
    assert "Callum Reid" not in record["body"]


def test_a_private_limiteds_abbreviation_ends_no_sentence():
    note = ("<p><em>Rajesh Nair is Director – Manufacturing and Meera Pillai is Head – Regulatory "
            "Affairs at Anvika Pharma Pvt. Ltd., Ahmedabad.</em></p>")
    record = extract_article(page(note), "https://example.in/opinion/2025/11/07/schedule-m/")
    assert [author["organisation"] for author in record["authors"]] == [
        "Anvika Pharma Pvt. Ltd", "Anvika Pharma Pvt. Ltd"]


def test_a_wiki_pages_namespace_is_not_its_headline():
    html = ("<html><body><h1 class='firstHeading'><span class='mw-page-title-namespace'>Letters"
            "</span><span class='mw-page-title-separator'>:</span><span class='mw-page-title-main'>"
            "Design life is not a maintenance plan</span></h1><div class='mw-parser-output'>"
            f"{PARAGRAPHS}</div></body></html>")
    record = extract_article(html, "https://wiki.example.org.za/Letters:Design_life")
    assert record["title"] == "Design life is not a maintenance plan"
    assert "Letters:" not in record["body"]


def test_a_blogs_index_of_dated_posts_is_a_listing():
    items = "".join(f"<li><span><time datetime='2025-0{m}-01'>01 {mon}, 2025</time></span><a "
                    f"href='/post-{m}/'>Aus dem Stall: Beitrag Nummer {m} über die Praxis</a></li>"
                    for m, mon in zip(range(1, 10), "Jan Feb Mär Apr Mai Jun Jul Aug Sep".split(),
                                      strict=True))
    html = ("<html lang='de'><body><main><h1>Alle Beiträge</h1><p>Hier finden Sie alle "
            "Kolumnen, Meinungsbeiträge und Praxisberichte seit dem Start im Frühling 2023.</p>"
            f"<ul class='blog-posts'>{items}</ul></main></body></html>")
    record = extract_article(html, "https://example.ch/blog/")
    assert (record["is_article"], record["not_article_reason"]) == (False, "listing")


def test_disclaimers_of_a_boards_or_a_publishers_views():
    from pipelines.extract.boilerplate import boilerplate_kind

    for line in ("Views in members' columns and letters are those of the writers and not "
                 "necessarily of the board.",
                 "Views expressed are personal and do not necessarily reflect those of Pharma "
                 "Process India."):
        assert boilerplate_kind(line) == "disclaimer", line


def test_letters_after_a_name_of_veterinary_technologists_and_quebec_degrees():
    signature = ("<p>Brenda Okafor, RVT<br>Practice Manager<br>Riverbend Animal Hospital<br>"
                 "Lethbridge, Alta.</p>")
    record = extract_article(page(signature), "https://example.ca/letters/dental-protocols")
    assert record["authors"] == [a("Brenda Okafor, RVT", "Practice Manager",
                                   "Riverbend Animal Hospital")]
    assert "Okafor" not in record["body"] and "Lethbridge" not in record["body"]
    note = ("<p><em>Geneviève Lachance, agr., M. Sc., est agronome-conseil au Club "
            "agroenvironnemental des Deux-Rivières.</em></p>")
    record = extract_article(page(note), "https://example.ca/p/le-phosphore")
    assert record["authors"] == [a("Geneviève Lachance, agr, M. Sc", "agronome-conseil",
                                   "Club agroenvironnemental des Deux-Rivières")]


def test_an_end_note_under_the_standfirst_and_a_labelled_headline():
    html = ("<html lang='fr'><body><article><h1>Chronique : Les drones d'épandage, entre "
            "promesse et mirage</h1><p class='byline'>Par Jean-François Béland, ing.</p>"
            "<div class='body'><p>Ils sont partout dans les salons agricoles. Mais avant d'en "
            "acheter un, il faut regarder de près la réglementation.</p><p><em>Jean-François "
            "Béland, ing., est consultant en génie agroenvironnemental et tient la chronique "
            f"Machinerie dans Le Sillon.</em></p>{PARAGRAPHS}</div></article></body></html>")
    record = extract_article(html, "https://example.ca/p/drones")
    assert record["authors"] == [a("Jean-François Béland, ing",
                                   "consultant en génie agroenvironnemental")]
    assert "est consultant" not in record["body"]


def test_a_navigation_trees_sections_are_not_the_pages_section():
    menu = "".join(f"<li class='navTreeItem section-{s.lower()}'><a href='/journal/{s.lower()}'>"
                   f"{s}</a></li>" for s in ("Editorials", "Opinion", "Features", "Interviews"))
    note = ("<p><em>Lucía Ferrándiz is professor of utility regulation at the Mediterranean "
            "Institute for Water Policy, Valencia.</em></p>")
    html = page(note, byline="<p class='byline'>By Lucía Ferrándiz</p>").replace(
        "<article>", f"<aside><ul class='navTree'>{menu}</ul></aside><article>")
    record = extract_article(html, "https://www.example.eu/journal/2025/09/affordability")
    assert record["genre"] != "editorial"
    current = menu.replace("navTreeItem section-opinion", "navTreeItem navTreeCurrentItem "
                           "section-opinion").replace("Editorials</a>", "Leaders</a>")
    record = extract_article(html.replace(menu, current), "https://www.example.eu/journal/2025/09/x")
    assert record["genre"] == "opinion"
