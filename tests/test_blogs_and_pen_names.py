"""Shapes met on the thirteenth and fourteenth rounds of pages written blind (setY, setZ): a
blog whose text sits in <div>s under a sidebar of contributors and popular posts, the
microformat's published date, party labels and Irish titles of councillors, American
architects' and nurses' letters, Austrian titles, pen names, Spanish signature boxes, two roles
in one end note, sign-off boxes written as notes, a leader's label in the byline's place, a
letter greeting its editor by name. Each case is one the extractor read wrongly before its
change."""

from pipelines.extract import extract_article
from pipelines.extract.boilerplate import boilerplate_kind
from pipelines.extract.bylines import parse_byline, parse_signoff
from pipelines.extract.endnotes import parse_endnote
from pipelines.extract.persons import is_placeholder

TEXT = ("Every local authority in the country now has a vacant homes officer, and that is a "
        "genuine achievement that would have seemed unlikely a decade ago. The properties that "
        "remain are the difficult ones: homes tied up in disputed estates, buildings whose "
        "owners live abroad and cannot be traced, and shops with flats overhead.")


def a(name, role=None, organisation=None):
    return {"name": name, "role": role, "organisation": organisation}


def blog_post(signature: str) -> bytes:
    """A classic blog template: the title in an <h3>, the text in <div>s, the date in the
    microformat's <abbr>, a sidebar of contributors and of popular posts with their dates."""
    return f"""<html><head>
<title>The Council Chamber: Vacant homes will not fill themselves</title></head><body>
<div id="header"><h1 class="title"><a href="/">The Council Chamber</a></h1></div>
<div id="main"><h2 class="date-header">Dé Céadaoin, 19 Márta 2025</h2>
<div class="post hentry"><h3 class="post-title entry-title">Vacant homes will not fill
themselves</h3><div class="post-body entry-content"><div>{TEXT}</div><div><br/></div>
<div>{TEXT}</div><div>{signature}</div></div>
<div class="post-footer">posted by <span class="author vcard"><span class="fn">AILC
Secretariat</span></span> at <abbr class="published" title="2025-03-19T10:45:00Z">10:45</abbr>
</div></div></div>
<div id="sidebar"><div class="widget Profile"><h2>Contributors</h2><ul>
<li><a class="profile-name-link" href="https://www.blogger.com/profile/0918">AILC
Secretariat</a></li><li><a class="profile-name-link" href="https://www.blogger.com/profile/1102">
Aoife Brennan</a></li>
</ul></div><div class="widget PopularPosts"><h2>Popular Posts</h2><ul>
<li><div class="item-title"><a href="/2025/01/lpt-review.html">LPT baseline review: what councils
stand to lose</a></div><div class="item-snippet">By Cllr Pádraig Ó Súilleabháin, 21 January
2025</div></li></ul></div></div></body></html>""".encode()


URL = "https://ailc-councilchamber.blogspot.com/2025/03/vacant-homes.html"


def test_a_blog_post_dates_by_its_microformat_and_takes_no_author_from_the_sidebar():
    record = extract_article(blog_post("Declan Moriarty, Chief Executive, Leitrim County "
                                       "Council"), URL)
    assert record["title"] == "Vacant homes will not fill themselves"  # (the <h1>: the blog's)
    assert record["published"][:10] == "2025-03-19"  # not the popular post's 21 January
    assert record["authors"] == [a("Declan Moriarty", "Chief Executive",
                                   "Leitrim County Council")]


def test_a_councillors_party_label_and_irish_title():
    note = ("Cllr Máire Ní Dhonnchadha (Ind) is Cathaoirleach of Clare County Council and a "
            "member of the AILC National Executive. She lives in Ennistymon, Co Clare.")
    assert parse_endnote(note) == [a("Cllr Máire Ní Dhonnchadha", "Cathaoirleach",
                                     "Clare County Council")]
    assert parse_signoff("Cllr Jane Doe (Lab), leader, Northshire County Council (NCC)") == [
        a("Cllr Jane Doe", "leader", "Northshire County Council (NCC)")]


def test_american_letters_after_names_sharing_one_firm():
    line = ("Maria Delgado, P.E., principal, and Kevin Osei, AIA, LEED AP, senior associate, "
            "Halvorsen Draper Inc., Columbus, Ohio.")
    assert parse_signoff(line) == [
        a("Maria Delgado, P.E.", "principal", "Halvorsen Draper Inc"),
        a("Kevin Osei, AIA, LEED AP", "senior associate", "Halvorsen Draper Inc")]


def test_a_column_names_disclaimer_and_a_guest_account():
    assert boilerplate_kind("Viewpoints columns reflect the opinions of their authors and not "
                            "necessarily those of Jobsite Quarterly.") == "disclaimer"
    assert is_placeholder("JSQ Guest Contributor")
    assert not is_placeholder("BR24 Redaktion")  # a desk that signs: kept, as before


def test_a_pen_name_is_the_author_with_the_role_the_note_gives():
    assert parse_endnote("The Townland Watcher is the pen name of a former county manager who "
                         "served in three local authorities.") == [
        a("The Townland Watcher", "former county manager")]


def test_of_two_roles_in_one_note_the_one_held_in_an_organisation():
    note = ("Tom Pryce MBE is an arable farmer at Kingsland, Herefordshire, and county chair of "
            "NFU Herefordshire.")
    assert parse_endnote(note) == [a("Tom Pryce MBE", "county chair", "NFU Herefordshire")]
    # (one role with "and" inside it stays whole)
    assert parse_endnote("Jane Doe is a partner and head of employment at Smith LLP.") == [
        a("Jane Doe", "partner and head of employment", "Smith LLP")]


def test_a_spanish_signature_box_and_a_retired_captain():
    page = f"""<html><head><title>Tribuna</title></head><body><article>
<h1>El transitario no es un intermediario prescindible</h1>
<div class="rpl-firma"><strong class="rpl-firma__nombre">Carmen Aldana Ruiz</strong><br>
<span class="rpl-firma__cargo">Presidenta de la Asociación de Transitarios del Levante (ATL)</span>
</div><p>{TEXT}</p><p>{TEXT}</p></article></body></html>""".encode()
    record = extract_article(page, "https://www.example.es/opinion/tribuna/2187-el-transitario")
    assert record["authors"] == [a("Carmen Aldana Ruiz", "Presidenta",
                                   "Asociación de Transitarios del Levante (ATL)")]
    assert parse_signoff("Luis Ferrer Ibáñez, capitán de la marina mercante, jubilado") == [
        a("Luis Ferrer Ibáñez", "capitán de la marina mercante, jubilado")]


# -- the fourteenth round (setZ) ---------------------------------------------------------------

def test_nurses_letters_and_austrian_titles_and_roles():
    assert parse_endnote("Denise Okafor, DNP, RN, is chief nursing officer at Prairie Crest "
                         "Health Inc.") == [a("Denise Okafor, DNP, RN", "chief nursing officer",
                                              "Prairie Crest Health Inc")]
    assert parse_byline("Ein Kommentar von Baumeister Ing. Karl Steinwender, Geschäftsführer "
                        "der Steinwender Bau GmbH") == [
        a("Baumeister Ing. Karl Steinwender", "Geschäftsführer", "Steinwender Bau GmbH")]
    assert parse_signoff("Dipl.-Ing. Martina Hofer-Lenz, Ziviltechnikerin für "
                         "Bauingenieurwesen") == [
        a("Dipl.-Ing. Martina Hofer-Lenz", "Ziviltechnikerin für Bauingenieurwesen")]


def test_a_sign_off_box_written_as_an_end_note_on_a_page_whose_template_says_comment():
    """<body class="template-comment"> names the page's template, not a comment section; the
    sign-off in a box of its own under the text is a note ("A is X, and B is Y, at Z")."""
    page = f"""<html><head><title>Disclosure</title></head><body class="template-comment">
<main><article><h1>The disclosure pilot has become a form to fill in</h1>
<p class="c-byline">By Priya Raman and Tom Aldous</p><p>{TEXT}</p><p>{TEXT}</p>
<footer class="c-article__footer"><p class="c-article__signoff"><em>Priya Raman is a partner
and head of dispute resolution, and Tom Aldous is a senior associate, at Hexham Rowe
LLP.</em></p></footer></article></main></body></html>""".encode()
    record = extract_article(page, "https://www.example.co.uk/comment/disclosure-pilot")
    assert record["authors"] == [
        a("Priya Raman", "partner and head of dispute resolution", "Hexham Rowe LLP"),
        a("Tom Aldous", "senior associate", "Hexham Rowe LLP")]


def test_an_unsigned_leaders_label_in_the_bylines_place_is_no_author():
    assert is_placeholder("Leader") and is_placeholder("Comment")
    assert not is_placeholder("Jane Leader")


def test_a_letter_to_the_editor_by_her_first_name_opens_with_its_greeting():
    page = f"""<html><head><title>Letters</title></head><body><article>
<h1>Night shift deserves a voice in scheduling</h1><p>Dear Rachel,</p><p>{TEXT}</p>
<p>{TEXT}</p></article></body></html>""".encode()
    record = extract_article(page, "https://example.substack.com/p/letter-night-shift")
    assert not record["body"].startswith("Dear Rachel") and record["genre"] == "letter"
