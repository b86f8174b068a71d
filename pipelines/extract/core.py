"""Extraction: one fetched page in, one clean record out.

:func:`extract_article` is a pure function of the page's HTML and what is known about it (URL,
fetch time, the site profile's hints); it returns plain data. The crawl, ``tradepress extract``
and re-extraction of stored captures all call it; :class:`pipelines.extraction.ExtractionPipeline`
is the thin Scrapy stage over it. Each step lives in a module of its own, named below.

The order of work:
1. parse the page (``page``), read structured metadata (``metadata``: JSON-LD, meta tags) and
   byline candidates (``authors``) from the untouched tree;
2. drop boilerplate containers (``boilerplate``) and run trafilatura on what is left (``text``);
3. clean the paragraphs: drop boilerplate lines, the title, the standfirst, bylines, repeated
   author names; take sign-offs, end notes and letter signatures off the end as authors
   (``text``, parsed by the byline grammar of ``bylines``);
4. decide authors, dates (``datelines`` over ``dates``), genre, whether this is an article and
   whether it is paywalled (``classify``), and the language.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from pipelines.extract.authors import (
    all_names,
    byline_candidates,
    library_authors,
    name_only,
    person_like,
    split_names,
    visible_authors,
    without_other_credits,
)
from pipelines.extract.boilerplate import (
    DRAWINGS_AND_STYLES,
    drop_inert,
    reveal,
    strip_boilerplate,
)
from pipelines.extract.bylines import (
    BYLINE_PREFIX,
    looks_like_name,
    parse_byline,
)
from pipelines.extract.cards import read_bios
from pipelines.extract.classify import (
    genre_of,
    is_interview,
    not_article_reason,
    paywall_of,
    paywalled_parts,
    unlabelled_genre,
)
from pipelines.extract.datelines import (
    base_time,
    page_date_order,
    published_date,
    updated_date,
)
from pipelines.extract.dates import date_order_for, is_ambiguous
from pipelines.extract.metadata import (
    Metadata,
    jsonld_authors,
    meta_authors,
    read_metadata,
)
from pipelines.extract.names import merge_authors
from pipelines.extract.page import (
    count_words,
    norm_text,
    parse_page,
    url_parts,
)
from pipelines.extract.persons import (
    is_placeholder,
    is_publication,
    without_desks,
    without_editors,
    without_site_name,
)
from pipelines.extract.signatures import signer_lists
from pipelines.extract.standfirst import is_description, standfirst_of
from pipelines.extract.tail import lines_after_text, reads_as_signature, without_rows
from pipelines.extract.text import (
    ROLE_LINE,
    clean_paragraphs,
    main_text,
    split_short_lines,
    unwrap_layout_tables,
)
from pipelines.extract.titles import title_of

EXTRACTOR_VERSION = "0.2.0"
# A letter's greeting on a line of its own, in the languages of the lexicon.
SALUTATION = re.compile(r"(?i)^(?:to the editor|dear (?:editor|sir(?: or madam|/madam)?|madam|"
                        r"[A-Z][a-z]+(?= ?,$))|"
                        r"sir|madam|monsieur le (?:rédacteur|directeur)|madame la (?:rédactrice|"
                        r"directrice)|sehr geehrte (?:redaktion|damen und herren)|liebe redaktion|"
                        r"(?:señor|señora|estimado|estimada) director(?:a)?|"
                        r"(?:caro|gentile) direttore|geachte redactie|prezado editor|"
                        r"a chara)\s*[,:;–—-]?$")  # (Irish: "A chara,")


def extract_article(
    html: str | bytes,
    url: str | None = None,
    *,
    fetched_at: str | None = None,
    language: str | None = None,
    date_order: str | None = None,
    genre: str | None = None,
    remove: tuple[str, ...] = (),
    hints: dict[str, Any] | None = None,
    article_url: bool = False,
) -> dict[str, Any]:
    """Extract the record of one page: everything found on it, whatever it is, and whether it
    is an article (``is_article``; if not, ``not_article_reason`` says why). ``hints`` may
    carry a feed's ``published`` date; ``language``, ``date_order``, ``genre`` and ``remove``
    come from the site profile; ``article_url`` says the profile's URL patterns name this
    page an article's (strong evidence: only the page's own plain word overrules it)."""
    tree = parse_page(html)
    md = read_metadata(tree)
    # (drawings and style sheets are no text of the page: a logo's <title> in the <h1> is no
    # headline; the scripts stay, for the dates and bylines some pages hold only there)
    etree.strip_elements(tree, *DRAWINGS_AND_STYLES, with_tail=False)
    url = _canonical_url(url, md)
    title = title_of(tree, md)
    byline_nodes, role_texts, bio_texts = byline_candidates(tree)
    standfirst = standfirst_of(tree, md)
    clean = copy.deepcopy(tree)
    drop_inert(clean)
    reveal(clean, paywalled_parts(md))
    strip_boilerplate(clean, remove)
    table_layout = unwrap_layout_tables(clean)
    split_short_lines(clean)
    paragraphs = main_text(clean, url, careful=table_layout, precise=bool(md.article))

    visible, byline_raw = visible_authors(byline_nodes, role_texts)
    signers, signers_raw = signer_lists(tree)
    byline_raw += signers_raw
    structured = _structured_authors(md)
    bio_authors, bio_raw = read_bios(bio_texts, all_names([structured, visible]) | {
        norm_text(b) for b in byline_nodes})  # (a pen name: "The Prospector")
    byline_raw += bio_raw
    names = [n for m in meta_authors(md.meta) for n in split_names(m) if looks_like_name(n)]
    authors_found = [structured, visible, bio_authors,
                     [name_only(n) for n in names]]
    body, tail_authors, described, tail_raw = _clean_text(
        paragraphs, lines_after_text(clean, paragraphs), title, standfirst,
        all_names([signers, *authors_found]),
        {norm_text(r) for r in role_texts if len(r) <= ROLE_LINE})
    if standfirst is None and body and is_description(body[0], md) and len(body) > 2:
        standfirst = body.pop(0)
    saluted = bool(body) and bool(SALUTATION.match(body[0]))
    if saluted:
        body.pop(0)  # "To the Editor:" on a line of its own: a letter's, not its text
    elif greeting := next((i for i, line in enumerate(body[:4]) if SALUTATION.match(line)), None):
        del body[greeting]  # (after an editor's note introducing the letter)
    text = "\n\n".join(body)
    lang = md.language or detect_language(text) or language
    reason = not_article_reason(md, body, text, clean, url, article_url)

    if tail_raw:
        byline_raw.append(tail_raw)
    authors = [a for a in merge_authors(signers, tail_authors, *authors_found, described)
               or library_authors(tree)
               if not is_publication(a["name"], md) and not is_placeholder(a["name"])]
    authors = without_other_credits(byline_nodes, authors)  # ("Tested by X": not the author)
    authors = without_editors(without_site_name(authors, md, tree.findtext(".//title")), tree)
    # "The author is chief executive of X" (a note with no name: merge_authors skips it) is
    # the page's one named author's description
    # (and "The authors are ..." each of its several authors')
    unnamed = [a for a in bio_authors + described if not a["name"]]
    several = len(unnamed) > 1 and len(authors) > 1
    if unnamed and (len(authors) == 1 or several) and not any(
            a["role"] or a["organisation"] for a in authors):
        authors = [a | {"role": unnamed[0]["role"], "organisation": unnamed[0]["organisation"]}
                   for a in authors]
    if signers or tail_authors or any(a["name"] and (a["role"] or a["organisation"])
                                      for a in described):
        # signed by people (at the end of the text, "Jane Doe is chief executive of X"
        # included): the desk that posted it is not an author
        authors = without_desks(authors)
    order = date_order or date_order_for(lang, md.region)
    date_kwargs = {"languages": [lang] if lang else None, "date_order": order,
                   "base": base_time(fetched_at)}
    published, published_raw = published_date(tree, md, hints or {}, date_kwargs, title, url)
    if order is None and is_ambiguous(published_raw) and (order := page_date_order(tree)):
        # "3/11/2025" on a page of no known region: its other dates tell which is the month
        date_kwargs["date_order"] = order
        published, published_raw = published_date(tree, md, hints or {}, date_kwargs, title, url)

    updated = updated_date(tree, md, date_kwargs)
    bylines = " | ".join(dict.fromkeys(byline_raw))
    paywall = paywall_of(md, tree)
    return {
        "url": url,
        "is_article": reason is None,
        "not_article_reason": reason,
        "title": title,
        "standfirst": standfirst,
        "body": text,
        "authors": authors,
        "published": published,
        "updated": updated if updated and updated[:16] != (published or "")[:16] else None,
        "genre": "other" if is_interview(bylines, body) else (
            _unsigned_is_editorial(genre_of(url, md, title, tree, authors), authors,
                                   byline_nodes, url)
            or genre or (
                "letter" if saluted else unlabelled_genre(md, text, authors, lang))),
        "language": lang,
        "paywalled": paywall is not None,
        "paywall_reason": paywall,
        "byline_raw": bylines or None,
        "published_raw": published_raw,
        "extractor_version": EXTRACTOR_VERSION,
    }


def _clean_text(paragraphs: list[str], after: list[str], *context) -> tuple:
    """``clean_paragraphs`` over the text and the short lines set after it on the page (a
    signature in a box of its own), if none of those lines is left in the body (the sign-off
    reader took them, or they are boilerplate), it read each person in them with a role or an
    organisation, and the text alone ends with no signature; else over the text alone."""
    alone = clean_paragraphs(paragraphs, *context)
    if after and reads_as_signature(after):
        found = clean_paragraphs(without_rows(paragraphs, after) + after, *context)
        left = {norm_text(line) for line in found[0]}
        signers = [a for a in found[1] + found[2] if a not in alone[2]]
        if alone[1] and (found[2] != alone[2] or [a["name"] for a in found[1]] != [
                a["name"] for a in alone[1]] or f"/ {after[0]}" not in (found[3] or "")):
            return alone  # (the text is signed: the lines after it may go on with the same
            # signature, "Name" / "Role" in the text, "Employer" / "Town" after it, not more)
        if signers and all(a["role"] or a["organisation"] for a in signers) and not any(
                norm_text(line) in left for line in after):
            return found  # (a bare name under the text may be anything: a button, a quote)
    return alone


def detect_language(text: str) -> str | None:
    """The language of a text long enough to tell (py3langid, loaded on first use)."""
    if count_words(text) < 20:
        return None
    import py3langid  # its model takes half a second to load: only when a page needs it

    code = str(py3langid.classify(text[:1500])[0])
    return code if len(code) == 2 else None  # not "zxx" (no language) nor "ace", "grc"...


def _authored(md: Metadata) -> dict:
    """The JSON-LD object whose authors are the page's: the article's; else the first object
    that names an author (a WebPage, a BlogPosting nested elsewhere); else the page's one
    Person, referenced from the article by ``@id``."""
    if md.article.get("author") or md.article.get("creator"):
        return md.article
    named = next((o for o in md.jsonld if o.get("author")), None)
    if named:
        return named
    people = [o for o in md.jsonld if "person" in {str(t).lower() for t in _types(o)}]
    return {"author": people} if len(people) == 1 and md.article else {}


def _types(item: dict) -> list:
    kinds = item.get("@type")
    return kinds if isinstance(kinds, list) else [kinds]


def _structured_authors(md: Metadata) -> list:
    """The article's JSON-LD authors, joint bylines split ("A and B" is two people), site
    handles and placeholders left out; a role and organisation stay with a single name."""
    found = []
    for author in jsonld_authors(_authored(md)):
        if "," in author["name"] and (signed := parse_byline(author["name"])):
            found += signed  # "Jane Doe, professor of law, Some University"
            continue
        people = [n for n in split_names(author["name"]) if person_like(n)]
        found += [author | {"name": people[0]}] if len(people) == 1 else [
            name_only(n) for n in people]
    return found


def _unsigned_is_editorial(genre: str | None, authors: list, byline_nodes: list[str],
                           url: str | None) -> str | None:
    """A piece the page files as opinion that nobody signs (no author, no "By" line: not even
    a pen name the grammar does not read) is the publication's own: an editorial (a leader);
    not a blog's post or a column (a company's, a columnist's)."""
    if genre == "opinion" and not authors and not BLOG.search(url or "") and not any(
            BYLINE_PREFIX.match(b) for b in byline_nodes):
        return "editorial"
    return genre


BLOG = re.compile(r"(?i)[/.-](?:blogs?|columns?|kolumnen?|chroniques?)(?:[/.-]|$)")


def _canonical_url(url: str | None, md: Metadata) -> str | None:
    """The canonical URL when it is a real page of the same site, else the fetched URL."""
    if not md.canonical:
        return url
    try:
        canonical = urljoin(url or "", md.canonical)
    except ValueError:  # a malformed link ("http://[x") names no page
        return url
    if url and url_parts(canonical).hostname != url_parts(url).hostname:
        return url
    if url_parts(canonical).path in ("", "/"):
        return url
    return canonical
