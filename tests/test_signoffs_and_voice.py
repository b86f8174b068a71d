"""Sign-offs wherever the page puts them, letter signatures over several lines, and the genre
of a piece no label names, from its voice."""

from pipelines.extract import extract_article
from pipelines.extract.bylines import looks_like_name
from pipelines.extract.classify import is_interview, voice_genre
from pipelines.extract.persons import is_placeholder

ARGUMENT = ("I have run this service for twelve years and I know what the cuts will do. We "
            "cannot keep asking our staff to absorb them, and my view is that we should say so "
            "plainly to ministers before the next budget is set. ")
REPORT = ("The council said on Tuesday that the scheme would close. A spokesperson told the "
          "committee the decision was final, and the leader added that savings were needed, "
          "according to the minutes. Unions said they would appeal. ")


def article(paragraphs: list[str], url="https://example.org/features/x") -> dict:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return extract_article(f"<html><body><article><h1>A headline for the piece</h1>{body}"
                           "</article></body></html>", url)


def people(record: dict) -> list[tuple]:
    return [(a["name"], a["role"], a["organisation"]) for a in record["authors"]]


LONG = [f"Paragraph {i} makes the case at length that the service needs stable funding over "
        "several years rather than one-off grants that arrive too late to plan with."
        for i in range(4)]


def test_a_signoff_followed_by_a_disclaimer_is_still_the_author():
    record = article(LONG + ["Dana Whitfield, partner, and Marcus Ortega, senior associate, "
                             "Hollis Brandt LLP.",
                             "This article is for general information only and does not "
                             "constitute legal advice."])
    assert people(record) == [("Dana Whitfield", "partner", "Hollis Brandt LLP"),
                              ("Marcus Ortega", "senior associate", "Hollis Brandt LLP")]
    assert "Hollis Brandt" not in record["body"] and "general information" not in record["body"]


def test_a_signoff_above_the_first_paragraph():
    record = article(["Dev Chaudhry, registered manager, Elmbrook Care Homes"] + LONG)
    assert people(record) == [("Dev Chaudhry", "registered manager", "Elmbrook Care Homes")]
    assert not record["body"].startswith("Dev Chaudhry")


def test_a_letter_signed_over_four_lines_after_yours_faithfully():
    record = article(LONG + ["Yours faithfully,", "Margaret Ellwood", "Chair of governors",
                             "Hollins Brook Primary School", "Thirsby"],
                     url="https://example.org/letters/x")
    assert people(record) == [("Margaret Ellwood", "Chair of governors",
                               "Hollins Brook Primary School")]
    assert "Yours faithfully" not in record["body"] and "Thirsby" not in record["body"]


def test_three_signers_each_over_a_name_line_and_a_role_line():
    record = article(LONG + ["Fiona Maclaren", "Clinical director, Glenbrae Veterinary Centre, "
                             "Aberfeldy", "Gareth Powys", "Partner, Powys & Lloyd Vets, Llandovery",
                             "Dr Annika Holt", "Locum veterinary surgeon, Kendal"],
                     url="https://example.org/letters/x")
    assert people(record) == [
        ("Fiona Maclaren", "Clinical director", "Glenbrae Veterinary Centre"),
        ("Gareth Powys", "Partner", "Powys & Lloyd Vets"),
        ("Dr Annika Holt", "Locum veterinary surgeon", None)]


def test_the_author_is_gives_the_named_author_a_role():
    html = ("<html><body><article><h1>A headline for the piece</h1>"
            "<p class='byline'>By Gareth Penrose</p>"
            + "".join(f"<p>{p}</p>" for p in LONG)
            + "<p><em>The author is chief executive of the Mixed Freight Shippers’ Association."
              "</em></p></article></body></html>")
    record = extract_article(html, "https://example.org/opinion/x")
    assert people(record) == [("Gareth Penrose", "chief executive",
                               "Mixed Freight Shippers’ Association")]
    assert "The author is" not in record["body"]


def test_readers_comments_after_their_heading_are_not_the_article():
    body = "".join(f"<p>{p}</p>" for p in LONG)
    record = extract_article(
        f"<html><body><article><h1>A headline for the piece</h1>{body}"
        "<h3>Readers' comments (2)</h3><p>AvionicsAndy - 12/08/2025 13:41</p>"
        "<p>Spot on about the shortage. We have had a vacancy open for eleven months and the "
        "agencies have nobody at all to send us.</p></article></body></html>",
        "https://example.org/features/x")
    assert "vacancy open" not in record["body"] and record["body"].startswith("Paragraph 0")


def test_a_headlines_words_in_the_url_are_no_genre_label():
    assert article(LONG, "https://example.org/front-of-house-why-we-stopped-recall-letters/")[
        "genre"] != "letter"
    assert article(LONG, "https://example.org/2025/06/rota-changes-push-vets-to-breaking-point")[
        "genre"] != "news"
    assert article(LONG, "https://example.org/2025/letter-of-the-week-rota-changes")[
        "genre"] == "letter"
    assert article(LONG, "https://example.org/letters/rota-changes-push-vets")["genre"] == "letter"


def test_a_drupal_article_promoted_to_the_front_page_keeps_its_author_box():
    body = "\n".join(f"<p>{p} {p}</p>" for p in LONG)  # paragraphs of running text
    html = ("<html><body><article class='node node--type-article node--promoted'>\n"
            "<h1>A headline for the piece</h1><div class='byline'>By Hannah Okoro</div>"
            f"<div class='node__content'>{body}</div>\n<div class='author-box'>"
            "<p class='author-box__bio'>"
            "Hannah Okoro is ports correspondent at Quayside Weekly. She covered logistics "
            "before.</p></div></div></article></body></html>")
    record = extract_article(html, "https://example.org/port-operations/x")
    assert people(record) == [("Hannah Okoro", "ports correspondent", "Quayside Weekly")]


def test_a_desk_account_named_for_the_publication_is_no_author():
    assert is_placeholder("TPV Editorial") and is_placeholder("Letters Desk")
    assert not is_placeholder("Tessa Morland")


def test_newsroom_roles_are_nobodys_surname():
    assert not looks_like_name("Ports Correspondent")
    assert looks_like_name("Ann Butler")


def test_a_particle_with_a_capital_inside_a_name():
    assert looks_like_name("Claire Le Goff") and looks_like_name("Jean De La Fontaine")
    assert not looks_like_name("Le Monde") and not looks_like_name("Zur Person")


def test_the_voice_of_a_text_names_its_genre_when_it_is_clear():
    assert voice_genre(ARGUMENT * 5) == "opinion"
    assert voice_genre(REPORT * 5) == "news"
    assert voice_genre(ARGUMENT) is None  # too short to tell
    assert voice_genre((ARGUMENT + REPORT) * 3) is None  # mixed


def test_the_we_of_a_quotation_is_the_speakers_not_the_writers():
    quoted = ("Orders for new housing fell again in January, the builders' federation reported. "
              "„Wir sehen Genehmigungen, die nicht mehr in Aufträge umgesetzt werden, und "
              "wir sehen Stornierungen“, so der Verband. Civil engineering orders rose by "
              "nine per cent, carried by councils and network operators, and commercial work "
              "edged up from a low base over the quarter. ")
    assert voice_genre(quoted * 4) == "news"
    assert voice_genre(quoted.replace("„", "").replace("“", "") * 4) != "news"


def test_an_unlabelled_first_person_piece_is_opinion_even_if_typed_as_news():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
    body = "".join(f"<p>{i}. {ARGUMENT}</p>" for i in range(5))
    record = extract_article(f"<html><head>{ld}</head><body><article><h1>Headline</h1>{body}"
                             "</article></body></html>", "https://example.org/x/y")
    assert record["genre"] == "opinion"
    body = "".join(f"<p>{i}. {REPORT}</p>" for i in range(5))
    record = extract_article(f"<html><head>{ld}</head><body><article><h1>Headline</h1>{body}"
                             "</article></body></html>", "https://example.org/x/y")
    assert record["genre"] == "news"


def test_a_desk_byline_and_a_photo_credit_are_not_the_text():
    record = article(["By Our Staff Reporter"] + LONG + [
        "The bridge, closed to traffic since Tuesday evening. Photo: Example Media"])
    assert "Staff Reporter" not in record["body"] and "Photo:" not in record["body"]
    assert record["authors"] == []
    assert "By Our Staff Reporter" in record["byline_raw"]


def test_where_someone_works_is_not_part_of_their_role():
    record = article(LONG + ["Niamh Okafor, senior charge nurse on an acute medical unit in "
                             "Lancashire"])
    assert people(record) == [("Niamh Okafor", "senior charge nurse", None)]


def test_a_desk_byline_with_a_date_after_it():
    record = article(["By IECJ Staff Reporter | 06/09/2024"] + LONG)
    assert "Staff Reporter" not in record["body"]


def test_short_site_page_addresses_that_begin_with_a_site_page_word():
    from pipelines.extract.classify import _site_page
    assert _site_page("https://example.fr/contact-et-publicite.html")
    assert _site_page("https://example.org/privacy-notice/")
    assert not _site_page("https://example.org/about-bugs/")  # an article about bugs
    assert not _site_page("https://example.org/contact-tracing-apps-failed-us-all/")


def test_an_article_split_over_blocks_of_one_kind_is_read_to_its_end():
    paragraphs = [f"Paragraph {i} of the tribune argues that geotechnical studies bought at the "
                  f"lowest price cost far more in the works that follow them." for i in range(8)]
    first = "".join(f"<p>{p}</p>" for p in paragraphs[:3])
    later = "".join(f"<p>{p}</p>" for p in paragraphs[3:])
    html = ("<html><body><div class='cmp-container'><h1>Ouvrages d'art</h1>"
            f"<div class='text'><div class='cmp-text'>{first}</div></div>"
            "<div class='teaser'><p>Lire aussi : <a href='/x'>Another piece</a></p></div>"
            f"<div class='text'><div class='cmp-text'>{later}</div></div>"
            "</div></body></html>")
    body = extract_article(html, "https://example.fr/tribunes/x.html")["body"]
    assert all(p in body for p in paragraphs)


def test_a_bylines_role_comes_before_an_end_notes_description():
    html = ("<html><body><article><h1>Serielles Sanieren braucht Förderung</h1>"
            "<div class='byline'>Von Matthias Brenner, Geschäftsführer der Brenner "
            "Holzsystembau GmbH</div>" + "".join(f"<p>{p}</p>" for p in LONG) +
            "<p>Matthias Brenner ist Zimmerermeister und Diplom-Ingenieur.</p>"
            "</article></body></html>")
    record = extract_article(html, "https://example.de/gastbeitrag/x")
    assert people(record) == [("Matthias Brenner", "Geschäftsführer", "Brenner Holzsystembau GmbH")]
    assert "Zimmerermeister" not in record["body"]


def test_the_signers_of_an_open_letter_after_a_label():
    signed = ("<p><strong>Signed:</strong> Helen Marsh, chief executive, Northfield Growers "
              "Cooperative; Tom Aske, chair, Fenland Salad Producers Association; Priya Raman, "
              "director of sustainability, Halden Foods; Gareth Pryce, managing director, Vale "
              "of Usk Soft Fruit; and Amelia Strand, head of fresh produce, Cooper &amp; Vane "
              "Supermarkets.</p>")
    html = ("<html><body><article><h1>An open letter on seasonal workers</h1>"
            + "".join(f"<p>{p}</p>" for p in LONG) + signed + "</article></body></html>")
    record = extract_article(html, "https://example.co.uk/letters/x")
    assert people(record) == [
        ("Helen Marsh", "chief executive", "Northfield Growers Cooperative"),
        ("Tom Aske", "chair", "Fenland Salad Producers Association"),
        ("Priya Raman", "director of sustainability", "Halden Foods"),
        ("Gareth Pryce", "managing director", "Vale of Usk Soft Fruit"),
        ("Amelia Strand", "head of fresh produce", "Cooper & Vane Supermarkets")]
    assert "Helen Marsh" not in record["body"]



def test_a_zur_person_bio_at_the_end_is_not_article_text():
    record = article(LONG + ["Zur Person: Jürgen Albrecht (54) ist seit 2017 Geschäftsführer der "
                             "Stadtwerke Erlenbrück GmbH."])
    assert "Zur Person" not in record["body"]


def test_an_interview_is_other_whatever_its_section_says():
    credits = ["Interview by Devin Achterberg, Senior Editor",
               "Dennis Carrow, retired funeral director, as told to Rachel Okonjo",
               "Propos recueillis par Claire Martin", "Das Gespräch führte Jonas Weber"]
    for credit in credits:
        assert is_interview(credit, LONG), credit
    turns = ["Q: Why did you bring the cleaning service back in house last year?",
             "A: Because the contract cost more every year and the wards saw less of it.",
             "Q: And what happened to the staff who worked for the contractor?",
             "A: They all transferred to us, on the same terms, and most are still here."]
    speakers = ["HPR: What changed for your clinics when you opened the remote service?",
                "Pekkala: Patients who had a remote session came back in person more often.",
                "HPR: Did any of the clinics lose patients to the remote service at all?",
                "Pekkala: No, they gained them, because small frictions stopped driving "
                "people away."]
    assert is_interview(None, turns + LONG) and is_interview(None, speakers)
    page = ("<html><body><article><h1>Remote care is the clinic's front door</h1>"
            "<p class='byline'>Interview by Devin Achterberg</p>"
            + "".join(f"<p>{p}</p>" for p in ARGUMENT.split(". ") * 3) + "</article></body></html>")
    assert extract_article(page, "https://example.org/opinion/front-door")["genre"] == "other"


def test_labels_and_one_question_do_not_make_an_interview():
    assert not is_interview("By Jane Doe, chief executive", LONG)
    notes = ["Note: figures are for England only.", "Source: NHS Digital, 2024."]
    assert not is_interview(None, LONG + notes)
    assert not is_interview(None, ["Q: What would help?", "A: Publish the numbers."] + LONG * 3)
    assert not is_interview(None, ["Jane: one.", "Jane: two.", "Jane: three.", "Jane: four."])


def test_a_list_of_labelled_fields_is_no_interview():
    fields = ["Headquarters: Leeds", "Company size: 250 staff", "Headquarters: York",
              "Company size: 90 staff", "Headquarters: Hull", "Company size: 40 staff"]
    assert not is_interview(None, fields + LONG)
    myths = ["Myth: skipping breakfast makes you gain weight, whatever else you eat that day.",
             "Fact: the studies that looked at this found no such effect on their own terms.",
             "Tip: eat when you are hungry and keep to meals you can plan around your week."] * 2
    assert not is_interview(None, myths)


def test_a_breadcrumb_trail_by_its_french_cms_name_gives_the_genre():
    text = "".join(f"<p>Paragraphe {i} : la revalorisation des secrétaires de mairie ne suffira "
                   "pas si les communes rurales restent seules face au recrutement.</p>"
                   for i in range(5))
    record = extract_article(
        "<html><body><p class='arbo'><a href='/'>Accueil</a> &gt; <a href='-Courrier-des-"
        "lecteurs-'>Courrier des lecteurs</a> &gt; <strong>Secrétaires de mairie : la "
        "revalorisation ne suffira pas, et les communes rurales le savent bien</strong></p>"
        f"<article><h1>Secrétaires de mairie : la revalorisation ne suffira pas</h1>{text}"
        "</article></body></html>", "https://example.fr/Secretaires-de-mairie")
    assert record["genre"] == "letter"
