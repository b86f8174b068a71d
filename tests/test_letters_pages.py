"""Shapes met on the twenty-third and twenty-fourth rounds of pages written blind (setAI:
Kentico, Ibexa, SharePoint, a Tumblr theme; setAJ: OpenCms, Concrete CMS, Orchard Core,
Pimcore): a letters page signed under each letter, signers under "Sincerely,", names over a
shared role line, an employer's line with no organisation word, roles said by a verb ("co-owns")
or owned by the publication ("Pit & Port's features editor"), letters after a name in brackets or
in lower case, a trade as a pen name, a picture's caption in its box. Each case is one the
extractor read wrongly before its change."""

from test_letters_and_taglines import PARAGRAPHS, a, page

from pipelines.extract import extract_article
from pipelines.extract.bylines import first_sentence, looks_like_name
from pipelines.extract.endnotes import parse_endnote
from pipelines.extract.names import fold_name
from pipelines.extract.page import parse_page
from pipelines.extract.signatures import signature_block
from pipelines.extract.tail import lines_after_text

PARAGRAPH_5 = PARAGRAPHS.split("<p>")[-1].removesuffix("</p>")
PROSE = ("The returns window has turned frontlist ordering into a bet that a small store cannot "
         "afford to lose, and the debuts that need a bookseller's push get the least space.")


def letters_page(letters: list[tuple[str, str]]) -> str:
    """A letters page: each letter's paragraphs, then its signature's lines in one paragraph."""
    parts = "".join(f"<p>{text} {PROSE}</p><p>{PROSE}</p><p class='letter-sig'>{sig}</p><hr>"
                    for text, sig in letters)
    return ("<html lang='en'><head><title>Letters: returns and rent</title></head><body><article>"
            f"<h1>Letters: returns and rent</h1><div class='body'>{parts}</div></article>"
            "</body></html>")


def test_a_letters_page_is_signed_under_each_letter():
    html = letters_page([
        ("Thank you for saying it out loud.", "Karen Lindqvist<br>Owner, North Star Books<br>"
                                              "Grand Marais, Minnesota"),
        ("Rent is what is killing stores.", "Darnell Hughes<br>Bookseller<br>Chicago, Illinois"),
        ("We push back gently on the tone.", "Priya Natarajan and Tom Feeney<br>Co-owners, "
                                             "Chapter &amp; Verse Books<br>Athens, Ohio")])
    record = extract_article(html, "https://www.example.org/post/1/letters-returns-rent")
    assert record["authors"] == [a("Karen Lindqvist", "Owner", "North Star Books"),
                                 a("Darnell Hughes", "Bookseller"),
                                 a("Priya Natarajan", "Co-owner", "Chapter & Verse Books"),
                                 a("Tom Feeney", "Co-owner", "Chapter & Verse Books")]
    assert "Grand Marais" not in record["body"] and "Bookseller" not in record["body"]
    assert record["body"].count(PROSE) == 6


def test_quoted_people_between_paragraphs_are_not_signers():
    # a news story's experts, "Name, role" on a line of their own between paragraphs
    html = page(body_end=(f"<p>Samantha Burgess, deputy director, Copernicus Programme</p>"
                          f"<p>{PROSE}</p><p>Karsten Haustein, University of Leipzig</p>"
                          f"<p>{PROSE}</p>"),
                byline="<p class='byline'>By Jan Kixmuller</p>")
    record = extract_article(html, "https://www.example.com/2025/04/29/heat-record")
    assert [x["name"] for x in record["authors"]] == ["Jan Kixmuller"]


def test_signers_under_a_valediction_and_the_valediction_too():
    html = page(body_end=("<p>Sincerely,<br><br><b>Ron Kessler</b><br>Board President, Cottonwood "
                          "Valley Electric Cooperative<br><br><b>Linda Ferreira</b><br>Board "
                          "President, Sandhill Rural Electric Cooperative<br><br><b>Marvin J. "
                          "Ostrander</b><br>Board President, Three Rivers Electric Cooperative"
                          "<br><br><b>Gene Pickett</b><br>Retired lineman, Plainview</p>"))
    record = extract_article(html, "https://example.org/2025/07/letter-keep-crews-safe.html")
    assert record["authors"] == [
        a("Ron Kessler", "Board President", "Cottonwood Valley Electric Cooperative"),
        a("Linda Ferreira", "Board President", "Sandhill Rural Electric Cooperative"),
        a("Marvin J. Ostrander", "Board President", "Three Rivers Electric Cooperative"),
        a("Gene Pickett", "Retired lineman")]
    assert not record["body"].rstrip().endswith("Sincerely,")


def test_two_names_over_their_shared_role_line():
    assert signature_block([PROSE, "Rachel Pryce MRPharmS", "Owen Pryce",
                            "Directors, Pryce Pharmacies Ltd", "Kington, Herefordshire"]) == (4, [
        a("Rachel Pryce MRPharmS", "Director", "Pryce Pharmacies Ltd"),
        a("Owen Pryce", "Director", "Pryce Pharmacies Ltd")])


def test_the_line_between_a_role_and_a_town_is_the_employer():
    assert signature_block([PROSE, "Margaret Okafor RGN", "Registered manager", "Elmsbrook House",
                            "Stockport"]) == (4, [
        a("Margaret Okafor RGN", "Registered manager", "Elmsbrook House")])
    # but a name under a role line that already says where is the next signer
    size, found = signature_block([PROSE, "Gareth Lloyd MBE", "Retired large-animal vet, Kington",
                                   "Ann Powell", "Dorstone, Herefordshire"])
    assert a("Gareth Lloyd MBE", "Retired large-animal vet") not in found


def test_a_rule_or_a_sentence_ends_a_signature_block():
    size, found = signature_block([
        PROSE, "Diego Lowenstein, CEO, Lionstone Development", "==========",
        "Never. More direct routes that went into Miami Shores, North Miami.",
        "Suzan McDowell, president and CEO, Circle of One Marketing", "==========",
        "Faith Read Xenos, co-founding partner, Singer Xenos"])
    assert size == 1 and [x["name"] for x in found] == ["Faith Read Xenos"]


def test_a_verb_that_says_the_role():
    assert parse_endnote("Marisol Ortega co-owns Two Rivers Books in Lawrence, Kansas, with her "
                         "partner, Ben Halloran. She has served on the board since 2022.") == [
        a("Marisol Ortega", "co-owner", "Two Rivers Books")]
    assert parse_endnote("Jane Doe founded Acme Widgets Ltd in 2004.") == [
        a("Jane Doe", "founder", "Acme Widgets Ltd")]
    assert parse_endnote("Keith Noonan owns shares of Activision Blizzard.") == []


def test_the_publications_own_role():
    assert parse_endnote("Liam Carver is Pit & Port's Perth-based features editor. Anika Rowe is "
                         "a freelance journalist based in Kalgoorlie.") == [
        a("Liam Carver", "features editor", "Pit & Port"),
        a("Anika Rowe", "freelance journalist")]


def test_two_signers_with_letters_in_one_end_note():
    note = ("Priya Raman, P.Eng., is a principal and Marc Gagnon, P.Eng., is a senior project "
            "engineer at Halvorsen Stormwater Engineering in Guelph, Ont.")
    assert parse_endnote(note) == [
        a("Priya Raman, P.Eng", "principal", "Halvorsen Stormwater Engineering"),
        a("Marc Gagnon, P.Eng", "senior project engineer", "Halvorsen Stormwater Engineering")]


def test_letters_after_a_name_in_brackets_in_runs_and_in_lower_case():
    assert looks_like_name("Graham Oakes FAusIMM(CP)")
    assert fold_name("Graham Oakes FAusIMM(CP)") == fold_name("Graham Oakes")
    assert fold_name("Dr Helen Marsh MPharm MSc") == fold_name("Helen Marsh")
    text = ("Isabelle Rochat, ing. agr. HES, est vigneronne-encaveuse au Domaine du Crêt-Dessous, "
            "à Chamoson. Elle tient cette chronique.")
    assert first_sentence(text).startswith("Isabelle Rochat, ing. agr. HES, est")
    assert parse_endnote(text) == [
        a("Isabelle Rochat, ing. agr. HES", "vigneronne-encaveuse", "Domaine du Crêt-Dessous")]


def test_a_trade_with_its_article_is_a_pen_name_but_a_newsroom_role_is_not():
    byline = "<div class='article-author'>Eine Kolumne von: Der Polier</div>"
    html = page(byline=byline).replace("lang='en'", "lang='de'")
    assert extract_article(html, "https://www.example.de/meinung/kolumne/der-polier/baustelle"
                           )["authors"] == [a("Der Polier")]
    html = page(byline="<div class='article-author'>By The Editor</div>")
    assert a("The Editor") not in extract_article(html, "https://www.example.com/opinion/x")[
        "authors"]


def test_a_pictures_caption_in_its_box_is_neither_standfirst_nor_text():
    html = ("<html lang='de'><head><title>Gebäudetyp E</title></head><body><article><h1>Gebäudetyp "
            "E braucht Verträge</h1><div class='visual'><div class='image-src-box'><img src='a.jpg'"
            "></div><div class='subtitle'>Holz-Hybridbau in Kassel: Abweichungen von Normen müssen "
            "künftig vertraglich geregelt werden.<div class='copyright'>© Vollmer</div></div></div>"
            f"<div class='text'>{PARAGRAPHS}</div></article></body></html>")
    record = extract_article(html, "https://www.example.de/meinung/gebaeudetyp-e")
    assert record["standfirst"] is None
    assert "Kassel" not in record["body"]


def test_a_blogs_reactions_are_not_text():
    html = page(after="<p>40 notes</p><ul><li><p>bookmobile-bea liked this</p></li><li><p>"
                      "prairielightsreader reblogged this from backroomshelf</p></li></ul>")
    body = extract_article(html, "https://www.example.org/post/2/guest-post")["body"]
    assert "notes" not in body and "liked this" not in body and PARAGRAPHS.count("<p>") == 6


def test_a_state_written_with_dots_ends_a_signature():
    assert signature_block([PROSE, "Tom Becker", "Becker Hauling LLC", "Sioux Falls, S.D."]) == (
        3, [a("Tom Becker", None, "Becker Hauling LLC")])


def test_an_editors_note_introducing_a_guest_piece_names_its_writers():
    intro = ("<p><em>Jodie here. This week’s guest post comes from two people who have spent more "
             "time than most in worked-out pits. Callum Ferris is principal geotechnical engineer "
             "at Stratavale Consulting in Perth. Aroha Williams is a rehabilitation ecologist "
             "with the Pilbara Land Care Collective. As always, guest posts are the authors’ "
             "views, not mine. — J.</em></p><hr>")
    html = page(body_end="").replace("<div class='body'>", "<div class='body'>" + intro)
    record = extract_article(html, "https://example.substack.com/p/quarry-bonds")
    assert sorted(record["authors"], key=lambda x: x["name"]) == [
        a("Aroha Williams", "rehabilitation ecologist", "Pilbara Land Care Collective"),
        a("Callum Ferris", "principal geotechnical engineer", "Stratavale Consulting")]
    assert "guest post" not in record["body"]
    # a publication's note that it publishes guest posts, then who wrote this one
    intro = ("<p><em>Charting Forward publishes guest posts from working nurses. This week’s is "
             "from Marcus Bell, RN, MSN, nurse manager at St. Brendan Medical Center in Toledo, "
             "Ohio. — Rachel</em></p>")
    html = page(body_end="").replace("<div class='body'>", "<div class='body'>" + intro)
    assert extract_article(html, "https://example.substack.com/p/virtual-nursing")["authors"] == [
        a("Marcus Bell, RN, MSN", "nurse manager", "St. Brendan Medical Center")]


# -- the twenty-fifth and twenty-sixth rounds (setAK: Méthode, Typepad, Jimdo, a Mailchimp
# archive; setAL: Labrador, Glide, beehiiv, Shorthand) -----------------------------------------

def test_a_letters_page_with_headlines_between_its_letters():
    html = ("<html lang='en'><head><title>Letters</title></head><body><article><h1>Letters</h1>"
            f"<div class='body'><h2>Levy reform must reach small firms</h2><p>{PROSE}</p><p>{PROSE}"
            "</p><p class='sig'>Graham Tully<br>Chair<br>Midlands Federation of Bricklaying "
            f"Contractors<br>Leicester</p><h2>Fire doors are a maintenance problem</h2><p>{PROSE}"
            f"</p><p>{PROSE}</p><p class='sig'>Aisha Rahman MIFireE<br>Fire safety manager<br>Owen "
            "Leckie<br>Compliance surveyor<br>Northgate Housing Partnership, Sheffield</p><h2>"
            f"Retention: time for a deadline</h2><p>{PROSE}</p><p>{PROSE}</p><p class='sig'>"
            "Hon. Robert E. Castellano (ret.)<br>Retired U.S. Bankruptcy Judge<br>Evanston, "
            "Illinois</p></div></article></body></html>")
    record = extract_article(html, "https://www.example.co.uk/opinion/letters/levy-fire-doors")
    assert sorted(record["authors"], key=lambda x: x["name"]) == [
        a("Aisha Rahman MIFireE", "Fire safety manager", "Northgate Housing Partnership"),
        a("Graham Tully", "Chair", "Midlands Federation of Bricklaying Contractors"),
        a("Hon. Robert E. Castellano (ret.)", "Retired U.S. Bankruptcy Judge"),
        a("Owen Leckie", "Compliance surveyor", "Northgate Housing Partnership")]
    assert "Retention: time for a deadline" in record["body"]
    assert "Sheffield" not in record["body"] and "Leicester" not in record["body"]


def test_a_sign_off_ends_a_newsletters_piece_before_its_notices():
    html = page(body_end=("<p>Seán Ó Murchú<br>Chairman, Ballinacree Co-operative Society</p>"
                          "<p>Notice is hereby given that the Annual General Meeting will be held "
                          "on Friday 12 December.</p><p>Congratulations to the Lonergans of "
                          "Cappagh on their milk quality award.</p>"))
    record = extract_article(html, "https://us21.campaign-archive.com/?u=abc&id=def")
    assert record["authors"] == [a("Seán Ó Murchú", "Chairman", "Ballinacree Co-operative Society")]
    assert "Notice is hereby given" not in record["body"]
    # but a letters page's next letter is no notice
    html = page(body_end=(f"<p>Seán Ó Murchú<br>Chairman, Ballinacree Co-operative Society</p>"
                          f"<p>Sir,</p><p>{PROSE}</p>"))
    assert PROSE in extract_article(html, "https://example.ie/letters")["body"]


def test_a_pen_name_with_of_and_a_note_on_an_interviews_subject():
    html = page(byline="<p class='byline'>By The Clerk of Works</p>")
    assert extract_article(html, "https://www.example.co.uk/opinion/site-diary")["authors"] == [
        a("The Clerk of Works")]
    assert parse_endnote("Zur Person: Prof. Dr. Miriam Aydın ist Professorin für "
                         "Pflegewissenschaft an der Hochschule Osthessen.") == []
    html = page(byline="<p class='byline'>Von Jonas Behr</p>", body_end=(
        "<p>Jonas Behr ist Referent für Öffentlichkeitsarbeit beim Pflegeverband Nordhessen.</p>"
        "<p>Zur Person: Prof. Dr. Miriam Aydın ist Professorin für Pflegewissenschaft an der "
        "Hochschule Osthessen.</p>")).replace("lang='en'", "lang='de'")
    assert extract_article(html, "https://www.example.de/interview")["authors"] == [
        a("Jonas Behr", "Referent für Öffentlichkeitsarbeit", "Pflegeverband Nordhessen")]


def test_a_role_without_the_unit_it_is_held_in():
    assert parse_endnote("Margaret A. Lowell is a partner in the Employment Practice Group at "
                         "Harrow & Lisle LLP in Chicago, where she advises employers.") == [
        a("Margaret A. Lowell", "partner", "Harrow & Lisle LLP")]
    assert parse_endnote("Jane Doe is head of the dairy team at Acme Ltd.") == [
        a("Jane Doe", "head of the dairy team", "Acme Ltd")]


def test_an_emails_preview_text_a_paywalls_teaser_and_a_sponsors_line_are_not_text():
    html = page(body_end=("<p>This is an NSP+ article. You are reading it because your company "
                          "has a group subscription. Get full access from NOK 299 a month.</p>"
                          "<p>Together with Ledgerleaf Payroll</p>")).replace(
        "<article>", "<span style='display:none; font-size:0px; max-height:0px; opacity:0;'>"
                     "From the Chair: the feed mill vote</span><article>")
    body = extract_article(html, "https://www.example.com/a")["body"]
    assert "NSP+" not in body and "Ledgerleaf" not in body and "feed mill" not in body


def test_an_open_letters_signers_listed_again_are_not_text():
    signers = ("<p><strong>Signed:</strong> Cllr Margaret Ashby, cabinet member for finance, "
               "Northshire County Council; Paul Everett CPFA, director of finance, Northshire "
               "County Council</p>")
    listed = ("<ul><li>Cllr Margaret Ashby, cabinet member for finance, Northshire County "
              "Council</li><li>Paul Everett CPFA, director of finance, Northshire County "
              f"Council</li></ul><p>{PROSE}</p>")
    record = extract_article(page(body_end=listed, after=signers),
                             "https://www.example.co.uk/open-letter")
    assert "Margaret Ashby" not in record["body"]
    assert a("Paul Everett CPFA", "director of finance", "Northshire County Council") in (
        record["authors"])


def test_a_place_with_a_capital_beyond_a_to_z_after_an_organisation():
    assert parse_endnote("Ingrid Solheim is senior adviser for alternative fuels at Skagerak "
                         "Fuel Advisory AS in Ålesund.") == [
        a("Ingrid Solheim", "senior adviser for alternative fuels", "Skagerak Fuel Advisory AS")]


def test_signatures_are_never_a_lists_items():
    size, found = signature_block([PROSE, "- Real Estate Agents", "- Consultants & Coaches",
                                   "- Home Service Providers"])
    assert found == []


# -- the twenty-seventh and twenty-eighth rounds (setAM: Drupal Thunder, Hashnode, Odoo, a 2006
# ASP site; setAN: Magento, Tilda, Notion via Super.so, Eleventy) --------------------------------

def test_an_unsigned_piece_filed_as_opinion_is_an_editorial_but_not_on_a_blog():
    html = page().replace("<title>Fees ignore the work</title>", (
        "<title>Fees ignore the work</title><meta property='article:section' content='Opinion'>"))
    assert extract_article(html, "https://www.example.co.uk/opinion/2025/05/16/fees")[
        "genre"] == "editorial"
    assert extract_article(html, "https://www.example.com/our-blog/2025/fees")["genre"] == (
        "opinion")


def test_an_interviews_byline_label_and_an_irish_letters_greeting_and_closing():
    html = page(byline="<p class='byline'>Interview: Sandra Küng</p>")
    record = extract_article(html, "https://www.example.ch/interview-seeblick")
    assert record["authors"] == [a("Sandra Küng")] and record["genre"] == "other"
    html = page(body_end=("<p>Is muidne,</p><p>Máire Nic Dhonnchadha RGN<br>Clinical nurse "
                          "manager<br>Áras Mhuire Nursing Home</p>")).replace(
        "<div class='body'>", "<div class='body'><p>A chara,</p>")
    record = extract_article(html, "https://www.example.ie/letters/shortages")
    assert "A chara" not in record["body"] and "Is muidne" not in record["body"]
    assert record["authors"] == [
        a("Máire Nic Dhonnchadha RGN", "Clinical nurse manager", "Áras Mhuire Nursing Home")]


def test_signers_side_by_side_in_a_table_under_the_text():
    # (the lines under the text that trafilatura left out, read from the page: a table's
    # cells a block each, the note under them not the text's last line)
    table = ("<table><tr><td><b>Graham Pottinger</b><br>General Manager<br>Bundarrah Shire "
             "Council</td><td><b>Lesley Duong</b><br>General Manager<br>Coolamin Shire Council"
             "</td></tr></table><p class='small'><i>Letters should be no more than 400 words and "
             "may be edited for length.</i></p>")
    tree = parse_page(page(body_end=table))
    note = "Letters should be no more than 400 words and may be edited for length."
    assert lines_after_text(tree, [PARAGRAPH_5, note]) == [
        "Graham Pottinger", "General Manager", "Bundarrah Shire Council", "Lesley Duong",
        "General Manager", "Coolamin Shire Council"]


def test_an_end_note_then_a_disclaimer_in_one_paragraph_and_credits_under_a_bio():
    html = page(body_end=("<p><em>Priya Chandran and Tom Elsworth are co-owners of Elsworth &amp; "
                          "Chandran Hardware in Ludlow, and sit on the association's policy "
                          "committee. The views expressed are their own.</em></p>"),
                byline="<p class='byline'>By Priya Chandran and Tom Elsworth</p>")
    assert extract_article(html, "https://www.example.co.uk/blog/rates-relief")["authors"] == [
        a("Priya Chandran", "co-owner", "Elsworth & Chandran Hardware"),
        a("Tom Elsworth", "co-owner", "Elsworth & Chandran Hardware")]
    html = page(body_end=("<p>Helen Ashcombe is Professor of Regional Governance at the "
                          "University of Southern Riverina.</p><p>Edited by Joanne Meeks, Council "
                          "Courier editor. Photo: RMCA Annual Conference (supplied).</p>"))
    record = extract_article(html, "https://www.example.com.au/article.asp?id=12")
    assert record["authors"] == [
        a("Helen Ashcombe", "Professor of Regional Governance", "University of Southern Riverina")]
    assert "Edited by" not in record["body"]


def test_letters_after_a_name_without_full_stops_and_a_french_readers_letter():
    assert parse_endnote("Dana Whitfield, PE, is director of virtual design and construction at "
                         "Harlow Brandt Builders in Denver.") == [
        a("Dana Whitfield, PE", "director of virtual design and construction",
          "Harlow Brandt Builders")]
    html = page(body_end=("<p>Réjean Gagnon<br>Camionneur propriétaire-exploitant<br>Rivière-du-"
                          "Loup</p><p><i>Le courrier des lecteurs est publié sous la "
                          "responsabilité de ses auteurs. La rédaction se réserve le droit "
                          "d'abréger les lettres.</i></p>")).replace("lang='en'", "lang='fr'")
    record = extract_article(html, "https://www.example.ca/courrier/haltes-routieres")
    assert record["authors"] == [a("Réjean Gagnon", "Camionneur propriétaire-exploitant")]
    assert "rédaction se réserve" not in record["body"]
