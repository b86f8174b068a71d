"""The headline as the page prints it: chosen among the <h1>s, the structured data's headline
and the <title> (whose site name is left out)."""

from __future__ import annotations

import copy
import html
import re

from pipelines.extract.classify import GENRE_WORDS
from pipelines.extract.metadata import Metadata, text_of
from pipelines.extract.page import headline_node, node_attrs, node_text, norm_text


def title_of(tree, md: Metadata) -> str | None:
    """The headline as written on the page: the <h1> the metadata names; else an <h1> in the
    article (not a logo in the masthead), or the page's one <h1> of four words or more outside
    its header; else the metadata's title; else the first <h1>, or the headline the <title>
    gives beside it when the <h1> is the site's name (a blog's)."""
    h1s = [h for h in tree.xpath("//h1") if node_text(h)]
    candidates = [text_of(md.article.get("headline")), md.meta.get("og:title"),
                  md.meta.get("twitter:title")]
    structured = next((c for c in candidates if c), None)
    if structured and "&" in structured:  # "SQL &#x26; AI": an entity encoded once too often
        structured = html.unescape(structured)
    if structured:
        wanted = norm_text(structured).strip("'\"")
        for h in h1s:
            shown = norm_text(_headline_text(h)).strip("'\"")[:40]
            if wanted.startswith(shown) or (len(shown) >= 20 and shown in wanted):
                return _headline_text(h)  # (the metadata's may add a label: "Letters: ...")
    in_article = [h for h in h1s if h.xpath("ancestor::article or ancestor::main")
                  and not h.xpath("ancestor::header[not(ancestor::article or ancestor::main)]")]
    if in_article:
        return _headline_text(in_article[0])
    if structured and len(h1s) == 1 and len(_headline_text(h1s[0]).split()) >= 4 and not (
            h1s[0].xpath("ancestor::header or ancestor::nav or ancestor::footer")):
        return _headline_text(h1s[0])  # the page's one headline; the metadata's names its section
    if structured:
        wanted = norm_text(structured).strip("'\"")
        for h in tree.iter("h2"):  # (a blog's: its <h1> is the blog's name, or there is none)
            shown = norm_text(node_text(h)).strip("'\"")
            if len(shown) >= 20 and (wanted == shown or wanted.endswith(" " + shown)):
                return node_text(h)  # as shown, without the metadata's label ("Gastkommentar:")
        return _strip_site_suffix(structured)
    if h1s:
        return _headline_beside_site_name(tree, _headline_text(h1s[0])) or _headline_text(h1s[0])
    title = tree.findtext(".//title")
    if not title or not title.strip():
        return None
    site = norm_text(md.meta.get("og:site_name"))
    printed = [part for part in _title_parts(title)  # "Site: Headline": the headline's part
               + _joined(SITE_SEPARATOR.split(title.strip()))  # ("Label: Headline - Site")
               if norm_text(part) != site and not DOMAIN.search(part) and not _is_genre_label(part)
               and (node := headline_node(tree, part)) is not None
               and norm_text(node_text(node)) == norm_text(part) and not _in_footer(node)]
    return max(printed, key=len) if printed else _strip_site_suffix(title)


# A wiki page's namespace set inside its headline's element ("Opinion" and ":" before the
# page's title): not the headline. (A news page's kicker there is part of it, as printed.)
LABEL_CLASS = re.compile(r"namespace|title-separator", re.IGNORECASE)


def _headline_text(node) -> str:
    """The text of a headline's element without a namespace set in it."""
    if not any(map(_is_label, node.iterdescendants())):
        return node_text(node)
    bare = copy.deepcopy(node)
    for label in [n for n in bare.iterdescendants() if _is_label(n)]:
        label.drop_tree()  # (its tail stays)
    return node_text(bare) or node_text(node)


def _is_label(node) -> bool:
    return isinstance(node.tag, str) and bool(LABEL_CLASS.search(node.get("class") or "")) and (
        len(node_text(node).split()) <= 3)


def _headline_beside_site_name(tree, name: str) -> str | None:
    """A blog's <h1> is its name: its <title> is "Name: Headline" (or "Headline | Name"),
    and the headline is printed in a smaller heading of its own."""
    title = " ".join((tree.findtext(".//title") or "").split())
    site = re.escape(name)
    match = re.match(rf"(?:{site}\s*(?:[|–—»:-]|::)\s*(.{{10,}})|(.{{10,}}?)\s*(?:[|–—»:-]|::)"
                     rf"\s*{site})$", title)
    wanted = norm_text(match and (match[1] or match[2]))
    return next((node_text(h) for h in tree.iter("h2", "h3", "h4")
                 if wanted and norm_text(node_text(h)) == wanted and not _in_footer(h)),
                None)  # (not the site's name in its footer: then the <h1> is the headline)


def _in_footer(node) -> bool:
    """In the page's footer, where a site prints its own name."""
    return any(a.tag == "footer" or "footer" in node_attrs(a).lower()
               for a in node.iterancestors())


def _is_genre_label(part: str) -> bool:
    """A section's name alone ("Leserbriefe", "Opinion"): the title's label, no headline."""
    return len(part.split()) <= 2 and any(p.fullmatch(part) for _, p in GENRE_WORDS)


DOMAIN = re.compile(r"\w\.(?:com|org|net|co|uk|de|fr|ie|eu|io|info)\b", re.I)


def _title_parts(title: str) -> list[str]:
    parts = _joined(re.split(r"(\s+(?:[|–—»:-]|::)\s+|(?<=\w):\s+)", title.strip()))
    return [p.strip() for p in parts if len(p.strip()) >= 10]


SITE_SEPARATOR = re.compile(r"(\s+(?:[|–—»:-]|::)\s+)")


def _strip_site_suffix(title: str) -> str:
    parts = _joined(SITE_SEPARATOR.split(title.strip()))
    return max(parts, key=len) if len(parts) > 1 else title.strip()


def _joined(pieces: list[str]) -> list[str]:
    """The parts of a split title (pieces: part, separator, part, ...), a part after a colon
    that begins in lower case joined to the one before it: "Apprentissage : arrêtons de
    former ..." is one headline, a label and its sentence (not "Headline - site.com")."""
    parts = [pieces[0]]
    for separator, part in zip(pieces[1::2], pieces[2::2], strict=True):
        if ":" in separator and part[:1].islower():
            parts[-1] += separator + part
        else:
            parts.append(part)
    return parts

