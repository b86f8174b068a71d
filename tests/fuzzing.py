"""What the fuzz tests share (``test_fuzz.py``, ``test_fuzz_parsers.py``): the hypothesis
profiles, the guard against hangs, the vocabularies and strategies that generate pages, and the
bundled sample site's pages to mutate. The inputs each test draws, and how many, are described
in ``test_fuzz.py``."""

from __future__ import annotations

import faulthandler
import html
import json
import os
import signal
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from crawler.samplesite import SITE_DIR
from crawler.siteconfig import GENRES as PROFILE_GENRES
from pipelines.extract import ExtractionError, extract_article
from pipelines.extract.record import (
    record_problems,
)

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


# -- the sample site's pages ------------------------------------------------------------------

EXPECTED = json.loads((GOLDEN / "sample_expected.json").read_text(encoding="utf-8"))
PAGE_PATHS = [e["path"] for e in EXPECTED if e.get("status", 200) == 200]
ARTICLE_PATHS = [e["path"] for e in EXPECTED if e["is_article"]]


def page_bytes(path: str) -> bytes:
    local = SITE_DIR / path.lstrip("/")
    local = local / "index.html" if path.endswith("/") else local
    return local.read_bytes().replace(b"{{BASE}}", ORIGIN.encode())
