"""The article's words: the body paragraphs (trafilatura over
the cleaned tree, then cleaned of boilerplate lines, bylines, date lines and the title; sign-offs,
end notes and letter signatures taken off the end as authors)."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import Any

import trafilatura
from lxml import html as lxml_html

from pipelines.extract.boilerplate import (
    COMMENTS_HEADING,
    boilerplate_kind,
    prose_size,
)
from pipelines.extract.bylines import (
    BYLINE_PREFIX,
    BYLINE_SEPARATOR,
    Author,
    looks_like_name,
    parse_byline,
    parse_signer_list,
    parse_signoff,
)
from pipelines.extract.classify import GENRE_WORDS
from pipelines.extract.dates import find_date_in_text, strip_labels
from pipelines.extract.endnotes import (
    ENDNOTE_VERB,
    SUBJECT_LABEL,
    parse_endnote,
    parse_guest_intro,
)
from pipelines.extract.lexicon import DESK_WORDS, INTERVIEW_LABEL, first_sentence
from pipelines.extract.names import merge_authors
from pipelines.extract.page import (
    count_words,
    node_text,
    norm_text,
)
from pipelines.extract.signatures import (
    LETTER_OPENING,
    LIST_ITEM,
    SIGNATURE_BLOCK,
    address_lines,
    after_valediction,
    parse_as_told_to,
    share_last_organisation,
    signature_block,
    signed_within,
)
from pipelines.extract.tail import cut_about_tail, is_table_row, without_dated_list

# The last lines of a text where a signer's name starts a signature (two signers, four
# lines each, an address among them).
SIGNATURE_LINES = 8
# Fewer words than this from trafilatura's fast mode, and its fallback extractors are tried.
THIN_TEXT_WORDS = 120
# The fast result covers less than COVER of the page's running text and of the block it came
# from, or less than LOW_COVER of the page's: ask for a second opinion, and take it when it is
# GAIN times longer.
COVER = 0.5
# Running text a later block alike must hold to be the article's too (``_later_blocks``).
LATER_BLOCK_PROSE = 200
LOW_COVER = 0.2
GAIN = 1.2
SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)]*\s*$")
TITLE_LABEL = re.compile(r"[A-Za-zÀ-ÿ]{2,20}:")  # a wiki's namespace: "Letters:Design life ..."
# A role line beside a byline, left out of the text like the byline ("Chief Nursing Officer,
# St. Brendan Regional Medical Center"), or under a signer's name; a longer text marked as a
# role is no line of it.
ROLE_LINE = 120
# The credits of a piece's other hands: "Edited by X, editor. Photo: Y", "Pictures: Z".
CREDIT_LINE = re.compile(r"(?i)^(?:edited|sub-?edited|fact[- ]?checked|compiled|photos?|"
                         r"pictures?|images?|illustrations?|graphics?)(?:\s+by)?\s*:?\s+"
                         r"[A-ZÀ-Þ]")
# An editor's note signed at its end: "... deserved the whole issue. — Renee Castellano, editor"
EDITORS_NOTE = re.compile(r"[.!?]\s+[—–]\s*[A-Z][\w.'’-]{1,20}(?:\s+[A-Z][\w'’-]+){0,2}"
                          r"(?:,\s*(?:the\s+)?(?:editor|editors|ed\.))?\s*$")
QUOTE_MARKS = ("\"", "“", "‘", "«", "„", "'")
SECTION_LABEL = re.compile(r"^[•·|>\s]*([A-Z][\w&' -]{0,30})$")


def unwrap_layout_tables(tree) -> bool:
    """Old templates lay the whole page out in tables; a table that holds headings, paragraphs
    or other tables is layout, not data, so it becomes plain blocks. Data tables stay tables.
    True if the page was laid out in tables."""
    layout = tree.xpath("//table[.//h1 or .//h2 or .//p or .//table]")
    for table in reversed(layout):
        for node in table.iter("table", "thead", "tbody", "tfoot", "tr", "td", "th"):
            node.tag = "div"
    return bool(layout)


def split_short_lines(tree) -> None:
    """Turn a short paragraph broken by <br> (a signature, an address) into one paragraph per
    line, so that its lines reach the cleaner separately rather than run together."""
    for p in list(tree.iter("p")):
        if p.find("br") is None or len(node_text(p)) > 300 or p.getparent() is None:
            continue
        lines = [" ".join(line.split()) for line in _lines_of(p)]
        parent, index = p.getparent(), p.getparent().index(p)
        tail = p.tail
        parent.remove(p)
        new = None
        for offset, line in enumerate(line for line in lines if line):
            new = lxml_html.Element("p")
            new.text = line
            parent.insert(index + offset, new)
        if new is not None and tail and tail.strip():
            new.tail = tail


def _lines_of(p) -> list[str]:
    lines, current = [], [p.text or ""]
    for child in p:
        if child.tag == "br":
            lines.append("".join(current))
            current = [child.tail or ""]
        else:
            current.append(child.text_content() + (child.tail or ""))
    lines.append("".join(current))
    return lines


def main_text(tree, url: str | None, careful: bool = False, precise: bool = False) -> list[str]:
    """trafilatura's main text of the cleaned tree (handed over as a tree: no second parse).

    Its fast mode comes first (``favor_precision`` on pages whose structured data says they
    are articles: their templates put related links and teasers around the text). Its result
    is then checked against the page's running text (``prose_size``): a second opinion,
    trafilatura with its fallback extractors, is asked for when the first is thin, covers
    little of the page's running text and of the block it came from (it stopped early), or
    is mostly not running text (a list of links); the second is taken when it is clearly
    longer, or, for a list of links, clearly shorter. A page laid out in tables (where the
    main extractor tends to take the whole page) goes to the fallback extractors at once."""
    options: dict[str, Any] = {"url": url, "include_comments": False, "include_tables": True,
                               "include_images": False, "deduplicate": False,
                               "with_metadata": False}
    text = trafilatura.extract(tree, fast=not careful, favor_precision=precise, **options) or ""
    page_prose = 0 if careful else prose_size(tree)
    if not careful:
        cover = len(text) / max(1, page_prose)
        thin = count_words(text) < THIN_TEXT_WORDS
        if thin or cover < LOW_COVER or (cover < COVER and len(text) < COVER * prose_size(
                _container_of(tree, text))):
            other = trafilatura.extract(tree, fast=False, **options) or ""
            if thin or len(other) > GAIN * len(text):
                text = other or text
        elif cover > 2 and len(text) > 1000 + 2 * page_prose:
            other = trafilatura.extract(tree, fast=False, **options) or ""
            if 0 < len(other) < len(text) / 2:
                text = other
    if not text:
        return []
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not careful and len(text) < COVER * page_prose:
        lines += _later_blocks(tree, text)
    return lines


def _later_blocks(tree, text: str) -> list[str]:
    """The rest of an article split over blocks of one kind (a component-built page: its text
    in one "div.text" after another) when trafilatura stopped after the first: the paragraphs
    of the blocks after it that are alike (same tag and class, at its level or its parent's)
    and hold running text."""
    block = _container_of(tree, text)
    for level in (block, block.getparent()):
        if level is None or level is tree or level.getparent() is None or not level.get("class"):
            continue
        alike = [s for s in level.itersiblings()
                 if s.tag == level.tag and s.get("class") == level.get("class")
                 and prose_size(s) >= LATER_BLOCK_PROSE]
        found = [node_text(p) for s in alike for p in s.iter("p")]
        found = [p for p in found if p and p not in text]
        if found:
            return found
    return []


def _container_of(tree, text: str):
    """The smallest element holding the paragraphs of ``text`` (trafilatura's output): the
    block it took the text from."""
    wanted = {" ".join(line.split())[:40] for line in text.split("\n") if len(line) >= 60}
    found = []
    for node in tree.iter("p", "div", "li", "blockquote", "td", "section"):
        head = " ".join((node.text or "").split())[:40]
        if head in wanted:
            found.append(node)
            wanted.discard(head)
    if not found:
        return tree
    common = set(found[0].iterancestors()) | {found[0]}
    for node in found[1:]:
        common &= set(node.iterancestors()) | {node}
    return max(common, key=lambda n: sum(1 for _ in n.iterancestors()))


def clean_paragraphs(paragraphs: list[str], title: str | None, standfirst: str | None,
                     names: set[str], role_lines: AbstractSet[str] = frozenset(),
                     ) -> tuple[list[str], list[Author], list[Author], str | None]:
    """Drop what is not body text; return (body, authors of bylines, sign-offs and signatures
    found in the text, authors of end notes ("Jane Doe is ..."), their raw text). An end note
    describes its author in passing: a byline's role and organisation come first. The role
    lines beside the page's bylines (``role_lines``, normalised) are dropped like them."""
    drop = ({norm_text(title), norm_text(standfirst)} | role_lines) - {""}
    body: list[str] = []
    related_at: list[int] = []
    comments_at: int | None = None  # where a "Readers' comments (2)" heading stood
    byline_authors: list[Author] = []
    introduced: list[Author] = []
    raw: list[str] = []
    unquoted = {d.strip("'\"") for d in drop}
    skip: set[int] = set()
    for at, line in enumerate(paragraphs):
        norm = norm_text(line)
        if at in skip or norm in drop or norm.strip("'\"") in unquoted or _labelled_title(
                norm, title):
            continue
        if len(body) < 2 and not introduced and (introduced := parse_guest_intro(line, names)):
            raw.append(line)  # an editor's note introducing a guest piece and its writers
            continue
        if not body and EDITORS_NOTE.search(line) and not line.startswith(QUOTE_MARKS):
            raw.append(line)  # an editor's note over the piece, signed "— Renee" (not a quote)
            continue
        if norm in names:
            if at >= len(paragraphs) - SIGNATURE_LINES or (
                    at + 1 < len(paragraphs) and len(paragraphs[at + 1]) <= ROLE_LINE
                    and not SENTENCE_END.search(paragraphs[at + 1])):
                body.append(line)  # a signature's first line ("Name" / "Editor", at the end
                # or between a letters page's letters): read below
            continue
        if LIST_ITEM.match(line) and any(name in norm for name in names) and (
                people := parse_signoff(LIST_ITEM.sub("", line))) and all(
                norm_text(p["name"]) in names for p in people):
            continue  # an open letter's signer listed again in the text ("- Cllr X, leader, Y")
        if (kind := boilerplate_kind(line)) and ENDNOTE_VERB.search(line) and (
                head := _before_boilerplate(line)) != line and head and (
                people := parse_endnote(head, names)) and all(
                looks_like_name(p["name"].split(",")[0]) for p in people):
            line, kind = head, None  # an end note, then a disclaimer: "A and B are co-owners
            # of X. The views expressed are their own." (a person's, not a pen name's)
        if kind:
            if kind == "related":
                related_at.append(len(body))
            elif COMMENTS_HEADING.match(line.strip()) and comments_at is None:
                comments_at = len(body)
            continue
        if not body and _is_section_label(line) and not _names_the_writer(line, names):
            continue  # "• Comment", "LETTERS TO THE EDITOR" above the text (not "By Jane Doe")
        if not body and INTERVIEW_LABEL.match(line) and len(line) <= ROLE_LINE:
            raw.append(line)  # "Interview: Jane Doe" above the text: a kicker, its subject
            continue
        if len(line) < 250 and BYLINE_PREFIX.match(line) and (found := parse_byline(line) or (
                _credit_then_note(line))):
            raw.append(line)
            if with_role := _role_line_under(found, paragraphs[at + 1: at + 2]):
                found = with_role  # "By Jane Doe" / "Chief Officer, City of X" under it
                skip.add(at + 1)
                raw.append(paragraphs[at + 1])
            byline_authors.extend(found)
            continue
        if not body and len(line) <= ROLE_LINE and (found := parse_byline(line)) and all(
                any(n in norm_text(a["name"]) for n in names) and _short_description(a)
                for a in found):
            byline_authors.extend(found)  # "Prof. Jane Doe, President" over the text, her
            raw.append(line)  # name known from the page (its meta tags, its author card)
            continue
        if _is_desk_byline(line):
            raw.append(line)  # "By IECJ Staff Reporter": a byline, if not a person's
            continue
        if (found := parse_signer_list(line)) or (found := parse_as_told_to(line)):
            byline_authors.extend(found)  # "Signed: Jane Doe, chair, X; John Roe, ..."
            raw.append(line)
            continue
        if _is_date_line(line) or _is_meta_line(line):
            continue  # "Published 14 June 2017", "12 August 2005 · X is edited by Y"
        body.append(line)
    if comments_at is not None and comments_at >= max(2, len(body) / 2):
        del body[comments_at:]  # what follows the heading is readers' comments, to the end
    _cut_related_tail(body, related_at)
    without_dated_list(body)
    signed, described, tail_raw = _take_tail_authors(body, names)
    described = introduced + described
    bylined = names | {norm_text(a["name"]) for a in byline_authors}
    for at in range(min(2, len(body) - 1)):  # (under the standfirst, if the page has one)
        if (head := parse_endnote(body[at])) and all(norm_text(a["name"]) in bylined
                                                      for a in head):
            described = head + described  # the byline's people described under it, at the top
            raw.append(body.pop(at))
            break
    body[:] = [line for line in body if norm_text(line) not in names]
    if tail_raw:
        raw.append(tail_raw)
    bio = cut_about_tail(body, bylined)
    if bio:
        raw.append(bio)
    return body, merge_authors(signed, byline_authors), described, " / ".join(raw) or None


def _names_the_writer(line: str, names: set[str]) -> bool:
    """A "By" line naming the page's authors, or its only one (not "Von Jane LoweRedakteurin",
    a name glued to its tooltip, beside a byline that names her)."""
    found = parse_byline(line) if BYLINE_PREFIX.match(line) else []
    return bool(found) and (not names or all(norm_text(a["name"]) in names for a in found))


def _short_description(author: Author) -> bool:
    """A role and an organisation of a byline's length, not a sentence's ("CEO of X delves
    into the challenges facing ...")."""
    return len((author["role"] or "").split()) <= 8 and len(
        (author["organisation"] or "").split()) <= 6


def _before_boilerplate(line: str) -> str:
    """The sentences of a line before the first that is boilerplate ("A is X at Y. B is Z at
    W. The views expressed are their own." -> the first two)."""
    kept, rest = [], line
    while rest and not boilerplate_kind(sentence := first_sentence(rest)):
        kept.append(sentence)
        rest = rest[len(sentence):].lstrip(" .")
    return ". ".join(kept) + "." if kept and rest else line


def _role_line_under(found: list[Author], following: list[str]) -> list[Author]:
    """A byline's one person with the role line under it ("Chief Information Officer, City
    of X": short, no sentence), read as one sign-off; [] if the next line is no such line."""
    if len(found) != 1 or found[0]["role"] or found[0]["organisation"] or not following or (
            len(following[0]) > ROLE_LINE or SENTENCE_END.search(following[0])):
        return []
    signed = parse_byline(f"{found[0]['name']}, {following[0]}")
    if len(signed) == 1 and signed[0]["name"] == found[0]["name"] and signed[0]["role"]:
        return signed
    return []


def _labelled_title(norm: str, title: str | None) -> bool:
    """The headline after a wiki's namespace or a genre's label, as a line of the text
    ("Letters:Design life is not ...", "Chronique : Les drones ..."; not "Today: ...")."""
    wanted = norm_text(title)
    label = norm[:-len(wanted)]
    return bool(wanted) and norm.endswith(wanted) and bool(TITLE_LABEL.fullmatch(label) or (
        label.rstrip().endswith((":", "|")) and _is_section_label(label.rstrip(" :|"))))


def _another_item(before: list[str], after: list[str]) -> bool:
    """What follows a signature is another, shorter item, not the next letter."""
    return sum(map(len, after)) < sum(map(len, before)) and not any(
        LETTER_OPENING.match(line.strip()) for line in after)


def _credit_then_note(line: str) -> list[Author]:
    """ "Interview by Jane Doe. This interview has been edited for clarity.": the byline of a
    line whose other sentences are boilerplate."""
    head = first_sentence(line)
    rest = line[len(head):].strip(" .")
    return parse_byline(head) if rest and boilerplate_kind(rest) else []


def _is_desk_byline(line: str) -> bool:
    """A byline naming a desk or a staff account: "By Our Staff Reporter", "By IECJ Staff"."""
    if not BYLINE_PREFIX.match(line):
        return False
    line = BYLINE_SEPARATOR.split(line)[0]  # "By IECJ Staff Reporter | 06/09/2024"
    prefix = BYLINE_PREFIX.match(line)
    rest = line[prefix.end():].split() if prefix else []
    return bool(rest) and len(line) <= 80 and all(w[:1].isupper() for w in rest) and any(
        w.lower() in DESK_WORDS for w in rest)


def _cut_related_tail(body: list[str], related_at: list[int]) -> None:
    """After a "Related articles" / "You may also like" heading in the second half of the text,
    the short lines that follow are other pages' headlines and teasers, not the article: drop
    them, up to the next paragraph of running text."""
    for at in reversed(related_at):
        if at < len(body) / 2 or at < 2:
            continue
        end = at
        while end < len(body) and _is_teaser_line(body[end]):
            end += 1
        del body[at:end]


def _is_teaser_line(line: str) -> bool:
    """A headline or a teaser: a list item, or a short line that is not a full sentence."""
    return LIST_ITEM.match(line) is not None or (len(line) < 150 and (
        not SENTENCE_END.search(line) or line.rstrip().endswith("?")))


def _is_date_line(line: str) -> bool:
    """A short line that is a date with at most a label: not a table row that has a date in it
    ("| 1/1/2013 | +13.1% |"), nor a sentence that mentions one."""
    if len(line) >= 60 or len(line.split()) > 8 or is_table_row(line):
        return False
    value, raw = find_date_in_text(line)
    if LIST_ITEM.match(line):  # an item of a list: its date alone, labelled or not (not
        # "- Sync from rust 2025/11/01")
        return bool(value) and len(raw or "") >= len(strip_labels(LIST_ITEM.sub("", line))) - 2
    return bool(value) and len(raw or "") >= len(line.strip()) / 3


def _is_meta_line(line: str) -> bool:
    """A line of parts between dots or bars, each a date or boilerplate ("Friday 12 August
    2005 · Track Circuit is edited by Helen Marsh")."""
    parts = META_SEPARATOR.split(line)
    return 1 < len(parts) and len(line) < 160 and all(
        _is_date_line(p) or boilerplate_kind(p) for p in parts)


META_SEPARATOR = re.compile(r"\s+[·|•]\s+")


def _is_section_label(line: str) -> bool:
    words = line.strip(" •·|>").split()
    if not words or len(words) > 6 or line.rstrip().endswith((".", "?", "!", '"', "”")):
        return False
    text = " ".join(words)
    if len(words) <= 3 and SECTION_LABEL.match(line):
        return True
    return text.isupper() or any(p.fullmatch(text) for _, p in GENRE_WORDS)


def _take_tail_authors(body: list[str], names: set[str]
                       ) -> tuple[list[Author], list[Author], str | None]:
    """Remove sign-offs, end notes and letter signatures from the end of ``body``, and a
    sign-off that opens the text ("Jane Doe, chief executive, X" above the first paragraph);
    return (authors signed, authors described in end notes, the raw text). ``names``: the
    page's authors' names found elsewhere, normalised (an end note may name a pen name)."""
    authors: list[Author] = []
    described: list[Author] = []
    raw: list[str] = []
    found = parse_signoff(body[0].strip().strip("*_").strip()) if len(body) > 2 else []
    if found and all(a["role"] and a["organisation"] and len(a["organisation"].split()) <= 8
                     for a in found):  # every one a full sign-off, not a sentence about them
        raw.append(body.pop(0))
        authors = found
    size, found = after_valediction(body)
    if size > SIGNATURE_BLOCK + 1:  # (more lines than a signature block reads)
        authors, raw = found + authors, body[-size:] + raw
        del body[-size:]
    for _ in range(6):  # up to six signers, a line each
        if len(body) < 2:
            break
        last = body[-1].strip().strip("*_").strip()
        taken = 1
        if note := (not parse_signoff(last) and parse_endnote(last, names)):
            described = note + described
        elif SUBJECT_LABEL.match(last) or CREDIT_LINE.match(last):
            pass  # a note on the piece's subject ("Zur Person: ..."), or its editor's and
            # photographer's credits, under the author's
        else:
            found = parse_signoff(last)
            if len(found) == 1 and not (found[0]["role"] or found[0]["organisation"]):
                # a bare name with a place ("Thunder Bay, Ont.") may end a longer signature
                size, block = signature_block(body)
                if size > 1 and any(a["role"] or a["organisation"] for a in block):
                    taken, found = size, block
            if not found:
                taken, found = signature_block(body)
            if not found:  # an Irish letter's "NAME, / Role, / Org, / Town, / Co County."
                places = address_lines(body)
                lines = [line.rstrip(" ,") for line in body[:len(body) - places]]
                if places and lines and body[-1 - places].rstrip().endswith(","):
                    taken, found = signature_block(lines)
                    taken += places
            if not found:
                break
            authors = found + authors
        raw[:0] = body[-taken:]
        del body[-taken:]
    within = signed_within(body)
    if len(within) + bool(authors) > 1:  # a letters page: a signature under each letter
        for start, size, found in reversed(within):
            authors, raw = found + authors, body[start:start + size] + raw
            del body[start:start + size]
    elif within and (start := within[0][0]) >= 3 and _another_item(body[:start], body[
            start + within[0][1]:]):
        # one signature inside the text and none at its end: the piece ends there, and what
        # follows is another item (a newsletter's notices after the chairman's column)
        authors, raw = within[0][2], body[start:start + within[0][1]]
        del body[start:]
    return share_last_organisation(authors, raw), described, " / ".join(raw) or None
