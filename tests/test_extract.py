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
