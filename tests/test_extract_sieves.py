"""The shortcuts that keep extraction fast must not change what it finds: running text
measured by XPath, class words judged once, copyright lines looked for around the texts that
mention copyright, attributes matched lower-cased."""

from lxml import html

from pipelines.extract.authors import byline_candidates
from pipelines.extract.boilerplate import (
    PROSE_CHARS,
    _boilerplate_word,
    is_boilerplate_element,
    prose_size,
)
from pipelines.extract.datelines import _copyright_lines
from pipelines.extract.dates import COPYRIGHT
from pipelines.extract.page import in_comments_or_related

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
