"""Fuzzing the extraction functions (issue #8, "Reliability").

Three kinds of input, and the same three properties for each: no exception escapes (only
:class:`~pipelines.extract.ExtractionError`, the documented refusal of what is not a page, with a
one-line message), no call runs longer than ``TIME_BOUND`` seconds, and every record matches the
record schema (:func:`pipelines.record.record_problems`: every key, every type, authors, ISO
dates, genre, language).

1. Generated pages (hypothesis): nested tags from a trade-press vocabulary, class and id values
   from boilerplate and byline words, text in any unicode (control characters, RTL marks, very
   long words), bylines with random pieces, dates in many forms and nonsense ones, JSON-LD with
   malformed or oddly typed values, empty and huge meta tags, odd ``<base>`` and canonical URLs;
   also as bytes in a random encoding with a random declared charset.
2. Mutated pages: every page of the bundled sample site (49), mutated with a fixed seed:
   truncation, byte flips, chunk deletion and duplication, no closing tags, ``<div>`` nesting
   5,000 deep, NUL bytes, invalid UTF-8, a 5 MB attribute, a swapped charset declaration, big
   blocks swapped, a 100-200 KB run of punctuation in a last paragraph, three of these at once,
   and byte flips read as text. A failure names the page, the mutation and the seed:
   ``mutate(page_bytes(path), name, seed)`` gives the same input again.
3. The pure parsers directly (bylines, dates, metadata, boilerplate), with hypothesis.

Inputs fuzzed per run with the default profile (the same inputs every run: ``derandomize``),
in about 40 s on 2 cores:

- test_generated_pages: 300 pages; test_generated_pages_as_bytes: 150; test_hostile_metadata:
  150; test_same_page_same_record: 25 (each extracted twice);
- test_mutated_pages: 600 pages (12 mutations x 49 pages, the 5,000-deep nesting on 8 and the
  5 MB attribute on 4);
- the 11 parser tests: 2,850 inputs (300 each, 200 for signatures, authors to merge and
  metadata, 150 for boilerplate trees);

4,075 inputs in all.

``TRADEPRESS_FUZZ=long`` multiplies the hypothesis counts by ``LONG_FACTOR`` (20), draws new
inputs on every run and mutates with ``TRADEPRESS_FUZZ_ROUNDS`` seeds (default 5) counted from
``TRADEPRESS_FUZZ_SEED``: for hunting (about 10 minutes), not for CI. Each bug fuzzing found
has a regression test with its minimal input at the end of this file.
"""

from __future__ import annotations

import faulthandler
import html
import json
import os
import random
import re
import signal
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from crawler.samplesite import SITE_DIR
from crawler.siteconfig import GENRES as PROFILE_GENRES
from pipelines.boilerplate import BOILERPLATE_LINES, boilerplate_kind, strip_boilerplate
from pipelines.bylines import (
    clean,
    first_sentence,
    fold_name,
    looks_like_name,
    merge_authors,
    parse_byline,
    parse_endnote,
    parse_signature,
    parse_signoff,
    split_role_organisation,
)
from pipelines.dates import find_date_in_text, parse_iso
from pipelines.extract import KEYS, ExtractionError, detect_language, extract_article
from pipelines.metadata import Metadata, jsonld_authors, read_metadata
from pipelines.record import GENRES, RECORD_FIELDS, author_problems, is_iso_date, record_problems

# Hypothesis warns when an example's repr is large: pages with a 200 KB meta tag are meant to be.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
GOLDEN = Path(__file__).parent / "golden"
ORIGIN = "http://sample.tradepress.example"
LONG = os.environ.get("TRADEPRESS_FUZZ") == "long"
LONG_FACTOR = 20
SEED = int(os.environ.get("TRADEPRESS_FUZZ_SEED", "20261126"))
ROUNDS = int(os.environ.get("TRADEPRESS_FUZZ_ROUNDS", "5")) if LONG else 1
# One extraction takes milliseconds (a 5 MB page: about two seconds); only a hang takes this long.
TIME_BOUND = 20

settings.register_profile(
    "tradepress-fuzz", deadline=timedelta(seconds=5), derandomize=True, database=None,
    print_blob=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("tradepress-fuzz-long", settings.get_profile("tradepress-fuzz"),
                          derandomize=False)
PROFILE = settings.get_profile("tradepress-fuzz-long" if LONG else "tradepress-fuzz")


def fuzz(examples: int) -> settings:
    """The fuzz profile with this many examples (times ``LONG_FACTOR`` in a long run)."""
    return settings(PROFILE, max_examples=examples * (LONG_FACTOR if LONG else 1))


# -- the guard against hangs ---------------------------------------------------------------------

class Hang(BaseException):
    """A call ran past its time bound (a BaseException: no ``except Exception`` swallows it)."""


@contextmanager
def time_bound(what: str, seconds: float = TIME_BOUND):
    """Fail with :class:`Hang` if the block runs longer than ``seconds``; if it is stuck in C
    code, where no signal handler runs, end the whole process with a traceback instead of
    hanging the test run (faulthandler's watchdog thread)."""
    def on_alarm(signum, frame):
        raise Hang(f"{what}: still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 3, exit=True)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGALRM, previous)


def extract_checked(page: str | bytes, url: str | None = None, *, seconds: float = TIME_BOUND,
                    **options) -> dict | None:
    """Extract ``page`` within ``seconds``; the record if it passes the schema, None for a
    page refused with a one-line :class:`ExtractionError`; any other exception fails the test."""
    with time_bound(f"extract_article(<{len(page)} chars>, {url!r})", seconds):
        try:
            record = extract_article(page, url, **options)
        except ExtractionError as e:
            message = str(e)
            assert message.strip() and "\n" not in message, f"not a one-line error: {message!r}"
            return None
    problems = record_problems(record)
    assert problems == [], f"record of {url!r} breaks the schema: {problems}"
    if url:
        assert isinstance(record["url"], str) and record["url"], record["url"]
    return record


@pytest.fixture(scope="module", autouse=True)
def warm_up():
    """Load what extraction loads on first use (language model, date parsers), so that the
    hypothesis deadline measures extraction, not imports."""
    extract_article(page_bytes(ARTICLE_PATHS[0]), ORIGIN + ARTICLE_PATHS[0],
                    fetched_at="2026-01-01T00:00:00Z")
    extract_article("<html><body><p>" + "Worte und Sätze " * 30 + "3 days ago</p></body></html>",
                    "http://example.org/a")


# -- vocabularies --------------------------------------------------------------------------------

PROSE = ("the council budget care nurses staffing social housing trust board policy funding "
         "local authority services should must will have been years community health plan "
         "review reform people patients workforce government money pressure we our they it "
         "is are was not more than about because which with from into over under").split()
FIRST_NAMES = ("Jane", "John", "Anne-Marie", "Seán", "Zoë", "Deborah", "Henry", "J.", "Dr Priya",
               "Cllr Tom", "ÉLODIE", "Ursula von der", "Mary-Kate", "D'Arcy", "Ali")
LAST_NAMES = ("Doe", "Roe", "O'Neill", "McDonald-Smith", "Cadman", "Kippin", "Müller", "Leyen",
              "Ng", "Da Silva", "OBE", "PhD", "Smith Jr", "KIPPIN")
ROLES = ("chief executive", "director of nursing", "head of policy", "Director of Adult "
         "Social Services", "councillor", "Leiterin des Gesundheitsamts", "directrice", "editor",
         "portfolio holder for housing", "senior lecturer", "founder and CEO", "chair")
ORGS = ("Northshire County Council", "Riverside NHS Trust", "Collaborate", "Some Association",
        "Klinikum Nord GmbH", "Mairie de Lyon", "RCN", "West Midlands Combined Authority",
        "Pryce & Webb Builders", "the Local Government Association")
CLASS_WORDS = ("cookie", "consent", "byline", "author", "author-name", "author-bio", "comments",
               "comment-list", "related", "share", "social", "standfirst", "dek", "summary",
               "article-body", "content", "entry-content", "newsletter", "paywall", "premium",
               "subscribe", "breadcrumb", "kicker", "section", "category", "date", "published",
               "updated", "timestamp", "signature", "sign-off", "role", "job-title", "name",
               "vcard", "fn", "promo", "teaser", "card", "most-read", "nav", "footer", "caption",
               "advert", "sr-only", "AuthorBio_box__x1", "PullQuote_quote", "b-x91", "current")
SPECIAL_TEXT = ("\u200f", "\u202e", "\u200b", "\ufeff", "e\u0301", "\x0b", "\x0c", "\x1b",
                "\x7f", "\ufffd", "\U0001f4f0", "\u00a0", "\u2028", "\r\n", "&amp;", "&#0;",
                "&#x110000;", "&nosuch;", "<", ">", "]]>", "<!--", "-->", "©", "Published:",
                "By", "Updated", "Comment", "Letters", "Leader", "Our view:")
MONTHS = ("January", "Feb", "févr.", "März", "Sept", "dec", "Juni", "août", "Smarch")
TAGS = ("div", "p", "article", "header", "footer", "aside", "nav", "span", "a", "time", "table",
        "ul", "li", "h1", "h2", "h3", "section", "main", "blockquote", "font", "form", "tr", "td",
        "small", "figure", "figcaption", "button", "noscript")
ODD_URLS = ("", "/", "//", "http://", "http://[::1", "http://[x/y", "http://a:b@c:99999/",
            "javascript:alert(1)", "mailto:x@example.org", "data:text/html,<p>x</p>",
            "http://exa mple.org/a", "ftp://sample.tradepress.example/x", "?q=1", "#top",
            "http://sample.tradepress.example/comment/x/1.article", "../../..", "\\\\server\\x",
            "http://例え.jp/パス", "http://sample.tradepress.example:0/", "x" * 3000,
            "http://sample.tradepress.example/\x00/a", "https://sample.tradepress.example/")
CHARSETS = ("utf-8", "utf-16", "utf-16-be", "latin-1", "cp1252", "shift_jis", "koi8-r",
            "iso-8859-7", "gb18030", "big5", "utf-7", "ascii", "cp437")
DECLARED = CHARSETS + ("", "x-unknown", "utf-8\x00", "utf8mb4", "x-user-defined", "binary",
                       "none", "unicode-1-1-utf-7", "l" * 300, "utf-32")

# -- text ----------------------------------------------------------------------------------------

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
long_word = st.builds(lambda c, n: c * n, st.characters(exclude_categories=("Cs",)),
                      st.integers(200, 3000))
# A long run of one punctuation mark, then more text: what makes a backtracking regex slow.
long_run = st.builds(lambda c, n, tail: c * n + tail, st.sampled_from(",;:|-)]_.!?\"”*' A1"),
                     st.integers(1000, 40_000), st.sampled_from(("x", " x", "", "a_b")))
noise = st.one_of(any_text, st.sampled_from(SPECIAL_TEXT), long_word, long_run)
word = st.one_of(st.sampled_from(PROSE), st.sampled_from(PROSE), noise)
sentence = st.lists(word, min_size=1, max_size=12).map(" ".join)
paragraph = st.builds(lambda words, extra: " ".join(words) + extra,
                      st.lists(st.sampled_from(PROSE), min_size=20, max_size=70),
                      st.one_of(st.just("."), noise))

name = st.one_of(st.builds("{} {}".format, st.sampled_from(FIRST_NAMES),
                           st.sampled_from(LAST_NAMES)), any_text)
role = st.one_of(st.sampled_from(ROLES), any_text)
organisation = st.one_of(st.sampled_from(ORGS), any_text)
person = st.builds(lambda n, r, o: ", ".join(filter(None, (n, r, o))),
                   name, st.none() | role, st.none() | organisation)
day_ = st.integers(-1, 40)
month_ = st.integers(0, 14)
year_ = st.sampled_from((0, 1, 99, 999, 1989, 1990, 2017, 2024, 2026, 2099, 9999, 99999,
                         10**12))
date_text = st.one_of(
    st.builds("{}/{}/{}".format, day_, month_, year_),
    st.builds("{}.{}.{}".format, day_, month_, year_),
    st.builds("{}-{:02}-{:02}".format, year_, month_, day_),
    st.builds("{} {} {}".format, day_, st.sampled_from(MONTHS), year_),
    st.builds("{} {}, {}".format, st.sampled_from(MONTHS), day_, year_),
    st.builds("{}-{:02}-{:02}T{:02}:{:02}:{:02}{}".format, year_, month_, day_,
              st.integers(0, 99), st.integers(0, 99), st.integers(0, 99),
              st.sampled_from(("", "Z", "+01:00", "+25:99", "-00:00", "+05:30:15", ".123456",
                               " GMT", "+0100"))),
    st.builds("Wed, {} {} {} 08:00:00 {}".format, day_, st.sampled_from(("Jun", "Feb", "Xyz")),
              year_, st.sampled_from(("+0100", "GMT", "+9999", "XYZ"))),
    st.builds("{} {} ago".format, st.integers(0, 10**15),
              st.sampled_from(("min", "minutes", "hour", "days", "weeks", "months"))),
    st.builds("vor {} Tagen".format, st.integers(0, 10**15)),
    st.builds("il y a {} jours".format, st.integers(0, 10**15)),
    st.sampled_from(("yesterday", "today", "just now", "31/02/2020", "29/02/2023", "0000-00-00",
                     "2017-18", "© 2019", "v2.3.1", "20240101", "Published: 14 June 2017",
                     "Updated 3 hours ago", "14 June", "Monday 32nd of Smarch 2020 at 25:61")),
    any_text,
)
byline = st.builds(
    lambda prefix, people, joiner, tail: f"{prefix}{joiner.join(people)}{tail}",
    st.sampled_from(("By ", "by ", "BY ", "Words by ", "Written by ", "Von ", "Par ", "", "—")),
    st.lists(person, min_size=1, max_size=3),
    st.sampled_from((" and ", ", ", " & ", "; ", " und ", " | ")),
    st.one_of(st.just(""), st.builds(" | {}".format, date_text), st.just(" • 5 min read"),
              st.just(" @janedoe"), st.builds(" - {}".format, date_text)))
endnote = st.builds("{} is {} at {}.".format, name, role, organisation)

# -- JSON-LD -------------------------------------------------------------------------------------

JSONLD_KEYS = ("@type", "@graph", "@context", "@id", "@value", "name", "headline", "author",
               "creator", "jobTitle", "worksFor", "affiliation", "datePublished",
               "dateModified", "publisher", "articleSection", "isAccessibleForFree",
               "description")
LD_TYPES = ("NewsArticle", "OpinionNewsArticle", "Article", "BlogPosting", "Person",
            "Organization", "WebPage", "CollectionPage", "ItemList", "ReportageNewsArticle")
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                        st.floats(allow_nan=True, allow_infinity=True), any_text, date_text, name)
json_value = st.recursive(
    json_scalar,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(JSONLD_KEYS) | any_text, children, max_size=4),
    max_leaves=10)
ld_type = st.one_of(st.sampled_from(LD_TYPES), st.lists(st.sampled_from(LD_TYPES), max_size=3),
                    json_value)
ld_person = st.one_of(
    name, json_value,
    st.fixed_dictionaries({"@type": st.sampled_from(("Person", "Organization", "Thing")) | ld_type},
                          optional={"name": name | json_value, "jobTitle": role | json_value,
                                    "worksFor": organisation | json_value,
                                    "affiliation": json_value}))
ld_article = st.fixed_dictionaries(
    {"@type": ld_type},
    optional={"headline": sentence | json_value, "author": ld_person | st.lists(ld_person,
              max_size=4), "creator": ld_person, "datePublished": date_text | json_value,
              "dateModified": date_text | json_value, "publisher": organisation | json_value,
              "articleSection": st.sampled_from(("Comment", "Letters", "News")) | json_value,
              "isAccessibleForFree": json_value, "description": sentence | json_value,
              "@graph": json_value})


def _json_text(value, wrap: str, corrupt: str, cut: int) -> str:
    """JSON text of ``value``, wrapped in a list or a @graph, maybe corrupted."""
    data = {"[]": [value], "graph": {"@context": "https://schema.org", "@graph": [value]},
            "": value}[wrap]
    text = json.dumps(data, ensure_ascii=cut % 2 == 0)
    if corrupt == "truncate":
        return text[: cut % (len(text) + 1)]
    if corrupt == "single quotes":
        return text.replace('"', "'")
    if corrupt == "deep":
        return "[" * (1000 + cut % 200_000) + text
    if corrupt == "trailing comma":
        return text[:-1] + ",}" if text.endswith("}") else text + ","
    return text


jsonld_text = st.one_of(
    st.builds(_json_text, ld_article | json_value, st.sampled_from(("", "[]", "graph")),
              st.sampled_from(("", "", "", "truncate", "single quotes", "deep",
                               "trailing comma")), st.integers(0, 10**6)),
    any_text)

# -- markup --------------------------------------------------------------------------------------


def _attrs(attrs: dict[str, str]) -> str:
    return "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())


def _text(text: str, raw: bool) -> str:
    return text if raw else html.escape(text, quote=False)


class_value = st.lists(st.sampled_from(CLASS_WORDS), min_size=1, max_size=3).map(" ".join)
attr_value = st.one_of(class_value, class_value, noise, date_text, st.sampled_from(ODD_URLS))
attributes = st.dictionaries(
    st.sampled_from(("class", "class", "id", "rel", "itemprop", "role", "href", "datetime", "lang",
                     "aria-hidden", "hidden", "aria-current")), attr_value, max_size=3)
meta = st.builds(
    lambda key, attr, content: f'<meta {attr}="{key}" content="{html.escape(content)}">',
    st.sampled_from(("author", "article:author", "og:title", "og:type", "og:site_name",
                     "og:locale", "description", "og:description", "article:published_time",
                     "article:modified_time", "date", "dc.date", "article:section",
                     "twitter:title", "datepublished", "sailthru.date", "parsely-author")),
    st.sampled_from(("name", "property", "itemprop")),
    st.one_of(st.just(""), st.just(" "), noise, date_text, name, byline,
              st.sampled_from(("article", "website", "en_GB", "x", "Comment")),
              st.integers(10_000, 200_000).map(lambda n: "x" * n)))
leaf = st.one_of(
    st.builds(_text, sentence, st.booleans()),
    st.builds(lambda a, t: f"<p{_attrs(a)}>{html.escape(t)}</p>", attributes, paragraph),
    st.builds(lambda c, b: f'<div class="{c}">{html.escape(b)}</div>',
              st.sampled_from(("byline", "author", "author-name", "signature", "posted-by")),
              byline),
    st.builds(lambda d, t: f'<time datetime="{html.escape(d)}">{html.escape(t)}</time>',
              date_text, date_text),
    st.builds(lambda c, d: f'<span class="{c}">{html.escape(d)}</span>',
              st.sampled_from(("date", "published", "updated", "timestamp")), date_text),
    st.builds(lambda t: f'<script type="application/ld+json">{t}</script>', jsonld_text),
    st.builds("<script>{}</script>".format, any_text),
    st.builds("<style>{}</style>".format, any_text),
    meta,
    st.builds(lambda u: f'<a href="{html.escape(u)}">{html.escape(u)}</a>',
              st.sampled_from(ODD_URLS)),
    st.just("<br>"),
    st.just("<img src=x alt=''>"),
)


def _element(children):
    return st.builds(lambda tag, attrs, kids, closed: f"<{tag}{_attrs(attrs)}>{''.join(kids)}"
                     + (f"</{tag}>" if closed else ""),
                     st.sampled_from(TAGS), attributes, st.lists(children, max_size=4),
                     st.booleans() | st.just(True))


markup = st.recursive(leaf, _element, max_leaves=20)
head_item = st.one_of(
    meta, st.builds("<title>{}</title>".format, sentence),
    st.builds(lambda u: f'<link rel="canonical" href="{html.escape(u)}">',
              st.sampled_from(ODD_URLS)),
    st.builds(lambda u: f'<base href="{html.escape(u)}">', st.sampled_from(ODD_URLS)),
    st.builds(lambda t: f'<script type="application/ld+json">{t}</script>', jsonld_text))


HEAD_ITEMS = st.lists(head_item, max_size=6)


@st.composite
def pages(draw, head=HEAD_ITEMS) -> str:
    """A page with an article's skeleton (headline, byline, date, paragraphs, sign-off) that
    noise may surround, interrupt or replace."""
    body = [f"<h1>{_text(draw(sentence), draw(st.booleans()))}</h1>"]
    body += draw(st.lists(st.one_of(
        st.builds(lambda b: f'<p class="byline">{html.escape(b)}</p>', byline),
        st.builds(lambda c, t: f'<p class="{c}">{html.escape(t)}</p>',
                  st.sampled_from(("standfirst", "dek", "summary")), sentence),
        st.builds(lambda d: f'<p class="date">{html.escape(d)}</p>', date_text)), max_size=3))
    body += [f"<p>{_text(p, draw(st.booleans()))}</p>"
             for p in draw(st.lists(paragraph, max_size=7))]
    body += draw(st.lists(st.one_of(person, endnote, byline, long_run).map(
        lambda t: f"<p>{html.escape(t)}</p>"), max_size=2))
    for _ in range(draw(st.integers(0, 4))):
        body.insert(draw(st.integers(0, len(body))), draw(markup))
    wrapper = draw(st.sampled_from(("article", "main", "div", "")))
    content = "".join(body)
    if wrapper:
        content = f"<{wrapper}{_attrs(draw(attributes))}>{content}</{wrapper}>"
    lang = draw(st.sampled_from(("", "en", "en-GB", "de", "fr", "x", "1x", "zh-Hant", "EN", "é",
                                 " ", "x-klingon", "i-default")))
    doctype = draw(st.sampled_from(("<!DOCTYPE html>", "", "<?xml version='1.0'?>",
                                    "<!doctype html public '-//W3C//DTD HTML 4.01//EN'>")))
    return (f"{doctype}<html{f' lang={lang!r}' if lang else ''}><head>{''.join(draw(head))}"
            f"</head><body>{content}</body></html>")


def with_charset(page: str, encoding: str, declared: str, how: str) -> bytes:
    """``page`` in ``encoding``, declaring ``declared`` (in a <meta>, or not at all)."""
    declaration = {"meta": f'<meta charset="{declared}">',
                   "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; '
                                 f'charset={declared}">', "none": ""}[how]
    page = page.replace("<head>", "<head>" + declaration, 1)
    return page.encode(encoding, errors="replace")


options = st.fixed_dictionaries({}, optional={
    "fetched_at": st.sampled_from(("2026-01-01T00:00:00Z", "0001-01-01T00:00:00",
                                   "9999-12-31T23:59:59", "not a date", "2024-02-30", "")),
    "language": st.sampled_from(("en", "de", "fr", "xx")),
    "date_order": st.sampled_from(("DMY", "MDY", "YMD")),
    "genre": st.sampled_from(PROFILE_GENRES),
    "remove": st.sampled_from(((), (".most-read",), ("h1",), ("p", "div > span"), ("*",))),
    "hints": st.fixed_dictionaries({}, optional={"published": st.none() | date_text
                                                 | st.integers() | st.just("2024-03-18")}),
})
urls = st.one_of(st.just(ORIGIN + "/comment/some-piece/123.article"), st.none(),
                 st.sampled_from(ODD_URLS),
                 st.builds("{}/{}".format, st.just(ORIGIN), any_text))

# -- 1. generated pages -------------------------------------------------------------------------


@fuzz(examples=300)
@given(page=pages(), url=urls, opts=options)
def test_generated_pages(page, url, opts):
    extract_checked(page, url, **opts)


@fuzz(examples=150)
@given(page=pages(), url=urls, encoding=st.sampled_from(CHARSETS),
       declared=st.sampled_from(DECLARED), how=st.sampled_from(("meta", "http-equiv", "none")),
       bom=st.sampled_from((b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")))
def test_generated_pages_as_bytes(page, url, encoding, declared, how, bom):
    extract_checked(bom + with_charset(page, encoding, declared, how), url)


@fuzz(examples=150)
@given(page=pages(head=st.lists(st.one_of(
           st.builds(lambda t: f'<script type="application/ld+json">{t}</script>', jsonld_text),
           meta), min_size=2, max_size=8)), url=urls, opts=options)
def test_hostile_metadata(page, url, opts):
    """Every page has JSON-LD and meta tags, most of them malformed or oddly typed."""
    extract_checked(page, url, **opts)


@fuzz(examples=25)
@given(page=pages(), url=urls)
def test_same_page_same_record(page, url):
    """extract_article is a pure function of its inputs (the fetch time among them: without
    one, "5 minutes ago" is read against the clock): its caches must not leak one page into
    another."""
    fetched_at = "2026-01-01T00:00:00Z"
    first = extract_checked(page, url, fetched_at=fetched_at)
    extract_checked("<html><body><h1>Another page</h1><p>" + "Other words. " * 50
                    + "</p></body></html>", "http://example.org/other", fetched_at=fetched_at)
    assert extract_checked(page, url, fetched_at=fetched_at) == first


def test_record_schema_matches_extract_article():
    """pipelines.record describes what extract_article returns: the same keys, and genres the
    site profiles accept."""
    assert tuple(RECORD_FIELDS) == KEYS
    assert GENRES == PROFILE_GENRES
    record = extract_checked(page_bytes(ARTICLE_PATHS[0]), ORIGIN + ARTICLE_PATHS[0])
    assert record is not None and record["is_article"] is True
    assert record_problems({**record, "published": "14 June 2017"}) == [
        "published is not ISO 8601: '14 June 2017'"]
    assert record_problems({**record, "authors": [{"name": "Jo Bloggs"}]}) != []
    assert record_problems({k: v for k, v in record.items() if k != "genre"}) == [
        "missing key 'genre'"]


# -- 2. mutated pages --------------------------------------------------------------------------

EXPECTED = json.loads((GOLDEN / "sample_expected.json").read_text(encoding="utf-8"))
PAGE_PATHS = [e["path"] for e in EXPECTED if e.get("status", 200) == 200]
ARTICLE_PATHS = [e["path"] for e in EXPECTED if e["is_article"]]


def page_bytes(path: str) -> bytes:
    local = SITE_DIR / path.lstrip("/")
    local = local / "index.html" if path.endswith("/") else local
    return local.read_bytes().replace(b"{{BASE}}", ORIGIN.encode())


def _offset(data: bytes, rng: random.Random) -> int:
    return rng.randrange(len(data) + 1)


def _tag_offset(data: bytes, rng: random.Random) -> int:
    """A random position just before a tag."""
    starts = [m.start() for m in re.finditer(rb"<[a-zA-Z/]", data)] or [0]
    return rng.choice(starts)


def truncate(data, rng):
    return data[: _offset(data, rng)]


def flip_bytes(data, rng):
    out = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def delete_chunks(data, rng):
    for _ in range(rng.randint(1, 4)):
        i = _offset(data, rng)
        data = data[:i] + data[i + rng.randint(1, 3000):]
    return data


def duplicate_chunks(data, rng):
    for _ in range(rng.randint(1, 4)):
        i, j = sorted((_offset(data, rng), _offset(data, rng)))
        k = _offset(data, rng)
        data = data[:k] + data[i:j] + data[k:]
    return data


def no_closing_tags(data, rng):
    return re.sub(rb"</[^>]*>", b"", data)


def deep_nesting(data, rng):
    i = _tag_offset(data, rng)
    nest = b"<div>" * 5000 + (b"text" + b"</div>" * 5000 if rng.random() < 0.5 else b"")
    return data[:i] + nest + data[i:]


def nul_bytes(data, rng):
    for _ in range(rng.randint(1, 5)):
        i = _offset(data, rng) if rng.random() < 0.3 else rng.randint(min(8192, len(data)),
                                                                       len(data))
        data = data[:i] + b"\x00" * rng.randint(1, 3) + data[i:]
    return data


def invalid_utf8(data, rng):
    bad = (b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf",
           b"\xe2\x82", b"\x80\x80\x80", b"\xf8\x88\x80\x80\x80")
    for _ in range(rng.randint(1, 20)):
        i = _offset(data, rng)
        data = data[:i] + rng.choice(bad) + data[i:]
    return data


def huge_attribute(data, rng):
    """A 5 MB attribute value in a random start tag: class words (what the byline and
    boilerplate patterns read) or one long run of a single character."""
    match = rng.choice(list(re.finditer(rb"<[a-zA-Z][a-zA-Z0-9]*", data)))
    value = (" ".join(rng.choice(CLASS_WORDS) for _ in range(500_000)).encode()[:5_000_000]
             if rng.random() < 0.5 else rng.choice(b"ab-_ ").to_bytes(1, "big") * 5_000_000)
    attr = rng.choice((b"class", b"id", b"content", b"data-x", b"datetime", b"href"))
    return data[: match.end()] + b" " + attr + b'="' + value + b'"' + data[match.end():]


def swap_charset(data, rng):
    """Replace (or add) the charset declaration; sometimes re-encode the text as well."""
    declared = rng.choice(DECLARED).encode("latin-1", "replace")
    data, count = re.subn(rb'(?i)charset=["\']?[^"\'\s>;]*', b"charset=" + declared, data)
    if not count:
        data = data.replace(b"<head>", b'<head><meta charset="' + declared + b'">', 1)
    if rng.random() < 0.5:
        data = data.decode("utf-8", "replace").encode(rng.choice(CHARSETS), "replace")
    return data


def run_in_last_paragraph(data, rng):
    """A long run of one punctuation mark in one of the article's last paragraphs (what the
    sign-off and end-note parsers read): a regex that backtracks over it from each of its
    characters takes time in the square of its length."""
    article_end = data.find(b"</article>")
    ends = [m.start() for m in re.finditer(b"</p>", data[:article_end if article_end >= 0
                                                              else len(data)])]
    end = rng.choice(ends[-3:]) if ends else len(data)
    run = rng.choice(",;:|-)]_.!?\"*").encode() * rng.randint(100_000, 200_000)
    return data[:end] + rng.choice((b"a", b"Jane Doe", b"")) + run + b" x" + data[end:]


def swap_blocks(data, rng):
    """Cut the page at block-level tags and swap two of the big blocks."""
    cuts = sorted({m.start() for m in re.finditer(
        rb"<(?:div|section|article|aside|header|footer|main|nav|p|script)\b", data)})
    blocks = [data[i:j] for i, j in zip([0, *cuts], [*cuts, len(data)], strict=True)]
    big = sorted(range(len(blocks)), key=lambda k: -len(blocks[k]))[:8]
    if len(big) >= 2:
        a, b = rng.sample(big, 2)
        blocks[a], blocks[b] = blocks[b], blocks[a]
    return b"".join(blocks)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes | str]] = {
    "truncate": truncate, "flip_bytes": flip_bytes, "delete_chunks": delete_chunks,
    "duplicate_chunks": duplicate_chunks, "no_closing_tags": no_closing_tags,
    "deep_nesting": deep_nesting, "nul_bytes": nul_bytes, "invalid_utf8": invalid_utf8,
    "huge_attribute": huge_attribute, "swap_charset": swap_charset, "swap_blocks": swap_blocks,
    "long_run": run_in_last_paragraph,
}


CHEAP = [m for n, m in MUTATIONS.items() if n not in ("deep_nesting", "huge_attribute",
                                                      "long_run")]


def combined(data, rng):
    """Three mutations at once (not the three expensive ones)."""
    for mutation in rng.sample(CHEAP, 3):
        data = mutation(data, rng)
    return data


MUTATIONS["combined"] = combined
MUTATIONS["decoded_text"] = lambda data, rng: flip_bytes(data, rng).decode("utf-8", "replace")
# The costly mutations (a 5 MB page, 5,000 levels of nesting) run on a seeded sample of pages.
SAMPLED = {"huge_attribute": 4, "deep_nesting": 8}


def mutate(data: bytes, mutation: str, seed: str) -> bytes | str:
    """The page mutated: the same ``seed`` gives the same input on every run."""
    return MUTATIONS[mutation](data, random.Random(seed))


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_mutated_pages(mutation):
    """Every sample page, mutated: a record that passes the schema or a one-line refusal, in
    bounded time. All the failures of one mutation are listed, each with its seed."""
    failures, tried, unchanged = [], 0, 0
    for round_ in range(ROUNDS):
        paths = PAGE_PATHS
        if mutation in SAMPLED:
            paths = random.Random(f"{SEED + round_}-{mutation}").sample(paths, SAMPLED[mutation])
        for path in paths:
            seed = f"{SEED + round_}-{mutation}-{path}"
            original = page_bytes(path)
            page = mutate(original, mutation, seed)
            tried += 1
            unchanged += page == original
            try:
                extract_checked(page, ORIGIN + path, fetched_at="2026-01-01T00:00:00Z")
            except (Exception, Hang) as e:
                failures.append(f"{path} (seed {seed!r}): {type(e).__name__}: {e}"[:600])
    assert tried >= 4 and unchanged <= tried // 10, f"{mutation} left {unchanged} pages alone"
    assert failures == [], (f"{len(failures)} of {tried} pages failed {mutation}; reproduce "
                            f"with mutate(page_bytes(path), {mutation!r}, seed):\n"
                            + "\n".join(failures))


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
    expected = list(dict.fromkeys(fold_name(a["name"]) for s in sources for a in s))
    assert keys == [k for k in expected if k], "a person lost, or the order changed"


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
