"""The shortcuts that keep extraction fast must not change what it finds: running text
measured by XPath, class words judged once, copyright lines looked for around the texts that
mention copyright, attributes matched lower-cased, trafilatura's byline reading asked only
where its expressions can match."""

from lxml import html
from trafilatura.metadata import extract_author

from pipelines.extract.authors import _library_byline_markup, byline_candidates, library_authors
from pipelines.extract.boilerplate import (
    PROSE_CHARS,
    _boilerplate_word,
    is_boilerplate_element,
    prose_size,
)
from pipelines.extract.datelines import _copyright_lines
from pipelines.extract.dates import COPYRIGHT
from pipelines.extract.page import elements, in_comments_or_related, parse_page

LONG = "x" * PROSE_CHARS


def test_running_text_counts_long_pieces_not_links_scripts_or_code():
    tree = html.fromstring(
        f"<div><p>{LONG}</p><p>short</p><a href='/'>{LONG}</a><script>{LONG}</script>"
        f"<pre>{LONG}</pre><p><a href='/'>x</a>{LONG}</p></div>")
    # the first paragraph, and the piece after the link (the paragraph's, not the link's)
    assert prose_size(tree) == 2 * PROSE_CHARS
    assert prose_size(tree.find("p")) == PROSE_CHARS
    assert prose_size(tree.find("a")) == 0


def test_class_words_are_judged_alike_in_any_case_and_every_time():
    for word, expected in [("cookie-banner", True), ("ShareBar", True), ("sharebar", True),
                           ("entry-content-read-more", False), ("hover:bg-share/10", False),
                           ("article-body", False)]:
        assert _boilerplate_word(word) is expected
        assert _boilerplate_word(word) is expected  # the second time from what was judged


def test_elements_are_judged_by_any_of_their_class_and_id_words():
    page = html.fromstring('<div><section class="layout ShareBar">x</section>'
                           '<section id="main" class="layout">y</section></div>')
    first, second = page.findall("section")
    assert is_boilerplate_element(first) and not is_boilerplate_element(second)


def test_copyright_lines_are_those_every_element_would_give():
    tree = html.fromstring(
        "<html><body><div><p>Body text of 2019.</p></div>"
        "<footer><span>COPYRIGHT 2019 Example Ltd</span> <b>(C) 2018</b></footer>"
        "<div><small>&copy; 2020 Example</small></div>"
        "<p>" + "More words. " * 30 + "and copyright law, past the first 300 characters</p>"
        "</body></html>")
    every = [node for node in tree.iter() if isinstance(node.tag, str) and len(node) < 5
             and COPYRIGHT.search(node.text_content()[:300])]
    found = _copyright_lines(tree)
    assert found == every
    assert {node.tag for node in found} >= {"span", "b", "small"}
    assert not any(node.tag == "p" for node in found)  # copyright past 300 characters


def test_attribute_patterns_read_any_case():
    page = html.fromstring('<html><body><div class="Comments"><p class="BYLINE">x</p></div>'
                           '<h1>T</h1><p class="Article-ByLine">By Jane Doe</p></body></html>')
    assert in_comments_or_related(page.find(".//div/p"))
    bylines, _, _ = byline_candidates(page)
    assert "By Jane Doe" in bylines


def test_trafilatura_byline_reading_is_skipped_only_where_it_finds_nothing():
    marked = ['<span class="AuthorName">Jane Doe</span>', '<div id="zuozhe">Li Wei</div>',
              '<p class="submitted-by">Jane Doe</p>',
              '<span data-component="Byline">Jane Doe</span>',
              '<a rel="author" href="/j">Jane Doe</a>', '<author>Jane Doe</author>']
    plain = ['<span class="name">Jane Doe</span>', '<p>By Jane Doe</p>']
    for snippet in marked + plain:
        tree = html.fromstring(f"<html><body><h1>Title</h1>{snippet}<p>Text.</p></body></html>")
        found = bool(extract_author(tree))
        assert _library_byline_markup(tree) is (snippet in marked)
        assert not found or _library_byline_markup(tree)  # never skipped where it finds one
        assert bool(library_authors(tree)) is found


def test_every_element_of_the_document_is_walked_as_xpath_sees_them():
    """Markup after </html> opens a second <html> that tree.iter() does not reach; the passes
    that replaced XPath's //* (section labels, paywall boxes, bylines) must see it."""
    tree = parse_page("<html><body><p>one</p></body></html><html><body><div class='kicker'>"
                      "Opinion</div></body></html>")
    assert len(list(elements(tree))) == int(tree.xpath("count(//*)")) > len(list(tree.iter()))
    assert [n.tag for n in elements(tree)] == [n.tag for n in tree.xpath("//*")]
