"""Only the article's own byline area, sign-off and author box name its authors: never the
lists of other pieces around it, nor the people credited for something else."""

from pipelines.extract import extract_article

PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of the piece argues at length that the county's roads budget has been "
    f"cut too far for too long, and that the repair backlog now costs more than it saves.</p>"
    for i in range(5))


def page(article_extra: str = "", outside: str = "") -> str:
    return ("<html><head><title>Roads</title></head><body><main><article>"
            "<h1>Potholes are a false economy</h1>"
            f"<div class='byline'>By Jane Lowe</div>{article_extra}{PARAGRAPHS}</article>"
            f"{outside}</main></body></html>")


def names(html: str) -> list[str]:
    return [a["name"] for a in extract_article(html, "https://example.org/comment/x")["authors"]]


def test_authors_in_a_sidebar_of_other_pieces_are_not_the_articles():
    sidebar = ("<aside class='rail'><h2>Most read</h2><ul><li><a href='/a'>Council tax rise "
               "approved after long debate</a><span class='author'>By Tom Roe</span></li></ul>"
               "</aside>")
    assert names(page(outside=sidebar)) == ["Jane Lowe"]


def test_a_list_item_with_another_headline_is_a_teaser_wherever_it_is():
    teasers = ("<ul class='more'><li><a href='/b'>Why the bus franchising model is spreading "
               "north</a> <span class='byline'>Ann Lee</span></li></ul>")
    assert names(page(article_extra=teasers)) == ["Jane Lowe"]


def test_an_author_box_inside_the_article_still_counts():
    box = ("<aside class='author-card'><p class='author-name'>Jane Lowe</p><p class='author-bio'>"
           "Jane Lowe is head of highways at Northshire County Council.</p></aside>")
    record = extract_article(page(article_extra=box), "https://example.org/comment/x")
    assert [(a["name"], a["role"], a["organisation"]) for a in record["authors"]] == [
        ("Jane Lowe", "head of highways", "Northshire County Council")]


def test_an_editor_linked_after_edited_by_is_not_an_author():
    meta = ("<div class='meta'><a href='/author/jane-lowe/'>Jane Lowe</a> · Edited by "
            "<a href='/author/tom-roe/'>Tom Roe</a></div>")
    html = page(article_extra=meta).replace("<div class='byline'>By Jane Lowe</div>", "")
    assert names(html) == ["Jane Lowe"]


def test_a_name_trafilatura_reads_only_from_a_list_of_other_pieces_is_dropped():
    more = ("<aside class='rail'><ul><li><a href='/s/1'>Retailers rush to robots and leave "
            "staff behind</a><span class='MoreList_author'>Graham Tulloch</span></li></ul></aside>")
    html = page(outside=more).replace("<div class='byline'>By Jane Lowe</div>", "")
    assert names(html) == []


def test_the_role_part_of_a_component_author_card_is_the_authors_role():
    card = ("<aside class='AuthorCard_card__W3nPz'><p class='AuthorCard_name__pW0vB'>Jane Lowe</p>"
            "<p class='AuthorCard_role__Zq2bD'>Senior Reporter</p></aside>")
    record = extract_article(page(article_extra=card), "https://example.org/comment/x")
    assert [(a["name"], a["role"]) for a in record["authors"]] == [("Jane Lowe", "Senior Reporter")]


def test_a_desk_that_posted_a_signed_letter_is_not_its_author_nor_is_a_lone_desk():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Potholes",'
          ' "author": {"@type": "Person", "name": "Letters Desk"}}</script>')
    signed = "<p>Yours faithfully,</p><p>Margaret Ellery</p><p>retired district nurse</p>"
    html = page(article_extra="").replace("<div class='byline'>By Jane Lowe</div>", "")
    signed_page = html.replace("</article>", signed + "</article>").replace("<head>", "<head>" + ld)
    assert names(signed_page) == ["Margaret Ellery"]
    assert names(html.replace("<head>", "<head>" + ld)) == []  # an unsigned piece
    team = ld.replace("Letters Desk", "Gear Team")  # no desk by its own word: it stays
    assert names(html.replace("<head>", "<head>" + team)) == ["Gear Team"]


def test_author_cards_of_two_people_give_each_their_role_and_organisation():
    cards = "".join(
        f"<div class='AuthorCard-module--card--2G'><p class='AuthorCard-module--name--2Q'>{n}</p>"
        f"<p class='AuthorCard-module--title--1W'>{r}, Larchwood Care Group</p>"
        f"<p class='AuthorCard-module--bio--3Y'>{n.split()[0]} has worked in care for years.</p>"
        "</div>" for n, r in [("Helen Marsh", "Director of Operations"),
                              ("Dev Patel", "Head of Workforce Planning")])
    html = page(article_extra=cards).replace("By Jane Lowe", "By Helen Marsh and Dev Patel")
    record = extract_article(html, "https://example.org/comment/x")
    assert sorted((a["name"], a["role"], a["organisation"]) for a in record["authors"]) == [
        ("Dev Patel", "Head of Workforce Planning", "Larchwood Care Group"),
        ("Helen Marsh", "Director of Operations", "Larchwood Care Group")]


def test_an_author_card_with_its_organisation_in_a_part_of_its_own_and_a_news_desk():
    card = ("<aside class='author-card'><p class='author-card__name'>Jane Lowe</p><p class="
            "'author-card__title'>Responsable du service juridique</p><p class='author-card__org'>"
            "Fédération des coopératives du Sud</p></aside>")
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Potholes",'
          ' "author": [{"@type": "Person", "name": "News Desk"}]}</script>')
    html = page(article_extra=card).replace("<head>", "<head>" + ld)
    record = extract_article(html, "https://example.org/comment/x")
    assert [(a["name"], a["role"], a["organisation"]) for a in record["authors"]] == [
        ("Jane Lowe", "Responsable du service juridique", "Fédération des coopératives du Sud")]


def test_placeholders_bios_beside_a_name_and_teaser_rows_are_not_authors_or_roles():
    desc = ("<div class='td-author-description'>Jane Lowe covers highways and transport. Got a "
            "story? Email jane@example.org</div>")
    html = page(article_extra=desc)
    record = extract_article(html, "https://example.org/comment/x")
    assert [(a["name"], a["role"], a["organisation"]) for a in record["authors"]] == [
        ("Jane Lowe", None, None)]
    guest = page().replace("By Jane Lowe", "By Guest Contributor").replace(
        "</article>", "<p><i>Jane Lowe is head of highways at Northshire County Council.</i></p>"
        "</article>")
    assert names(guest) == ["Jane Lowe"]
    rows = ("<div class='view-id-more_opinion'><div class='views-row'><a href='/o/1'>Why my herd "
            "went back to grass</a><div class='field-byline'>Owen Price, beef farmer</div></div>"
            "</div>")
    long_text = f"<p>{'The repair backlog grows every winter that the budget is cut. ' * 5}</p>"
    assert names(page(article_extra=long_text, outside=rows)) == ["Jane Lowe"]


def test_a_role_in_a_tooltip_beside_the_byline_and_a_signature_under_the_editorial():
    tooltip = page().replace("<div class='byline'>By Jane Lowe</div>",
                             "<p>Von <a class='autor' href='/a'>Jane Lowe</a><span class="
                             "'autor-tooltip'>Redakteurin</span></p>")
    record = extract_article(tooltip, "https://example.org/comment/x")
    assert [(a["name"], a["role"]) for a in record["authors"]] == [("Jane Lowe", "Redakteurin")]
    signed = page().replace("</article>", "<p><strong>Jane Lowe</strong><br>Editor</p></article>")
    record = extract_article(signed, "https://example.org/comment/x")
    assert [(a["name"], a["role"]) for a in record["authors"]] == [("Jane Lowe", "Editor")]
    assert not record["body"].rstrip().endswith("Editor")
