"""Fuzzing the pure parsers (bylines, dates, metadata, boilerplate) with hypothesis, and the
regression tests of what fuzzing found, each with its minimal input. The inputs and their counts
are described in ``test_fuzz.py``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pytest
from fuzzing import (
    JSONLD_KEYS,
    ORGS,
    ORIGIN,
    ROLES,
    SPECIAL_TEXT,
    any_text,
    byline,
    date_text,
    endnote,
    extract_checked,
    fuzz,
    head_item,
    json_value,
    ld_article,
    long_run,
    long_word,
    markup,
    name,
    organisation,
    pages,
    person,
    role,
    sentence,
    time_bound,
    warm_up,  # noqa: F401  (autouse: extraction's lazy loads, once per module)
)
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from pipelines.extract import detect_language
from pipelines.extract.boilerplate import BOILERPLATE_LINES, boilerplate_kind, strip_boilerplate
from pipelines.extract.bylines import (
    clean,
    first_sentence,
    looks_like_name,
    parse_byline,
    parse_signoff,
    split_role_organisation,
)
from pipelines.extract.dates import find_date_in_text, parse_iso
from pipelines.extract.endnotes import parse_endnote
from pipelines.extract.metadata import Metadata, jsonld_authors, read_metadata
from pipelines.extract.names import fold_name, merge_authors
from pipelines.extract.record import (
    author_problems,
    is_iso_date,
)
from pipelines.extract.signatures import parse_signature

# Hypothesis warns when an example's repr is large: pages with a 200 KB meta tag are meant to be.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


# -- 3. the pure parsers ------------------------------------------------------------------------

parser_text = st.one_of(byline, person, endnote, any_text, sentence, long_word, long_run,
                        st.lists(person, min_size=2, max_size=4).map(" and ".join))


def bounded(fn: Callable, *args, **kwargs):
    with time_bound(f"{fn.__name__}{tuple(str(a)[:80] for a in args)!r}"):
        return fn(*args, **kwargs)


@fuzz(examples=300)
@given(text=parser_text)
def test_byline_parsers(text):
    for parse in (parse_byline, parse_signoff, parse_endnote):
        authors = bounded(parse, text)
        assert isinstance(authors, list)
        assert author_problems(authors) == [], (parse.__name__, text, authors)


@fuzz(examples=200)
@given(lines=st.lists(parser_text | name | role | organisation, max_size=7))
def test_parse_signature(lines):
    authors = bounded(parse_signature, lines)
    assert author_problems(authors) == [], (lines, authors)


@fuzz(examples=300)
@given(text=st.one_of(role, organisation, parser_text,
                      st.builds("{}, {}".format, role, organisation),
                      st.builds("{} at {}".format, role, organisation),
                      st.builds("{} of {}".format, role, organisation)))
def test_split_role_organisation(text):
    role_, organisation_ = bounded(split_role_organisation, text)
    for part in (role_, organisation_):
        assert part is None or (isinstance(part, str) and part.strip()), (text, part)


@fuzz(examples=300)
@given(text=st.one_of(name, parser_text))
def test_looks_like_name(text):
    verdict = bounded(looks_like_name, text)
    assert isinstance(verdict, bool)
    assert looks_like_name(f"  {text}\n") is verdict  # white space around a name changes nothing
    if verdict:
        assert clean(text) and len(clean(text)) <= 60


# What the parsers give merge_authors: a name, and a role and organisation or None.
present = any_text.filter(str.strip)
authors_list = st.lists(st.builds(lambda n, r, o: {"name": n, "role": r, "organisation": o},
                                  name, st.none() | st.sampled_from(ROLES) | present,
                                  st.none() | st.sampled_from(ORGS) | present), max_size=5)


@fuzz(examples=200)
@given(sources=st.lists(authors_list, max_size=4))
def test_merge_authors(sources):
    merged = bounded(merge_authors, *sources)
    assert author_problems(merged) == []
    keys = [fold_name(a["name"]) for a in merged]
    assert len(keys) == len(set(keys)), "one person twice"
    expected = [k for k in dict.fromkeys(fold_name(a["name"]) for s in sources for a in s) if k]
    assert keys == [k for k in expected if k in keys], "the order changed"
    for lost in (k for k in expected if k not in keys):  # only as one person's second surname
        assert any(_one_more_word(lost, k) or _one_more_word(k, lost) for k in keys), (
            f"{lost!r} lost")


def _one_more_word(short: str, long: str) -> bool:
    """ "elena arrieta" and "elena arrieta somoza": one person (names.merge_authors)."""
    return len(short.split()) >= 2 and long.split()[:-1] == short.split()


@fuzz(examples=300)
@given(text=st.one_of(date_text, st.builds("{} {} {}".format, sentence, date_text, sentence)),
       date_order=st.sampled_from((None, "DMY", "MDY", "YMD")),
       languages=st.sampled_from((None, ["en"], ["de"], ["fr", "en"])),
       base=st.one_of(st.none(), st.datetimes(), st.just(datetime(1, 1, 1)),
                      st.just(datetime(9999, 12, 31))))
def test_find_date_in_text(text, date_order, languages, base):
    iso, raw = bounded(find_date_in_text, text, date_order=date_order, languages=languages,
                       base=base)
    if iso is None:
        assert raw is None
    else:
        assert is_iso_date(iso), iso
        assert raw and raw in text


@fuzz(examples=300)
@given(value=st.one_of(date_text, any_text))
def test_parse_iso(value):
    iso = bounded(parse_iso, value)
    assert iso is None or is_iso_date(iso), (value, iso)


@fuzz(examples=200)
@given(page=pages(head=st.lists(head_item, max_size=8)))
def test_read_metadata(page):
    md = bounded(read_metadata, lxml_html.document_fromstring(page))
    assert isinstance(md, Metadata)
    assert all(isinstance(obj, dict) for obj in md.jsonld)
    assert all(isinstance(t, str) for t in md.types)
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in md.meta.items())
    assert md.canonical is None or (isinstance(md.canonical, str) and md.canonical)
    assert md.language is None or re.fullmatch("[a-z]{2}", md.language), md.language
    assert isinstance(md.article, dict)


@fuzz(examples=300)
@given(article=ld_article | st.dictionaries(st.sampled_from(JSONLD_KEYS), json_value))
def test_jsonld_authors(article):
    authors = bounded(jsonld_authors, article)
    assert author_problems(authors) == [], (article, authors)


KINDS = {name for name, _ in BOILERPLATE_LINES}


@fuzz(examples=300)
@given(line=st.one_of(parser_text, st.sampled_from(SPECIAL_TEXT), st.builds(
    " | ".join, st.lists(st.sampled_from(("Share", "Print this page", "Accept all cookies",
                                          "Comments (3)", "Read more", "Tweet")) | any_text,
                         max_size=5))))
def test_boilerplate_kind(line):
    assert bounded(boilerplate_kind, line) in KINDS | {None}


@fuzz(examples=150)
@given(body=markup, remove=st.sampled_from(((), (".most-read",), ("p", "div > span"))))
def test_strip_boilerplate(body, remove):
    """Nothing escapes, and a headline survives: a container that holds the <h1> is kept."""
    tree = lxml_html.document_fromstring(f"<html><body><div>{body}<h1>Headline</h1>"
                                         f"</div></body></html>")
    headline = "//h1[not(@*)][. = 'Headline']"
    before = bool(tree.xpath(headline))  # (unless raw text in the markup swallowed it: "<!--")
    bounded(strip_boilerplate, tree, remove)
    if not remove:
        assert bool(tree.xpath(headline)) == before


# -- regression tests: the minimal inputs of what fuzzing found -----------------------------------

URL = ORIGIN + "/comment/a-piece/123.article"
PROSE_PARAGRAPH = ("Councils have spent a decade absorbing cuts while demand for care has grown, "
                   "and the gap between what they are asked to do and what they can pay for is "
                   "now plain to everyone who works in them, from the front line to the top.")
LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
         "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
         "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.")


def article_page(head: str = "", body: str = "", lang: str = ' lang="en"',
                 prose: str = PROSE_PARAGRAPH) -> str:
    """An article: a headline, ``body`` and three paragraphs of ``prose``."""
    paragraphs = "".join(f"<p>{start} {prose}</p>" for start in ("First,", "Second,", "Third,"))
    return (f"<html{lang}><head>{head}</head><body><article><h1>A headline for the test</h1>"
            f"{body}{paragraphs}</article></body></html>")


def test_article_page_is_an_article():
    """The page the regression tests below build on is an article without a date."""
    record = extract_checked(article_page(), URL)
    assert record is not None and record["is_article"] and record["published"] is None


@pytest.mark.parametrize("text", ["Posted 9999999999 days ago", "99999 weeks ago"])
def test_regression_relative_date_far_in_the_past(text):
    """Was OverflowError, and "0110-05-22" (a date before 1990) for 99999 weeks ago."""
    assert find_date_in_text(text, base=datetime(2026, 1, 1)) == (None, None)


def test_regression_fetch_time_at_the_ends_of_the_calendar():
    """Were OverflowError: 3 days before the year 1; two days after 9999-12-31."""
    assert find_date_in_text("3 days ago", base=datetime(1, 1, 1)) == (None, None)
    assert find_date_in_text("14 June 2017", base=datetime(9999, 12, 31)) == (
        "2017-06-14", "14 June 2017")
    record = extract_checked(article_page(body='<p class="date">3 days ago</p>'), URL,
                             fetched_at="0001-01-01T00:00:00")
    assert record is not None and record["published"] is None


def test_regression_htmldate_date_read_against_the_fetch_time():
    """Was published None with published_raw "(htmldate) 2100-01-01": htmldate read the date
    against the fetch time, and parse_iso against today."""
    record = extract_checked(article_page(body='<span class="date">2100011</span>'), URL,
                             fetched_at="9999-12-31T23:59:59")
    assert record is not None and record["published"] == "2100-01-01"
    assert record["published_raw"] == "(htmldate) 2100-01-01"


def test_regression_offset_with_seconds():
    """Was "2020-01-01T00:00:00+05:30:15", which is not ISO 8601."""
    assert parse_iso("2020-01-01T00:00:00+05:30:15") is None
    assert parse_iso("2020-01-01T00:00:00+05:30") == "2020-01-01T00:00:00+05:30"


@pytest.mark.parametrize("hint, published", [("2024-03-18", "2024-03-18"), ("soon", None),
                                             (20240318, None)])
def test_regression_feed_hint_that_is_not_a_date(hint, published):
    """A feed's date was trusted as it came: "soon" or 20240318 became the published date."""
    record = extract_checked(article_page(), URL, hints={"published": hint})
    assert record is not None and record["published"] == published


@pytest.mark.parametrize("canonical, url", [("http://[x/y", URL), ("/a", "http://[::1")])
def test_regression_malformed_urls(canonical, url):
    """Was ValueError: Invalid IPv6 URL (from the canonical link, or the URL fetched)."""
    record = extract_checked(article_page(head=f'<link rel="canonical" href="{canonical}">'), url)
    assert record is not None and record["is_article"] and record["url"] == url


def test_regression_deeply_nested_json_ld():
    """Was RecursionError from json.loads."""
    script = '<script type="application/ld+json">' + "[" * 100_000 + "</script>"
    record = extract_checked(article_page(head=script), URL)
    assert record is not None and record["title"] == "A headline for the test"


@pytest.mark.parametrize("lang", ["x", "x-klingon", "1x", "é", "i-default"])
def test_regression_page_language_that_is_not_a_code(lang):
    """Was language "x", "1x"... in the record, and "Unknown language(s)" from dateparser."""
    record = extract_checked(article_page(lang=f' lang="{lang}"',
                                          body='<p class="date">14 juin 2017</p>'), URL)
    assert record is not None and record["language"] == "en"  # detected from the text
    assert record["published"] == "2017-06-14"


def test_regression_language_that_dateparser_does_not_know():
    """Lorem ipsum is detected as Latin, which dateparser refused with ValueError."""
    record = extract_checked(article_page(lang="", prose=LOREM,
                                          body='<p class="date">Publié le 14 juin 2017</p>'), URL)
    assert record is not None and record["language"] == "la"
    assert record["published"] == "2017-06-14"


@pytest.mark.parametrize("author", [" ", [" ", "Jane Doe"], {"@type": "Person", "name": " "}])
def test_regression_blank_json_ld_author(author):
    """Was an author named "" (a string author was not stripped before it was checked)."""
    authors = jsonld_authors({"@type": "NewsArticle", "author": author})
    assert authors == ([{"name": "Jane Doe", "role": None, "organisation": None}]
                       if isinstance(author, list) else [])


def test_regression_detected_language_that_is_not_a_two_letter_code():
    """Was "zxx" (py3langid's "no language") in the record."""
    assert detect_language("x " * 30) is None
    assert detect_language(PROSE_PARAGRAPH) == "en"


def test_regression_control_character_in_a_dropped_elements_tail():
    """Was ValueError "All strings must be XML compatible": lxml keeps control characters in
    a tree it parsed, but refuses them in text that is set (extract_article's own loader takes
    them out first; a tree from elsewhere has them)."""
    tree = lxml_html.document_fromstring("<div><p>Share</p>\x1b tail\x0b</div>")
    strip_boilerplate(tree, ("p",))
    assert tree.xpath("//p") == [] and tree.xpath("string(//div)") == " tail"


@pytest.mark.parametrize("tail", ["a" + "_" * 30_000 + "b", ", " * 15_000 + "x",
                                  "Jane Doe" + ")" * 30_000 + " x"])
def test_regression_long_run_of_punctuation_in_the_last_paragraph(tail):
    """Took 30 s, 6 s and 8 s (clean() in the sign-off parsers backtracked over the run from
    each of its characters), and minutes for a longer run."""
    page = article_page().replace("</article>", f"<p>{tail}</p></article>")
    record = extract_checked(page, URL, seconds=5)
    assert record is not None and record["is_article"]


@pytest.mark.parametrize("parse, text", [
    (clean, "a" + "_" * 100_000 + "b"), (clean, ", " * 50_000 + "x"),
    (clean, "J. R" + "." * 100_000 + "x"), (split_role_organisation, "A" * 50_000 + "x"),
    (first_sentence, "!" * 50_000 + "x")],
    ids=lambda v: v.__name__ if callable(v) else f"{v[:4]}..{len(v)}")
def test_regression_long_runs_in_the_parsers(parse, text):
    """Were minutes (quadratic backtracking: EMPHASIS, TRAILING_MARK, TRAILING_PERIOD, the
    "-leiter"/"-ologist" role words, SENTENCE_END)."""
    with time_bound(f"{parse.__name__} on a run of {len(text)} characters", seconds=5):
        parse(text)
