"""Shapes met on the twenty-ninth and thirtieth rounds of pages written blind (setAO: dotCMS, a
professional network's article view, ProcessWire, Weebly; setAP: Prismic, Duda, a 2004
Vignette table layout, Posthaven): an author card with a mark between the name and its
headline line, a table layout's footer row and a magazine's imprint under the end note, a
kicker naming an interview's subject, a place's "'s", a role on a line of its own, a date in
the URL's query, signers sharing a plural role. Each case is one the extractor read wrongly
before its change."""

from test_letters_and_taglines import PARAGRAPHS, a, page

from pipelines.extract import extract_article
from pipelines.extract.boilerplate import boilerplate_kind
from pipelines.extract.bylines import looks_like_name, parse_signoff
from pipelines.extract.endnotes import parse_endnote


def test_a_cards_mark_between_the_name_and_its_headline_line():
    card = ("<div class='reader-author-info__container'><h2><a class='reader-author-info__name' "
            "href='/in/jo'>Gareth Pryce-Williams</a><span class='reader-author-info__degree'>"
            "&middot; 2nd</span></h2><div class='reader-author-info__headline'>Principal "
            "Mechanical Engineer at Halden Rail Systems | Rolling stock reliability</div>"
            "<div class='reader-author-info__followers'>3,417 followers</div></div>")
    record = extract_article(page(byline=card), "https://www.example.com/pulse/rolling-stock")
    assert record["authors"] == [
        a("Gareth Pryce-Williams", "Principal Mechanical Engineer", "Halden Rail Systems")]


def test_a_footer_row_and_an_imprint_under_the_end_note_are_not_text():
    note = "Jo Ashdown is head of mining engineering at Bowen Basin University."
    imprint = ("Works Ontario is published six times a year by Lakehead Trade Media Inc., 220 Bay "
               "Ridge Road, Barrie, ON L4N 7T2.")
    footer = ("<table><tr><td><a href='/c'>Copyright</a> | <a href='/d'>Disclaimer</a> | <a "
              "href='/p'>Privacy</a> | <a href='/a'>Accessibility</a> &copy; State Mines Safety "
              "Directorate 2004. Level 9, 161 Hunter Street, Newcastle NSW 2300. The information "
              "in this bulletin is provided for general guidance only. Views expressed by "
              "contributors are not necessarily those of the Directorate. Page last updated: 26 "
              "August 2004</td></tr></table>")
    for tail in (f"<p>{imprint}</p>", footer):
        record = extract_article(page(f"<p><em>{note}</em></p>{tail}"),
                                 "https://www.example.gov.au/bulletin/refuge-chambers")
        assert record["authors"] == [
            a("Jo Ashdown", "head of mining engineering", "Bowen Basin University")]
        assert "Ashdown" not in record["body"] and "published six" not in record["body"]
        assert "Disclaimer" not in record["body"]
    prose = "Privacy, copyright and disclaimers: " + "the subject of this long paragraph. " * 9
    assert boilerplate_kind(prose) is None  # (a long line: boilerplate only if a footer's bar)


def test_a_kicker_names_an_interviews_subject_not_its_writer():
    html = ("<html><body><article><header><p class='article-kicker'>Interview: Mereana "
            "Whitcombe</p><h1>Fewer trees, better cherries</h1><p class='meta'>Words: Aroha Tane "
            f"&middot; Photos: Kerry Walsh</p></header>{PARAGRAPHS}</article></body></html>")
    record = extract_article(html, "https://www.example.co.nz/features/cherries")
    assert [author["name"] for author in record["authors"]] == ["Aroha Tane"]


def test_a_places_s_is_no_owner_but_an_organisations_is():
    assert parse_endnote("The Pruner is a Hawke's Bay pipfruit grower.", {"the pruner"})[0][
        "organisation"] is None
    assert parse_endnote("Meegan Hall is Car Talk's Senior Editor.") == [
        a("Meegan Hall", "Senior Editor", "Car Talk")]


def test_a_role_on_a_line_of_its_own_is_no_name():
    assert not looks_like_name("Laboratory Director")
    assert looks_like_name("Ann Judge") and looks_like_name("Sarah Chancellor")
    signature = ("<p>Dr. Renee Castillo<br>Laboratory Director<br>Blue Heron Regional Water "
                 "Authority<br>Sandusky, Ohio</p><p>Samuel Okoye<br>Compliance Manager<br>Blue "
                 "Heron Regional Water Authority<br>Sandusky, Ohio</p>")
    record = extract_article(page(signature), "https://www.example.org/letters/lab-capacity")
    assert record["authors"] == [
        a("Dr. Renee Castillo", "Laboratory Director", "Blue Heron Regional Water Authority"),
        a("Samuel Okoye", "Compliance Manager", "Blue Heron Regional Water Authority")]


def test_signers_sharing_a_plural_role_get_one_each():
    assert parse_signoff("Jane Doe and John Roe, directors, Hallam & Rowe Ltd") == [
        a("Jane Doe", "director", "Hallam & Rowe Ltd"),
        a("John Roe", "director", "Hallam & Rowe Ltd")]


def test_the_text_is_untouched_by_these_rules():
    record = extract_article(page(), "https://www.example.com/opinion/fees")
    assert record["body"].count("Paragraph") == PARAGRAPHS.count("Paragraph")


def test_a_writers_disclaimer_an_interviews_note_and_a_masthead_are_not_text():
    for line, kind in [("Views my own, not those of my employer.", "disclaimer"),
                       ("Interview: edited for length and clarity.", "furniture"),
                       ("Editor: Catherine Lévesque. Contributing editors: Raymond Okafor, "
                        "P.Eng.; Martin Szabo, C.E.T.", "credit")]:
        assert boilerplate_kind(line) == kind


def test_a_french_bio_under_its_label_and_a_dublin_core_creation_date():
    bio = ("<p>L'auteure</p><p>Claudine Rochat-Favre dirige la Boulangerie du Bourg à Moudon "
           "depuis 1998 et forme des apprentis depuis plus de vingt ans.</p>")
    record = extract_article(page(bio, byline="<p class='byline'>Par Claudine Rochat-Favre</p>"),
                             "https://www.example.ch/billets/apprentissage")
    assert "L'auteure" not in record["body"] and "apprentis" not in record["body"]
    head = '<meta name="DC.Date.Created" content="2004-09-30">'
    record = extract_article(page(head=head), "https://www.example.gov.au/bulletin/complacency")
    assert record["published"] == "2004-09-30"


def test_a_blogs_headline_in_an_h2_and_a_label_that_begins_its_headline():
    post = ("<div id='header'><h1><a href='/'>Ordinationsalltag</a></h1></div><div class='post'>"
            "<h2 class='post-title'><a href='/p'>Aufbereitung von Medizinprodukten: Die neue "
            f"Leitlinie überfordert kleine Ordinationen</a></h2>{PARAGRAPHS}</div>")
    head = ('<meta property="og:title" content="Gastkommentar: Aufbereitung von '
            'Medizinprodukten: Die neue Leitlinie überfordert kleine Ordinationen">')
    html = f"<html><head>{head}</head><body>{post}</body></html>"
    assert extract_article(html, "https://www.example.at/gastkommentar")["title"] == (
        "Aufbereitung von Medizinprodukten: Die neue Leitlinie überfordert kleine Ordinationen")
    html = ("<html><head><title>Le billet du président : la fête du pain, et après ? - Le Pétrin"
            "</title></head><body><div class='blog-post'><h2 class='blog-title'>Le billet du "
            f"président : la fête du pain, et après ?</h2>{PARAGRAPHS}</div></body></html>")
    assert extract_article(html, "https://www.example.ch/bulletin/billet")["title"] == (
        "Le billet du président : la fête du pain, et après ?")


def test_three_signers_of_four_lines_side_by_side_in_a_tables_cells():
    cells = "".join(f"<td><div class='paragraph'>{sig}</div></td>" for sig in (
        "Jean-Daniel Curchod<br>boulanger-pâtissier<br>Boulangerie Curchod SA<br>Vevey",
        "Nadia Berset, ing. alim. HES<br>responsable qualité<br>Minoterie de la Broye<br>Payerne",
        "Olivier Gremaud<br>confiseur<br>Fribourg"))
    body = (f"<div class='multicol'><table><tr>{cells}</tr></table></div><div class='paragraph'>"
            "<em>La rédaction se réserve le droit de raccourcir les lettres.</em></div>")
    record = extract_article(page(body), "https://www.example.ch/bulletin/courrier-farine")
    assert record["authors"] == [
        a("Jean-Daniel Curchod", "boulanger-pâtissier", "Boulangerie Curchod SA"),
        a("Nadia Berset, ing. alim. HES", "responsable qualité", "Minoterie de la Broye"),
        a("Olivier Gremaud", "confiseur")]
    assert "Curchod" not in record["body"] and "Minoterie" not in record["body"]


def test_signers_at_a_mine_in_a_town_and_its_state():
    assert not looks_like_name("Kurri Kurri NSW") and not looks_like_name("Bellbird South Mine")
    signature = "".join(f"<p>{name}<br>{role}<br>Bellbird South Mine<br>Kurri Kurri NSW</p>"
                        for name, role in (("Tomasz Wrobel", "Site safety representative"),
                                           ("Kerry-Ann Moss", "Occupational health nurse")))
    record = extract_article(page(signature), "https://www.example.gov.au/letters/fatigue")
    assert record["authors"] == [
        a("Tomasz Wrobel", "Site safety representative", "Bellbird South Mine"),
        a("Kerry-Ann Moss", "Occupational health nurse", "Bellbird South Mine")]


def test_a_german_guest_commentary_by_two_and_their_end_note_joined_by_a_comma():
    from pipelines.extract.bylines import parse_byline

    assert [p["name"] for p in parse_byline("Gastkommentar von Eva Reisinger und Stefan "
                                            "Wallner")] == ["Eva Reisinger", "Stefan Wallner"]
    org = "Österreichischen Arbeitsgemeinschaft für Praxishygiene"
    assert parse_endnote(f"Eva Reisinger ist Geschäftsführerin, Stefan Wallner ist Rechtsberater "
                         f"der {org} in Wien.") == [
        a("Eva Reisinger", "Geschäftsführerin", org), a("Stefan Wallner", "Rechtsberater", org)]
