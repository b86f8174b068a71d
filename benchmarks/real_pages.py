"""tradepress beside plain trafilatura on real pages, in one run: the floor tradepress must
never fall below.

    python benchmarks/real_pages.py [SET_FOLDER...]       # default: benchmarks/real-pages/*

A set is a folder with ``html/KEY.html.gz`` pages and ``ground-truth.json``: ``{KEY: {url,
articleBody, title?, date_published?, author?}}``. For every page both extractors run in the
same process: ``pipelines.extract.extract_article`` and plain ``trafilatura.extract`` (body) /
``trafilatura.extract_metadata`` (title, date, authors), as a researcher would call them.

Figures: body F1 over 4-word shingles, precision and recall averaged over pages (the public
article-extraction benchmark's method, see ``benchmarks/extraction.py``); titles equal after
folding case, quotes and spacing; publication dates on the same day; author names found (the
share of expected names among those extracted). ``tests/test_real_pages.py`` fails when
tradepress is below trafilatura on the body, dates or titles of the vendored sets.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from extraction import averaged, fold, overlap, read_page  # noqa: E402

from pipelines.extract import ExtractionError, extract_article  # noqa: E402

SETS = Path(__file__).resolve().parent / "real-pages"
NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\|)\s*")


def names(value) -> set[str]:
    """Names in a free-text author field: "By A and B" -> {a, b}."""
    if isinstance(value, list):
        value = "; ".join(value)
    text = re.sub(r"^(by|par|von|from)\s+", "", fold(value or ""))
    return {part.strip(" .") for part in NAME_SPLIT.split(text) if part.strip(" .")}


def article_text(record: dict) -> str:
    """The standfirst (unless the body holds it) and the body, as the benchmark scores them."""
    body, standfirst = record.get("body") or "", record.get("standfirst") or ""
    return body if not standfirst or fold(standfirst) in fold(body) else standfirst + "\n\n" + body


class Tally:
    """One extractor's figures over a set."""

    def __init__(self) -> None:
        self.body: list[tuple[int, int, int]] = []
        self.titles = self.title_pages = self.dates = self.date_pages = 0
        self.names_found = self.names_wanted = 0

    def add(self, expected: dict, body: str | None, title: str | None, date: str | None,
            authors: set[str]) -> None:
        self.body.append(overlap(expected["articleBody"], body))
        if expected.get("title"):
            self.title_pages += 1
            self.titles += fold(title) == fold(expected["title"])
        if expected.get("date_published"):
            self.date_pages += 1
            self.dates += (date or "")[:10] == expected["date_published"][:10]
        if expected.get("author"):
            wanted = names(expected["author"])
            self.names_wanted += len(wanted)
            self.names_found += len(wanted & authors)

    def figures(self) -> dict:
        out: dict = {"body_f1": averaged(self.body)["f1"]}
        if self.title_pages:
            out["titles"] = round(self.titles / self.title_pages, 4)
        if self.date_pages:
            out["dates"] = round(self.dates / self.date_pages, 4)
        if self.names_wanted:
            out["author_names_found"] = round(self.names_found / self.names_wanted, 4)
        return out


def score(folder: Path) -> dict:
    """{"pages", "tradepress": figures, "trafilatura": figures} for one set."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ours, theirs = Tally(), Tally()
    for key in sorted(truth):
        expected = truth[key]
        html = read_page(folder / "html" / f"{key}.html.gz")
        url = expected.get("url")
        try:
            record = extract_article(html, url)
        except ExtractionError:
            record = {}
        ours.add(expected, article_text(record), record.get("title"), record.get("published"),
                 {fold(a["name"]).strip(" .") for a in record.get("authors") or []})
        text = html.decode("utf-8", errors="replace")
        metadata = trafilatura.extract_metadata(text, default_url=url) if (
            expected.get("title") or expected.get("date_published")) else None
        theirs.add(expected, trafilatura.extract(text, include_comments=False),
                   metadata.title if metadata else None, metadata.date if metadata else None,
                   names(metadata.author.split(";")) if metadata and metadata.author else set())
    return {"pages": len(truth), "tradepress": ours.figures(), "trafilatura": theirs.figures()}


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or sorted(p for p in SETS.iterdir() if p.is_dir())
    for folder in folders:
        print(f"== {folder.name}\n{json.dumps(score(folder), indent=1)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
