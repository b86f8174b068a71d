"""What a page sets right under the article's text, in elements of its own: a letter's
signature ("Klaus Wendt" / "Nordhafen Terminal GmbH" / "Hamburg"), an editor's sign-off
("Herzlichst," / "Ihre Sabine Lorenz" / "Chefredakteurin") or an end note in a box ("Der Autor ist
Geschäftsführer der ..."). trafilatura often leaves such blocks out of the main text; these
lines are offered to the sign-off reader, and kept only if it reads them as authors."""

from __future__ import annotations

import re

from lxml import etree

from pipelines.extract.boilerplate import boilerplate_kind
from pipelines.extract.bylines import parse_signoff
from pipelines.extract.dates import find_date_in_text
from pipelines.extract.endnotes import BIO_LABEL, bio_label_alone, parse_endnote
from pipelines.extract.page import node_text, norm_text
from pipelines.extract.signatures import parse_signature

# "About Ascom", "Über die Stadtwerke", "À propos de X": a press release's closing section
ABOUT_HEADING = re.compile(r"^(about|über|à propos de|a propos de)\s+(the\s+|die\s+|der\s+|"
                           r"le\s+|la\s+|l[’']\s*)?[A-Z0-9ÄÖÜÉ][\w&.,'’ -]*:?$")
# after an author's name, the verb of a biography: "Jane Doe is a writer...", "... has covered"
BIO_VERB = re.compile(r"\s*(,\s*)?(is|was|has|writes|covers|keeps|runs|farms|works|lives|teaches|"
                      r"leads|chairs|manages|owns|founded|spent|worked|served|ist|war|hat|est)\b")
# At most this many lines, each at most this long: a signature, not the next section.
TAIL_LINES = 12  # (three signers, four lines each: name, role, organisation, town)
TAIL_LINE_CHARS = 200
# The elements a signature may be set in; any other stops the search (a heading, a list).
TAIL_BLOCKS = {"p", "div", "span", "em", "strong", "b", "i", "address", "small", "section",
               "blockquote", "footer", "cite", "table"}  # (signers side by side in a table's cells)
# Elements that start a line of their own inside a block.
LINE_BLOCKS = {"div", "p", "td", "th", "li", "tr", "section"}
TEXTS_WITH = etree.XPath(".//text()[contains(., $word)]")
# How far up from the last paragraph to look for what follows it (a CMS nests each paragraph
# in two or three wrappers of its own).
TAIL_LEVELS = 4
# An item of a list of the site's other pieces: its headline, then its date in brackets or
# after a dash or bar ("- Wie viel Empathie verträgt eine Sprechstunde? (14 Jul, 2025)").
DATED_ITEM = re.compile(r"^[-*•·]\s+.{8,200}?(?:\(([^()]{6,30})\)|\s[–—|-]\s+([^–—|]{6,30}))$")
# The last paragraphs where a table of signers may be (before a disclaimer, a note).
TAIL_ROWS = 3


def lines_after_text(tree, paragraphs: list[str]) -> list[str]:
    """The short lines in the elements that follow the article's last paragraph on the page,
    up to the first heading, list or long text; [] if that paragraph is not found."""
    if not paragraphs:
        return []
    # (the text's last line, not the note under it that trafilatura took and the cleaning
    # drops: "Letters should be no more than 400 words")
    last = _element_of(tree, next((p for p in reversed(paragraphs) if not boilerplate_kind(p)
                                   and not is_table_row(p)), paragraphs[-1]))
    if last is None:
        return []
    lines: list[str] = []
    node = last
    for _ in range(TAIL_LEVELS):
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            if sibling.tag not in TAIL_BLOCKS:
                return lines  # (a heading, a list, a form: the next section)
            size = len(sibling.text_content())
            if size > TAIL_LINES * TAIL_LINE_CHARS or sibling.find(".//h2") is not None:
                return lines
            if not size or not node_text(sibling):
                continue
            found = _lines_of(sibling)
            if not found or len(lines) + len(found) > TAIL_LINES or any(
                    len(line) > TAIL_LINE_CHARS or boilerplate_kind(line) for line in found):
                return lines  # (a disclaimer, a share bar: the signature, if any, is above)
            lines += found
        node = node.getparent()
        if node is None or node.tag in ("body", "html", "article", "main"):
            break
    return lines


def is_table_row(paragraph: str) -> bool:
    """A row of a table as trafilatura writes it ("| Jane Doe role Org | John Roe ... |")."""
    return paragraph.lstrip().startswith("|")


def without_rows(paragraphs: list[str], lines: list[str]) -> list[str]:
    """The paragraphs less the table rows among the last few whose words are all in
    ``lines`` (the cells of signers side by side, read apart from the page: the same text)."""
    words = set(" ".join(lines).split())
    last = len(paragraphs) - TAIL_ROWS
    return [p for i, p in enumerate(paragraphs) if i < last or not is_table_row(p)
            or not set(p.replace("|", " ").split()) <= words]


def reads_as_signature(lines: list[str]) -> bool:
    """Whether the lines, alone, are a signature, a sign-off or an end note (a cheap look
    before the text is cleaned again with them)."""
    return bool(parse_signature(lines, most=TAIL_LINES) or parse_signoff(lines[0])
                or parse_endnote(lines[0]))


def _element_of(tree, paragraph: str):
    """The element whose text holds the paragraph's opening (its text node's element)."""
    wanted = " ".join(paragraph.split())[:50]
    if len(wanted) < 20:
        return None
    for paragraph_node in reversed(list(tree.iter("p"))):  # (most often a <p>, near the end)
        if " ".join(paragraph_node.text_content().split()).startswith(wanted):
            return paragraph_node
    # else libxml2 finds the texts holding one of its words (white space folded in those only)
    word = max(wanted.split()[:5], key=len)
    found = None
    for text in TEXTS_WITH(tree, word=word):
        if wanted in " ".join(text.split()):
            found = text.getparent()
            if text.is_tail:
                found = found.getparent()
    return found


def _lines_of(node) -> list[str]:
    """The lines of a block: its paragraphs (a table's cells), or its text cut at line
    breaks."""
    lines: list[str] = []
    for part in node.xpath(".//p") or (list(node.iter("td", "th")) if node.tag == "table"
                                       else [node]):
        chunks = [""]
        _gather(part, chunks)
        lines += [" ".join(chunk.split()) for chunk in chunks]
    return [line for line in lines if line]


def _gather(element, chunks: list[str]) -> None:
    """Add ``element``'s text to the last chunk, a new chunk at each <br> and around each
    block inside it."""
    chunks[-1] += element.text or ""
    for child in element:
        if child.tag == "br":
            chunks.append("")
        elif child.tag in LINE_BLOCKS:  # (a block of its own: a cell, once a table's)
            chunks.append("")
            _gather(child, chunks)
            chunks.append("")
        elif isinstance(child.tag, str):
            _gather(child, chunks)
        chunks[-1] += child.tail or ""


def without_dated_list(body: list[str]) -> None:
    """Drop a list of the site's other pieces that ends the text: two items or more, each a
    headline ending in its date (an archive, "more posts"; not the article's own timeline,
    whose items begin with their dates)."""
    end = len(body)
    while end > 2 and (item := DATED_ITEM.match(body[end - 1])) and find_date_in_text(
            item[1] or item[2])[0]:
        end -= 1
    if len(body) - end >= 2:
        del body[end:]


def cut_about_tail(body: list[str], names: set[str]) -> str | None:
    """What ends many articles and is not theirs: an "About <organisation>" section (press
    releases), or a biography of one of the page's authors ("Jane Doe is a writer based in
    ..."; "Zur Person: ..."), in the last paragraphs. Cut from there to the end; return the
    cut text."""
    start = max(1, len(body) - 4)
    for i in range(start, len(body)):
        line = body[i]
        about = ABOUT_HEADING.match(line) and len(line) < 80
        labelled = (found := BIO_LABEL.match(line)) and (
            found.group(0).rstrip().endswith(":") or bio_label_alone(line))
        bio = labelled or any(norm_text(line).startswith(name + " ") and BIO_VERB.match(
            norm_text(line)[len(name):]) for name in names if len(name) > 4)
        if about or bio:
            cut = " / ".join(body[i:])
            del body[i:]
            return cut
    return None
