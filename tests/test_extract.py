"""Golden pages: every page of the bundled sample site against its expected record."""

import json
import re
from pathlib import Path

import pytest

from crawler.samplesite import SITE_DIR
from pipelines.extract import ExtractionError, extract_article

EXPECTED = json.loads((Path(__file__).parent / "golden" / "sample_expected.json")
                      .read_text(encoding="utf-8"))
ORIGIN = "http://127.0.0.1:8000"


def fold(text):
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split()).lower()


def page_file(path: str) -> Path:
    local = SITE_DIR / path.lstrip("/")
    return local / "index.html" if path.endswith("/") else local


def extract(entry):
    html = page_file(entry["path"]).read_text(encoding="utf-8").replace("{{BASE}}", ORIGIN)
    return extract_article(html, ORIGIN + entry["path"], fetched_at="2026-01-01T00:00:00Z")


PAGES = [e for e in EXPECTED if e.get("status", 200) == 200]
ARTICLES = [e for e in PAGES if e["is_article"]]


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e["path"])
def test_article_or_not(entry):
    assert extract(entry)["is_article"] is entry["is_article"]


@pytest.mark.parametrize("entry", ARTICLES, ids=lambda e: e["path"])
def test_golden_record(entry):
    record = extract(entry)
    assert record["title"] == entry["title"]
    assert fold(record["standfirst"]) == fold(entry["standfirst"])
    assert record["authors"] == entry["authors"]
    assert (record["published"] or "")[:10] == entry["published"]
    assert record["genre"] == entry["genre"]
    paragraphs = record["body"].split("\n\n")
    assert fold(paragraphs[0]).startswith(fold(entry["body_first"]))
    assert fold(paragraphs[-1]).startswith(fold(entry["body_last"]))
    assert len(paragraphs) == entry["paragraphs"]


@pytest.mark.parametrize("entry", ARTICLES, ids=lambda e: e["path"])
def test_no_boilerplate_in_body(entry):
    record = extract(entry)
    text = fold(record["body"]) + " " + fold(record["standfirst"])
    leaks = [s for s in entry["must_not_contain"] if fold(s) in text]
    assert leaks == []


def test_raw_byline_and_date_strings_are_kept():
    signoff = next(e for e in ARTICLES if len(e["authors"]) == 2)
    record = extract(signoff)
    assert record["byline_raw"] and signoff["authors"][1]["name"] in record["byline_raw"]
    assert record["published_raw"]


SEED_LIKE = """<html lang="en"><head><title>'Leadership in hard times' | Example</title>
<meta property="og:type" content="article">
<meta name="description"
 content="Standfirst text that introduces the piece and its argument in a sentence or two.">
</head><body>
<div class="browser-warning">Your browser is no longer supported. For the best possible
experience using our website we recommend you upgrade to a newer version or another browser.</div>
<div class="x1">Your browser appears to have cookies disabled. For the best experience of this
website, please enable cookies in your browser</div>
<div class="x2"><p>We'll assume we have your consent to use cookies, for example so you won't
need to log in each time you visit our site.</p><a href="/cookies">Learn more</a></div>
<h1>'Leadership in hard times'</h1><p class="byline">Ann Other</p>
<p>&bull; <a href="/comment">Comment</a></p>
<div><p>Standfirst text that introduces the piece and its argument in a sentence or two.</p>
<figure><img alt="Ann Other"><figcaption>Ann Other</figcaption></figure><p>Ann Other</p>
<p>First body paragraph of the piece, long enough to count as real article text for any
extractor that wants a sentence or two before it trusts a page.</p>
<p>Second body paragraph, which carries the argument further and mentions councils, budgets
and the people who use public services every day of the week.</p>
<p>Ann Other, chief executive, Northshire County Council and Bob Roe, director, Some Trust</p></div>
<div class="comments"><h3>Have your say</h3><p>You must sign in to make a comment</p></div>
</body></html>"""


def test_seed_like_page_loses_its_boilerplate_and_keeps_both_authors():
    record = extract_article(SEED_LIKE, "https://example.co.uk/comment/x/1.article")
    assert record["title"] == "'Leadership in hard times'"
    assert record["genre"] == "opinion"
    assert record["standfirst"].startswith("Standfirst text that introduces")
    assert record["authors"] == [
        {"name": "Ann Other", "role": "chief executive",
         "organisation": "Northshire County Council"},
        {"name": "Bob Roe", "role": "director", "organisation": "Some Trust"}]
    body = record["body"]
    assert body.startswith("First body paragraph") and body.endswith("every day of the week.")
    for leak in ("browser", "cookies", "Have your say", "sign in", "Ann Other", "Learn more"):
        assert leak not in body


@pytest.mark.parametrize("bad", ["", "   ", b""])
def test_empty_input_is_an_extraction_error(bad):
    with pytest.raises(ExtractionError):
        extract_article(bad, "https://example.co.uk/x")


def test_listing_page_is_not_an_article():
    items = "".join(f'<li><h3><a href="/comment/p{i}/1.article">Piece number {i} on councils'
                    f'</a></h3><p>A teaser line for piece {i}.</p></li>' for i in range(12))
    html = (f'<html><head><meta property="og:type" content="website"></head><body>'
            f'<h1>Comment</h1><ul>{items}</ul><a rel="next" href="?page=2">Next</a></body></html>')
    assert extract_article(html, "https://example.co.uk/comment/")["is_article"] is False


def test_extract_is_pure_plain_data():
    record = extract_article(SEED_LIKE, "https://example.co.uk/comment/x/1.article")
    assert json.loads(json.dumps(record)) == record
    assert re.fullmatch(r"\d+\.\d+\.\d+", record["extractor_version"])


# -- hostile input: an error record or a clean empty result, in bounded time -----------------

@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "binary content"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 20, "binary content"),
    (bytes(range(256)) * 100, "binary content"),
    (b"<html><body>" + b"<div><p>x</p></div>" * 60_000 + b"</body></html>", "too complex"),
    (b" " * 33_000_000, "too large"),
    ("<html><body>" + "<div>" * 3000 + "<p>lost</p>" + "</div>" * 3000, "nested too deeply"),
    ("<p>text</p>".encode("utf-16-le") * 100, "binary content"),
])
def test_hostile_pages_are_errors(data, message):
    with pytest.raises(ExtractionError, match=message):
        extract_article(data, "https://example.co.uk/x")


@pytest.mark.parametrize("garbage", [
    "".join(chr(0x21 + (i * 7919) % 90) for i in range(50_000)),
    "<html><body>" + "".join(chr(0x21 + (i * 31) % 90) for i in range(50_000)) + "</body></html>",
])
def test_garbage_text_is_an_error_or_a_non_article(garbage):
    """Not an article, and says why; what was found is kept (classification is a field)."""
    try:
        record = extract_article(garbage, "https://example.co.uk/x")
    except ExtractionError:
        return  # an error record: allowed
    assert record["is_article"] is False and record["not_article_reason"] == "short"
    assert record["authors"] == []


def test_deep_nesting_and_a_stray_nul_keep_the_article():
    """300 levels of <div> (libxml2's default limit is 256) and one NUL byte in an attribute
    (once enough to call the page binary): the article is read whole."""
    paragraphs = "".join(f"<p>Paragraph {i} of a piece on council budgets and what they "
                         f"cost the high street in the county this year.</p>" for i in range(8))
    deep = f"<html><body>{'<div>' * 300}<h1>Deep</h1>{paragraphs}{'</div>' * 300}</body></html>"
    nul = f'<html><body class="a\x00b"><h1>Nul</h1>{paragraphs}</body></html>'
    for page in (deep, nul, nul.encode()):
        record = extract_article(page, "https://example.co.uk/comment/x")
        assert record["body"].count("Paragraph") == 8, record["body"]


def test_a_single_huge_paragraph_is_handled():
    page = "<html><body><h1>Big</h1><p>" + "word " * 2_000_000 + "</p></body></html>"
    record = extract_article(page, "https://example.co.uk/x")
    assert set(record) >= {"is_article", "body", "authors"}


# -- dates, language, publication names ------------------------------------------------------

def article(body_extra="", head="", lang=' lang="en"'):
    paragraphs = "".join(
        f"<p>Paragraph {i} of a piece about councils and their budgets, long enough to count as "
        f"running text in any extractor that looks for sentences and words.</p>"
        for i in range(6))
    return (f'<html{lang}><head><meta property="og:type" content="article">{head}</head><body>'
            f"<article><h1>A headline</h1>{body_extra}{paragraphs}</article></body></html>")


def test_relative_date_is_resolved_against_fetch_time():
    record = extract_article(article('<p class="date">3 days ago</p>'),
                             "https://example.co.uk/comment/x", fetched_at="2024-03-20T12:00:00Z")
    assert record["published"][:10] == "2024-03-17"
    assert record["published_raw"] == "3 days ago"


def test_copyright_year_and_asset_versions_never_become_dates():
    page = article('<link href="/app.css?ver=20240101"><p class="meta">© 2019 Example Ltd</p>')
    assert extract_article(page, "https://example.co.uk/comment/x")["published"] is None


def test_dates_in_addresses_of_images_and_other_pieces_are_not_the_pages_date():
    """htmldate's free-text search reads the page's text, not its markup: an upload folder
    and the links to other pieces carry their own dates."""
    others = "".join(f'<li><a href="/2020/03/1{i}/other-piece-{i}/">Another piece</a></li>'
                     for i in range(4))
    page = article(f'<img src="/wp-content/uploads/2021/06/photo.jpg"><ul>{others}</ul>')
    assert extract_article(page, "https://example.co.uk/comment/x")["published"] is None


def test_a_date_in_the_text_alone_is_found_by_the_free_text_search():
    page = article().replace("</article>", "<p>This column first ran in print on "
                                           "14/03/2023.</p></article>")
    record = extract_article(page, "https://example.co.uk/comment/x")
    assert record["published"] == "2023-03-14"
    assert record["published_raw"] == "(htmldate) 2023-03-14"


def test_updated_date_from_visible_text_is_not_the_published_date():
    page = article('<p class="meta">Published: 12 March 2022</p>'
                   '<p class="meta">Updated: 14 March 2022</p>')
    record = extract_article(page, "https://example.co.uk/comment/x")
    assert record["published"] == "2022-03-12" and record["updated"] == "2022-03-14"


def test_language_is_detected_when_the_page_does_not_say():
    german = "".join(
        f"<p>Die Kommunen brauchen mehr Personal für die Digitalisierung der Verwaltung, und die "
        f"Landkreise müssen dafür endlich verlässliche Mittel bekommen (Absatz {i}).</p>"
        for i in range(6))
    page = ('<html><head><meta property="og:type" content="article"></head><body><article>'
            f"<h1>Digitalisierung braucht Köpfe</h1>{german}</article></body></html>")
    record = extract_article(page, "https://example.de/meinung/x")
    assert record["language"] == "de"
    assert extract_article(article(), "https://example.co.uk/comment/x")["language"] == "en"


def test_publication_named_as_author_is_not_an_author():
    head = ('<meta property="og:site_name" content="Example Weekly">'
            '<meta name="author" content="Example Weekly">')
    record = extract_article(article(head=head), "https://example.co.uk/comment/x")
    assert record["authors"] == []


def test_reader_comments_never_become_authors():
    comments = ('<section class="comments"><div class="comment-author">Kenneth Aldous</div>'
                '<p>I disagree with every word of this.</p></section>')
    page = article('<p class="byline">By Jane Doe</p>').replace("</article>",
                                                                 "</article>" + comments)
    record = extract_article(page, "https://example.co.uk/comment/x")
    assert [a["name"] for a in record["authors"]] == ["Jane Doe"]
