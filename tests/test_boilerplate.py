"""Boilerplate rules: lines and containers that are never article text."""


import pytest
from lxml import html

from pipelines.extract.boilerplate import (
    ANYWHERE_HINTS,
    BOILERPLATE_LINES,
    NOTICE_KINDS,
    NOTICE_WORDS,
    boilerplate_kind,
    strip_boilerplate,
)


@pytest.mark.parametrize("line, kind", [
    ("Your browser is no longer supported", "browser_warning"),
    ("For the best possible experience using our website we recommend you upgrade to a newer "
     "version or another browser.", "browser_warning"),
    ("Ihr Browser wird nicht mehr unterstützt.", "browser_warning"),
    ("Diese Seite ist optimiert für Internet Explorer 6", "browser_warning"),
    ("Edited by Sarah Lowe", "credit"),
    ("Name and address supplied", "furniture"),
    ("Eingestellt von jalbers", "furniture"),
    ("La rédaction se réserve le droit de raccourcir les lettres publiées.", "furniture"),
    ("Continue reading with a School Leader Scotland subscription", "newsletter"),
    ("KWA plus – Weiterlesen für Abonnenten", "newsletter"),
    ("Gastkommentare geben nicht zwingend die Meinung der Redaktion wieder.", "disclaimer"),
    ("Your browser appears to have cookies disabled.", "cookie_notice"),
    ("We'll assume we have your consent to use cookies, for example so you won't need to log "
     "in each time you visit our site.", "cookie_notice"),
    ("Accept All Cookies", "cookie_notice"),
    ("Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.", "cookie_notice"),
    ("Nous utilisons des cookies pour améliorer votre expérience.", "cookie_notice"),
    ("Have your say", "comment_prompt"),
    ("You must sign in to make a comment", "comment_prompt"),
    ("Please remember that the submission of any material is governed by our Terms and "
     "Conditions", "comment_prompt"),
    ("Links may be included in your comments but HTML is not permitted.", "comment_prompt"),
    ("Melden Sie sich an, um einen Kommentar zu schreiben.", "comment_prompt"),
    ("3 Comments", "comment_prompt"),
    ("Share this:", "share_bar"),
    ("Artikel teilen:", "share_bar"),
    ("Printer friendly version | Email this page to a friend", "share_bar"),
    ("Sign up to the Weekly daily bulletin", "newsletter"),
    ("Subscribe to continue reading", "newsletter"),
    ("This article is for Example Pro subscribers. Subscribe now for unlimited access.",
     "newsletter"),
    ("Read more: Councils cut back on bins", "related"),
    ("Lesen Sie auch:", "related"),
    ("Advertisement", "advert"),
    ("Anzeige", "advert"),
    ("Photo: Jane Doe / Example Agency", "credit"),
    ("© Example Media Ltd 2017. All rights reserved.", "credit"),
    ("Skip to main content", "furniture"),
    ("4 min read", "reading_time"),
    ("Reading time: 6 minutes", "reading_time"),
    ("Lesezeit: 3 Min.", "reading_time"),
    ("5 min de lecture", "reading_time"),
    ("The full version of this article is available to Example Pro subscribers.", "newsletter"),
    ("This article is for members only", "newsletter"),
    ("La suite de cet article est réservée aux abonnés.", "newsletter"),
    ("Related: Councils cut back on bins", "related_link"),
    ("Mehr zum Thema", "related"),
    ("The views expressed in this article are those of the author.", "disclaimer"),
    ("Views expressed are the author's own and do not necessarily reflect those of the "
     "publisher.", "disclaimer"),
    ("This column does not necessarily reflect the views of the editorial board.",
     "disclaimer"),
    ("Les opinions exprimées dans cette tribune n'engagent que leurs auteurs.", "disclaimer"),
    ("Der Gastbeitrag gibt die Meinung des Autors wieder.", "disclaimer"),
    ("Opinions expressed in guest columns are the author’s own and do not necessarily reflect "
     "the views of Fleetwise.", "disclaimer"),
    ("The Leader represents the view of The Practice Journal.", "disclaimer"),
    ("Opinion pieces reflect the views of their authors, not necessarily those of the Review.",
     "disclaimer"),
    ("Front of House appears in the second issue of each month.", "furniture"),
    ("Have an opinion on this topic? Submit a guest column to opinion@example.com.",
     "furniture"),
    ("Edited by Lorraine Bates. Fact-checked by Devon Ames.", "credit"),
    ("Additional reporting by Tomás Reyes", "credit"),
    ("N.D.L.R. : La rédaction publiera volontiers la réponse des organisations.", "furniture"),
    ("Écrivez-nous", "furniture"),
    ("Il vous reste 80 % de l’article à lire.", "newsletter"),
    ("Free weekly email of MRO news every Thursday.", "newsletter"),
    ("Readers' comments (2)", "comment_prompt"),
])
def test_boilerplate_lines(line, kind):
    if kind in NOTICE_KINDS:  # the first look before a block is judged a notice lets it by
        assert any(word in line.lower() for word in NOTICE_WORDS)
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize("line", [
    "Councils have shared back-office services for a decade, and the savings were real.",
    "The cookie-cutter approach to devolution deals has failed places that are not cities.",
    "Readers will remember the consultation on hedge-cutting dates last autumn.",
    "Comment pieces like this one are only part of the debate.",
    "Related: the council's own figures show the opposite.",
    "Their views are not reflected in the plan, and members have said so at every meeting.",
    "It took 4 minutes to read the whole report to the committee.",
    "We should judge our success by the extent to which marginalised people feel they have a "
    "stake in change, and by whether the privacy of service users is respected when data are "
    "shared between partners; that means consent, governance and a great deal of patience from "
    "everybody involved over several years of work in every place that takes part.",
])
def test_article_sentences_are_not_boilerplate(line):
    assert boilerplate_kind(line) is None


def test_every_unanchored_pattern_carries_a_hint_word():
    """The hint pre-check must never hide a pattern that would have matched."""
    for _, alternatives in BOILERPLATE_LINES:
        for pattern in alternatives:
            if not pattern.startswith("^"):
                assert ANYWHERE_HINTS.search(pattern.lower()), pattern


def test_every_notice_alternative_carries_a_notice_word():
    """Blocks are judged notices only when they hold a NOTICE_WORD: no notice pattern may
    match a line without one (every alternative has a required part that holds one)."""
    for kind, alternatives in BOILERPLATE_LINES:
        if kind in NOTICE_KINDS:
            for pattern in alternatives:
                assert _needs_a_word(pattern.lower(), NOTICE_WORDS), pattern


def _needs_a_word(pattern: str, words) -> bool:
    """Whether every match of ``pattern`` holds one of ``words``: each top-level alternative
    has a literal run holding one, or a required group (not followed by ?, *, {0) of which
    that is true."""
    return all(_branch_needs_a_word(branch, words) for branch in _split_top(pattern, "|"))


def _branch_needs_a_word(branch: str, words) -> bool:
    at, literal = 0, ""
    while at < len(branch):
        if branch[at] == "\\":
            literal, at = literal + " ", at + 2
        elif branch[at] == "(":
            close = _closing(branch, at)
            optional = branch[close + 1:close + 2] in ("?", "*") or branch.startswith(
                "{0", close + 1)
            if not optional and _needs_a_word(branch[at + 1:close], words):
                return True
            literal, at = literal + " ", close + 1
        else:
            literal, at = literal + branch[at], at + 1
    return any(word in literal for word in words)


def _split_top(pattern: str, separator: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for at, char in enumerate(pattern):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append(pattern[start:at])
            start = at + 1
    return parts + [pattern[start:]]


def _closing(pattern: str, at: int) -> int:
    depth = 0
    for end in range(at, len(pattern)):
        depth += {"(": 1, ")": -1}.get(pattern[end], 0)
        if depth == 0:
            return end
    return len(pattern)


def test_containers_are_dropped_by_class_and_by_text_but_the_article_is_kept():
    tree = html.document_fromstring("""<html><body>
      <div class="b-x91"><p>We use cookies on this site to enhance your user experience.</p>
        <button>Accept</button></div>
      <form><div class="post-share-wrapper"><article><h1>Headline</h1>
        <p>First paragraph of the article.</p><p>Second paragraph.</p>
        <div class="share-bar"><a>Share</a></div></article></div></form>
      <section class="story-comments"><h3>Have your say</h3></section>
      <div class="most-read"><a>Other story</a></div>
    </body></html>""")
    strip_boilerplate(tree)
    text = tree.text_content()
    assert "First paragraph" in text and "Headline" in text
    for gone in ("We use cookies", "Share", "Have your say", "Other story"):
        assert gone not in text


def test_a_list_of_other_pieces_under_a_related_heading_goes_whatever_its_markup():
    tree = html.document_fromstring("""<html><body><div>
      <p>The last paragraph of the letter, long enough to be running text of the page.</p>
      <p>Yours, etc.,<br>Jane Lowe<br>consultant engineer based in Cork</p></div>
      <table><tr><td><b>MORE LETTERS</b></td></tr><tr><td>
        &raquo; <a href="l?id=1">Apprenticeship figures need context</a> &ndash; Ann Lee, Naas<br>
        &raquo; <a href="l?id=2">BIM mandates must not shut out small practices</a> &ndash; Tom
        Roe, Letterkenny</td></tr></table>
      <div><p>Read more about the <a href="/r">roads budget</a> in our report, which sets out
        the figures and what they mean for the county's villages and market towns.</p></div>
    </body></html>""")
    strip_boilerplate(tree)
    text = tree.text_content()
    assert "consultant engineer" in text and "roads budget" in text  # one link in prose stays
    assert "MORE LETTERS" not in text and "Letterkenny" not in text


def test_component_names_in_data_testid_mark_blocks_not_links():
    from pipelines.extract import extract_article

    text = "".join(f"<p>Paragraph {i} argues at length that the planning bill must keep design "
                   "codes, because councils have only just learned to use them.</p>"
                   for i in range(5))
    record = extract_article(
        "<html><body><article><h1>The planning bill must not become a licence for bland</h1>"
        f"{text}<p>As the <a data-component='auto-linked-tag' href='/t'>Hong Kong</a> case "
        "shows, auto-linked words are text.</p>"
        "<section data-testid='subscribe-inline' class='mx-auto mt-12 p-6'><h2>Support "
        "independent journalism</h2><p>Building Form readers get unlimited access to news, "
        "comment and guides, plus the print magazine ten times a year.</p></section>"
        "</article></body></html>",
        "https://example.org/comment/planning-bill")
    assert "unlimited access" not in record["body"]
    assert "As the Hong Kong case shows" in record["body"]


def test_paywall_ends_and_credits_with_where_a_piece_appeared():
    assert boilerplate_kind("You've reached the end of the free preview")
    assert boilerplate_kind("You have reached your monthly article limit.")
    assert boilerplate_kind("Edited by Marcus Lee. This interview appears in the July/August "
                            "2025 print issue of Building Form.")
