"""Fuzzing the extraction functions (issue #8, "Reliability").

Three kinds of input, and the same three properties for each: no exception escapes (only
:class:`~pipelines.extract.ExtractionError`, the documented refusal of what is not a page, with a
one-line message), no call runs longer than ``TIME_BOUND`` seconds, and every record matches the
record schema (:func:`pipelines.extract.record.record_problems`: every key, every type, authors, ISO
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
3. The pure parsers directly (bylines, dates, metadata, boilerplate), with hypothesis
   (``test_fuzz_parsers.py``).

Inputs fuzzed per run with the default profile (the same inputs every run: ``derandomize``),
in about 40 s on 2 cores (the strategies are in ``tests/fuzzing.py``):

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
has a regression test with its minimal input at the end of ``test_fuzz_parsers.py``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest
from fuzzing import (
    ARTICLE_PATHS,
    CHARSETS,
    CLASS_WORDS,
    DECLARED,
    ORIGIN,
    PAGE_PATHS,
    ROUNDS,
    SEED,
    Hang,
    extract_checked,
    fuzz,
    jsonld_text,
    meta,
    options,
    page_bytes,
    pages,
    urls,
    warm_up,  # noqa: F401  (autouse: extraction's lazy loads, once per module)
    with_charset,
)
from hypothesis import given
from hypothesis import strategies as st

from crawler.siteconfig import GENRES as PROFILE_GENRES
from pipelines.extract.record import (
    GENRES,
    RECORD_FIELDS,
    record_problems,
)

# Hypothesis warns when an example's repr is large: pages with a 200 KB meta tag are meant to be.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


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
    """pipelines.extract.record describes what extract_article returns: the same keys, for
    articles and other pages alike, and the genres the site profiles accept."""
    assert GENRES == PROFILE_GENRES
    record = extract_checked(page_bytes(ARTICLE_PATHS[0]), ORIGIN + ARTICLE_PATHS[0])
    assert record is not None and record["is_article"] is True
    assert tuple(record) == tuple(RECORD_FIELDS)
    listing = extract_checked(page_bytes("/build-review/"), ORIGIN + "/build-review/")
    assert listing is not None and listing["is_article"] is False
    assert tuple(listing) == tuple(RECORD_FIELDS)
    assert record_problems({**record, "published": "14 June 2017"}) == [
        "published is not ISO 8601: '14 June 2017'"]
    assert record_problems({**record, "authors": [{"name": "Jo Bloggs"}]}) != []
    assert record_problems({k: v for k, v in record.items() if k != "genre"}) == [
        "missing key 'genre'"]


# -- 2. mutated pages --------------------------------------------------------------------------

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
