"""Shapes met on the fifteenth round of pages written blind (setAA: DNN, Plone, Kentico,
Liferay; English, French and German): pharmacists', miners' and tax advisers' letters after a
name, a Belgian veterinary doctorate, two letter signers sharing the organisation under the
last one's role, a tagline in italics under the text, a pen name described in an author box,
a role of two joined words ("pharmacist-owner"), a "Bio express" box, French lists of other
letters, a French editorial's section. Each case is one the extractor read wrongly before its
change."""

from pipelines.extract import extract_article
from pipelines.extract.bylines import clean
from pipelines.extract.endnotes import parse_endnote
from pipelines.extract.names import fold_name, merge_authors, name_key
from pipelines.extract.signatures import parse_signature

PARAGRAPHS = "".join(
    f"<p>Paragraph {i}: the province keeps widening what pharmacists may do, and it has not yet "
    f"paid for the time that the work takes at the counter, which owners now absorb.</p>"
    for i in range(6))


def a(name, role=None, organisation=None):
    return {"name": name, "role": role, "organisation": organisation}


def page(body_end: str = "", head: str = "", byline: str = "", after: str = "") -> str:
    return (f"<html lang='en'><head><title>Fees ignore the work</title>{head}</head><body>"
            f"<article><h1>Fees ignore the work</h1>{byline}<div class='body'>{PARAGRAPHS}"
            f"{body_end}</div>{after}</article></body></html>")


def test_two_signers_share_the_organisation_under_the_last_ones_role():
    signature = ("<p class='letter-end'><strong>Daniel Okafor, PharmD</strong><br>Clinical "
                 "pharmacist<br><strong>Mei-Lin Chow, RPh</strong><br>Pharmacy manager<br>"
                 "Riverside Health Pharmacy Inc.<br>Thunder Bay, Ont.</p>")
    record = extract_article(page(signature), "https://www.example.ca/letters/cabinets")
    assert record["authors"] == [
        a("Daniel Okafor, PharmD", "Clinical pharmacist", "Riverside Health Pharmacy Inc"),
        a("Mei-Lin Chow, RPh", "Pharmacy manager", "Riverside Health Pharmacy Inc")]
    assert "Riverside Health" not in record["body"] and "Thunder Bay" not in record["body"]


def test_letters_and_titles_of_pharmacists_vets_and_tax_advisers():
    assert parse_signature(["Dr Méd. Vét. Marc Delvaux", "vétérinaire praticien",
                            "Clinique vétérinaire des Hautes Fagnes SRL", "Malmedy"]) == [
        a("Dr Méd. Vét. Marc Delvaux", "vétérinaire praticien",
          "Clinique vétérinaire des Hautes Fagnes SRL")]
    assert parse_signature(["Claudia Henning, WP, StB", "Geschäftsführerin, Henning & Roeder "
                            "Treuhand GmbH, Regensburg"]) == [
        a("Claudia Henning, WP, StB", "Geschäftsführerin", "Henning & Roeder Treuhand GmbH")]
    assert parse_endnote("Karen Whitlock FAusIMM is general manager operations at Marandoo "
                         "Ridge Minerals Pty Ltd.") == [
        a("Karen Whitlock FAusIMM", "general manager operations",
          "Marandoo Ridge Minerals Pty Ltd")]


def test_a_role_of_two_joined_role_words():
    assert parse_endnote("Priya Raman, RPh, BScPhm, is pharmacist-owner of Lakeshore Family "
                         "Pharmacy Inc. in Oakville, Ont.") == [
        a("Priya Raman, RPh, BScPhm", "pharmacist-owner", "Lakeshore Family Pharmacy Inc")]


def test_an_authors_tagline_under_the_text_gives_the_role():
    byline = ("<span class='post-author'>By <a href='/authors/priya-raman'>Priya Raman</a>, "
              "RPh</span>")
    tagline = ("<p class='author-tagline'><em>Priya Raman, RPh, is pharmacist-owner of "
               "Lakeshore Family Pharmacy Inc. in Oakville, Ont.</em></p><p class='disclaimer'>"
               "<small>Opinions expressed in this column are those of the author.</small></p>")
    record = extract_article(page(tagline, byline=byline),
                             "https://www.example.ca/opinion/fees")
    assert record["authors"] == [a("Priya Raman, RPh", "pharmacist-owner",
                                   "Lakeshore Family Pharmacy Inc")]


def test_a_link_in_a_byline_leaves_no_space_before_its_comma():
    assert clean("Priya Raman , RPh, BScPhm") == "Priya Raman, RPh, BScPhm"


def test_a_pen_names_author_box_gives_its_role():
    head = ('<script type="application/ld+json">{"@type": "OpinionNewsArticle", "headline": '
            '"Fees ignore the work", "author": {"@type": "Person", "name": "The Prospector"}}'
            "</script>")
    box = ("<div class='author-box'><h4>About the columnist</h4><p>The Prospector is a retired "
           "mine manager who has worked across the Pilbara. The column appears fortnightly."
           "</p></div>")
    record = extract_article(page(head=head, after=box), "https://www.example.com.au/opinion/x")
    assert record["authors"] == [a("The Prospector", "retired mine manager")]


def test_a_hyphenated_degree_and_letters_with_a_slash_fold_away():
    assert fold_name("Dipl.-Kfm. Jörg Wendt, WP/StB") == fold_name("Jörg Wendt")
    assert name_key("Dipl.-Kfm. Jörg Wendt, WP/StB") == name_key("Jörg Wendt")
    assert merge_authors([a("Dipl.-Kfm. Jörg Wendt, WP/StB", "Partner")], [a("Jörg Wendt")]) == [
        a("Dipl.-Kfm. Jörg Wendt, WP/StB", "Partner")]


def test_a_bio_box_and_a_french_list_of_other_letters_are_not_the_text():
    bio = ("<div class='encadre bio'><h3>Bio express</h3><p>Diplômée de l'Université de Liège "
           "en 2001, elle exerce en clinique pour animaux de compagnie à Wavre.</p></div>")
    others = ("<div class='courrier-autres'><h2>Autres lettres</h2><ul><li><a href='/courrier/"
              "chats'>Identification des chats : des contrôles, enfin ?</a> — Claire Dumont, "
              "Namur</li><li><a href='/courrier/cabinet'>Agressions au cabinet : la profession "
              "doit se parler</a> — Thierry Bastin, Liège</li></ul></div>")
    record = extract_article(page(bio + others), "https://www.example.be/courrier/x")
    assert "Diplômée" not in record["body"]
    assert "Autres lettres" not in record["body"] and "Identification" not in record["body"]


def test_a_french_editorials_section_in_its_address():
    record = extract_article(page(), "https://www.example.be/editoriaux/garde-rurale")
    assert record["genre"] == "editorial"


# -- shapes left on earlier blind sets (setT, setV, setZ), read after the fifteenth round -----

def test_a_german_or_dutch_role_before_the_organisations_kind():
    from pipelines.extract.bylines import split_role_organisation

    assert split_role_organisation("Geschäftsführer Stadtwerke Lindau") == (
        "Geschäftsführer", "Stadtwerke Lindau")
    assert split_role_organisation("voorzitter Huurdersvereniging De Eendracht") == (
        "voorzitter", "Huurdersvereniging De Eendracht")
    assert split_role_organisation("wethouder Wonen gemeente Almelo") == (
        "wethouder Wonen", "gemeente Almelo")
    assert split_role_organisation("directeur-bestuurder van woningcorporatie Stadswonen "
                                   "Zwolle") == ("directeur-bestuurder", "Stadswonen Zwolle")
    assert split_role_organisation("chief executive Northshire County Council") == (
        "chief executive Northshire County Council", None)  # (English: no such split)


def test_dutch_titles_in_lower_case():
    from pipelines.extract.bylines import parse_signoff

    assert parse_signoff("ir. Femke Bakker, voorzitter Huurdersvereniging De Eendracht, "
                         "Almelo") == [a("ir. Femke Bakker", "voorzitter",
                                         "Huurdersvereniging De Eendracht")]


def test_a_drupal_author_block_of_name_and_function_fields():
    block = ("<div class='author-block'><div class='field field--name-field-naam'>Henk-Jan van "
             "Dijk</div><div class='field field--name-field-functie'>directeur-bestuurder van "
             "woningcorporatie Stadswonen Zwolle</div></div>")
    record = extract_article(page(after=block), "https://www.example.nl/opinie/bouwen")
    assert record["authors"] == [
        a("Henk-Jan van Dijk", "directeur-bestuurder", "Stadswonen Zwolle")]


def test_publishers_notes_and_labels_are_boilerplate():
    from pipelines.extract.boilerplate import boilerplate_kind

    assert boilerplate_kind("Council Matters publishes guest contributions from practitioners "
                            "and researchers. Opinions are those of the contributor.")
    assert boilerplate_kind("Ondertekend door:") and boilerplate_kind("Signed by:")
    assert boilerplate_kind("This post is for paid subscribers")
    assert boilerplate_kind("Korrektur: In einer früheren Fassung dieses Beitrags hieß es, "
                            "die Quote liege bei 12 Prozent.")
    assert not boilerplate_kind("Council Matters publishes its findings on Monday.")


def test_letter_sections_in_dutch_and_french_addresses():
    assert extract_article(page(), "https://www.example.nl/ingezonden/huurbevriezing")[
        "genre"] == "letter"
    assert extract_article(page(), "https://www.example.fr/2025/10/03/courrier-lecteurs-prix")[
        "genre"] == "letter"


def test_signers_one_a_line_share_the_unit_line_under_them():
    signature = ("<p>Kayla Brandt, RN, BSN<br>Luis Ortega, RN<br>Tamika Brooks, LPN<br>Deb "
                 "Harlan, RN, charge nurse<br>Anthony Russo, RN, CCRN</p><p><em>Night shift, 5 "
                 "North Medical-Surgical, Mercy Valley Hospital, Dayton, Ohio</em></p>")
    record = extract_article(page(signature), "https://www.example.com/letters/night-shift")
    hospital = "Mercy Valley Hospital"
    assert record["authors"] == [
        a("Kayla Brandt, RN, BSN", None, hospital), a("Luis Ortega, RN", None, hospital),
        a("Tamika Brooks, LPN", None, hospital), a("Deb Harlan, RN", "charge nurse", hospital),
        a("Anthony Russo, RN, CCRN", None, hospital)]


def test_a_letters_greeting_after_an_editors_introduction():
    intro = ("<p>Several of you wrote in after last month's post. This letter, from a night "
             "team, was signed by five nurses.</p><p>Dear Rachel,</p>")
    html = page().replace("<div class='body'>", "<div class='body'>" + intro)
    record = extract_article(html, "https://www.example.com/letters/night-shift")
    assert "Dear Rachel" not in record["body"] and "Several of you" in record["body"]


def test_an_end_note_saying_what_they_do_before_what_they_are():
    assert parse_endnote("Aroha Ngata ONZM farms 420 cows near Morrinsville and is dairy chair "
                         "of Federated Farmers Waikato.") == [
        a("Aroha Ngata ONZM", "dairy chair", "Federated Farmers Waikato")]
    assert parse_endnote("Franz Aigner war 38 Jahre lang Polier bei einem Bauunternehmen und "
                         "ist heute Polier im Ruhestand.") == [
        a("Franz Aigner", "Polier im Ruhestand")]
    assert parse_endnote("Jane Doe is head of policy at Shelter and is a trustee of Crisis.") == [
        a("Jane Doe", "head of policy", "Shelter")]  # (the first of two roles)


def test_an_author_boxs_heading_is_no_author():
    box = ("<div class='author-box'><h4>Zum Autor</h4><p>Franz Aigner war 38 Jahre lang Polier "
           "bei einem Bauunternehmen und ist heute Polier im Ruhestand.</p></div>")
    html = page(after=box, byline="<p class='byline'>Von Franz Aigner</p>").replace(
        "lang='en'", "lang='de'")
    record = extract_article(html, "https://www.example.at/meinung/lehrlinge")
    assert record["authors"] == [a("Franz Aigner", "Polier im Ruhestand")]


# -- the sixteenth round (setAB: SharePoint, ExpressionEngine, Concrete CMS, Storyblok) ----------

def test_irish_nursing_grades_and_a_department_after_a_role():
    assert parse_signature(["Pádraig Lynch", "ADON, Public Health Nursing",
                            "HSE Cork Kerry Community Healthcare"]) == [
        a("Pádraig Lynch", "ADON, Public Health Nursing", "HSE Cork Kerry Community Healthcare")]
    assert parse_endnote("Siobhán Ní Bhriain RGN, RPHN is a clinical nurse manager 2 in public "
                         "health nursing with HSE Community Healthcare Kerry, based in Tralee, "
                         "Co Kerry.") == [
        a("Siobhán Ní Bhriain RGN, RPHN", "clinical nurse manager 2 in public health nursing",
          "HSE Community Healthcare Kerry")]


def test_an_organisation_in_brackets_after_the_last_name():
    from pipelines.extract.bylines import parse_byline

    assert parse_byline("Words: Owen Pritchard and Dr Leila Haddad (Castlebeck Engineering)") == [
        a("Owen Pritchard"), a("Dr Leila Haddad", None, "Castlebeck Engineering")]
    assert parse_byline("drs. Marleen Bosch en mr. Jeroen Kuiper (Transport en Logistiek "
                        "Nederland)") == [
        a("drs. Marleen Bosch"), a("mr. Jeroen Kuiper", None, "Transport en Logistiek Nederland")]
    assert parse_byline("Chus del Pino, Martí Abad (Enviado especial)") == []  # (a role)


def test_a_photographers_credit_in_a_caption_is_no_byline():
    figure = ("<figure><img src='/a.jpg' alt=''><figcaption>The loadout near Eldora. <span "
              "class='credit'>Photo by Jesse Martinez</span></figcaption></figure>")
    byline = "<p class='byline'>By Dana Kowalski, Senior Editor</p>"
    html = page(byline=byline).replace("<div class='body'>", "<div class='body'>" + figure)
    record = extract_article(html, "https://www.example.com/news/hallberg")
    assert [x["name"] for x in record["authors"]] == ["Dana Kowalski"]


def test_dutch_italian_and_portuguese_month_names():
    from pipelines.extract.dates import find_date_in_text

    assert find_date_in_text("12 maart 2025", languages=["nl"])[0] == "2025-03-12"
    assert find_date_in_text("3 maggio 2024", languages=["it"])[0] == "2024-05-03"
    assert find_date_in_text("5 de março de 2024", languages=["pt"])[0] == "2024-03-05"


def test_a_masthead_date_widget_and_a_themes_module_of_other_posts_give_no_date():
    masthead = ("<div class='tdb_header_date'><div class='tdb-head-date-txt'>sábado, 4 de outubro "
                "de 2025</div></div>")
    module = ("<div class='td_module_flex'><h3><a href='/mercado/safra'>Safra de soja deve superar "
              "175 milhões de toneladas</a></h3><span class='td-post-date'>29 de setembro de 2025"
              "</span></div>")
    html = (f"<html lang='pt'><head><title>Crédito rural</title></head><body>{masthead}{module}"
            f"<article><h1>Crédito rural precisa chegar ao médio produtor</h1><p class='meta'>"
            f"Publicado em 2 de setembro de 2025</p>{PARAGRAPHS}</article></body></html>")
    record = extract_article(html, "https://www.example.com.br/entrevistas/credito-rural",
                             fetched_at="2025-10-04T12:00:00Z")
    assert record["published"][:10] == "2025-09-02"


def test_dutch_editing_credits_and_write_in_prompts_are_boilerplate():
    from pipelines.extract.boilerplate import boilerplate_kind

    assert boilerplate_kind("Bewerkt door: Annelies Brouwer")
    assert boilerplate_kind("Reageren? Stuur uw brief (max. 350 woorden) naar redactie@example.nl")
    assert boilerplate_kind("Opinions expressed are the author's own and not those of the "
                            "Institution.")


def test_an_author_box_heading_without_a_colon_starts_the_bio_cut_from_the_text():
    from pipelines.extract.tail import cut_about_tail

    body = ["A paragraph of the column.", "Another paragraph of it.", "Over de columnist",
            "ir. Pieter van Dam is directeur van Van Dam Transport B.V. in Oosterhout."]
    assert cut_about_tail(body, set()) and body == ["A paragraph of the column.",
                                                     "Another paragraph of it."]


# -- shapes left on setK and setX, read after the sixteenth round -----------------------------

def test_bare_names_over_one_line_of_role_and_organisation_each_take_the_role():
    signature = ("<p><strong>Rev. Alan Pritchard</strong><br><strong>Cllr Joan Mayhew</strong><br>"
                 "<strong>Dr Samuel Osei</strong></p><p><em>Trustees, Westfield Natural Burial "
                 "Trust</em><br><em>Hereford, 7 April 2025</em></p>")
    record = extract_article(page(signature), "https://www.example.co.uk/letters/burial")
    trust = "Westfield Natural Burial Trust"
    assert record["authors"] == [a("Rev. Alan Pritchard", "Trustee", trust),
                                 a("Cllr Joan Mayhew", "Trustee", trust),
                                 a("Dr Samuel Osei", "Trustee", trust)]


def test_a_swiss_hospital_is_an_organisation():
    assert parse_signature(["lic. oec. Markus Vonlanthen", "Präsident des Verwaltungsrates",
                            "Regionalspital Seeland-Jura", "Biel/Bienne"]) == [
        a("lic. oec. Markus Vonlanthen", "Präsident des Verwaltungsrates",
          "Regionalspital Seeland-Jura")]


def test_german_cookie_notices_and_subscription_pitches_are_boilerplate():
    from pipelines.extract.boilerplate import boilerplate_kind

    assert boilerplate_kind("Diese Website verwendet Cookies, um Ihnen ein optimales "
                            "Nutzererlebnis zu bieten.") == "cookie_notice"
    assert boilerplate_kind("Lesen Sie alle Beiträge aus Spitalpolitik, Management und Pflege – "
                            "gedruckt und digital. Jetzt 3 Ausgaben gratis testen.")
    assert boilerplate_kind("Probeabo bestellen") and boilerplate_kind("2 Wochen kostenlos testen")
    assert boilerplate_kind("This column is for subscribers")


# -- the seventeenth round (setAC: SilverStripe, Beehiiv, MODX, Statamic) ------------------------

def test_australian_councillors_and_councils():
    from pipelines.extract.names import fold_name

    assert fold_name("Cr Helen Marsh") == fold_name("Helen Marsh")
    signature = ("<div class='letter__signature'><p><strong>Renata Kowalczyk</strong><br>Director "
                 "Corporate Services<br>City of Karrabee</p><p><strong>Owen Batchelor</strong><br>"
                 "Manager Procurement and Contracts<br>Shire of Wandoo</p></div>")
    record = extract_article(page(signature), "https://www.example.com.au/letters/shared")
    assert record["authors"] == [
        a("Renata Kowalczyk", "Director Corporate Services", "City of Karrabee"),
        a("Owen Batchelor", "Manager Procurement and Contracts", "Shire of Wandoo")]


def test_a_doctors_letters_before_a_role_and_unlisted_letters_after_listed_ones():
    from pipelines.extract.bylines import parse_byline, parse_signoff

    assert parse_byline("By David Lindqvist, MD, chief medical information officer, Brookfield "
                        "Health System") == [
        a("David Lindqvist, MD", "chief medical information officer", "Brookfield Health System")]
    assert parse_signoff("John Smith, MD, Acme Engineering Ltd") == [
        a("John Smith", "MD", "Acme Engineering Ltd")]  # (a managing director)
    assert parse_endnote("Maria Chen, PharmD, BCPS, is director of pharmacy at Lakeshore Health "
                         "System in Milwaukee, Wisconsin, where she oversees four hospitals.") == [
        a("Maria Chen, PharmD, BCPS", "director of pharmacy", "Lakeshore Health System")]


def test_a_gaelic_particle_in_a_name():
    from pipelines.extract.bylines import looks_like_name

    assert looks_like_name("Bean a' Chroit") and looks_like_name("Iain Mac a’ Phearsain")


def test_a_pen_names_bio_and_publishers_notes_leave_the_text():
    bio = ("<p><em>Bean a' Chroit keeps 60 Blackface ewes on a croft in Wester Ross. Her "
           "identity is known to the editor.</em></p>")
    html = page(bio, byline="<span class='byline'>By Bean a' Chroit</span>")
    record = extract_article(html, "https://www.example.scot/opinion/croft-diary")
    assert "Blackface" not in record["body"] and "identity" not in record["body"]
    from pipelines.extract.boilerplate import boilerplate_kind

    assert boilerplate_kind("Op-eds in The Dispensary are written by practicing clinicians and "
                            "edited for clarity.")
    assert boilerplate_kind("Dans ce numéro") and boilerplate_kind("Éditoriaux précédents")


def test_people_credited_for_other_work_are_not_authors():
    byline = ("<p class='byline'>By Emily Way Fact-checked by Paul Rankin Tested by Katie "
              "Bandurski and Mary Henn</p>")
    box = ("<div class='author-bio'><p>Mary Henn, MA, is a shopping editor at Taste of Home."
           "</p></div>")
    record = extract_article(page(byline=byline, after=box), "https://www.example.com/grills")
    assert [x["name"] for x in record["authors"]] == ["Emily Way"]


def test_the_sites_name_in_its_footer_is_not_the_headline():
    html = ("<html><head><title>Passerelle de la Thièle : n'oublions pas l'entretien – Tracés & "
            "Chantiers</title></head><body><h1>Passerelle de la Thièle : n'oublions pas "
            f"l'entretien</h1>{PARAGRAPHS}<div id='footer'><h4>Tracés & Chantiers</h4><p>Éditions"
            " du Léman SA</p></div></body></html>")
    record = extract_article(html, "https://www.example.ch/opinions/passerelle")
    assert record["title"] == "Passerelle de la Thièle : n'oublions pas l'entretien"


# -- the eighteenth round (setAD: Bolt, Grav, a Django newsroom, Textpattern) -------------------

def test_a_headline_in_the_title_and_an_h2_not_the_sites_name_in_the_footer():
    html = ("<html><head><title>Einwegpfand: Die Filialen tragen die Last | HandelsBlick "
            "Lebensmittel</title></head><body><h2><a href='/leserbriefe/einwegpfand'>Einwegpfand: "
            f"Die Filialen tragen die Last</a></h2>{PARAGRAPHS}<div class='site-footer'><h5>"
            "HandelsBlick Lebensmittel</h5></div></body></html>")
    record = extract_article(html, "https://www.example.at/leserbriefe/einwegpfand")
    assert record["title"] == "Einwegpfand: Die Filialen tragen die Last"


def test_more_disclaimers_and_write_in_prompts():
    from pipelines.extract.boilerplate import boilerplate_kind

    assert boilerplate_kind("Opinions expressed by contributors are their own.") == "disclaimer"
    assert boilerplate_kind("Miner & Power Weekly editorials represent the view of the "
                            "publication's editorial board.") == "disclaimer"
    assert boilerplate_kind("Ihre Meinung ist gefragt: Schreiben Sie an leserbriefe@example.at")

