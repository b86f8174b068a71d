"""Extraction quality and speed on an evaluation set.

    python benchmarks/extraction.py SET_FOLDER [SET_FOLDER...] [--show-misses] [--json FILE]

A set is a folder in one of two formats:

* trade-press: ``truth.json``, a list of ``{file, url, fetched_at, is_article, title,
  standfirst, body: [paragraphs], authors: [{name, role, organisation}], published:
  YYYY-MM-DD, genre, must_not_contain: [...]}``; ``file`` relative to the folder, may be .gz.
* body only: ``ground-truth.json``, ``{id: {articleBody, url}}``, with pages in ``html/ID.html``
  or ``html/ID.html.gz`` (the public article-extraction benchmark's layout).

Figures, as in the public article-extraction benchmark: words are grouped into 4-word shingles;
a page's precision and recall count shared shingles; both are averaged over pages and F1 is
their harmonic mean. ``body_f1_mean`` is the mean of per-page F1. Leaks count each
``must_not_contain`` string found in body or standfirst (case, quotes and spacing folded).
Authors must match as sorted (name, role, organisation) lists, dates on the day.

Speed: every page is extracted by ``pipelines.extract.extract_article`` (exactly what the crawl
and ``tradepress extract`` run) and by a bare ``trafilatura.extract`` in the same process; the
ratio of the two times is reported for the whole set and for the median page.
``python benchmarks/extraction.py benchmarks/sample-set`` runs on the bundled sample site.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipelines.extract import extract_article  # noqa: E402

WORDS = re.compile(r"\w+")
QUOTES = str.maketrans("‘’‚‛“”„‟–—\u00a0", "''''\"\"\"\"-- ")


def fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(QUOTES)
    return " ".join(text.split()).casefold()


def shingles(text: str | None, size: int = 4) -> Counter:
    words = WORDS.findall(fold(text))
    return Counter(tuple(words[i:i + size]) for i in range(max(1, len(words) - size + 1))
                   if words[i:i + size])


def overlap(expected: str | None, got: str | None) -> tuple[int, int, int]:
    """(shared, extra, missing) shingle counts of one page."""
    want, have = shingles(expected), shingles(got)
    shared = sum((want & have).values())
    return shared, sum((have - want).values()), sum((want - have).values())


def page_f1(expected: str | None, got: str | None) -> float:
    shared, extra, missing = overlap(expected, got)
    if not shared:
        return 1.0 if not extra and not missing else 0.0
    return 2 * shared / (2 * shared + extra + missing)


def averaged(rows: list[tuple[int, int, int]]) -> dict[str, float]:
    precisions = [s / (s + e) if s + e else 1.0 for s, e, m in rows if s + e + m]
    recalls = [s / (s + m) if s + m else 1.0 for s, e, m in rows if s + e + m]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": round(f1, 4), "precision": round(p, 4), "recall": round(r, 4)}


def read_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def person(author: dict) -> tuple[str, ...]:
    return tuple(fold(author.get(k)).strip(" .,;:") for k in ("name", "role", "organisation"))


class Timer:
    """Time ours and trafilatura's extraction of each page, in the same process, each after
    one untimed run of both: a crawl runs warm, with parsers and patterns already built.
    For reference, trafilatura is timed a third way, asked for its metadata too (title,
    author, date: part of what ``extract_article`` does beyond a bare call)."""

    def __init__(self) -> None:
        self.ours: list[float] = []
        self.bare: list[float] = []
        self.with_metadata: list[float] = []

    def run(self, html: bytes, **kwargs) -> dict:
        text = html.decode("utf-8", errors="replace")
        try:
            extract_article(html, **kwargs)
        except Exception:  # noqa: BLE001 - reported by the timed run below
            pass
        trafilatura.extract(text, include_comments=False)
        trafilatura.extract(text, include_comments=False, with_metadata=True)
        started = time.perf_counter()
        try:
            record = extract_article(html, **kwargs)
        except Exception as e:  # a page that fails counts as an error, not a crash
            record = {"error": f"{type(e).__name__}: {e}"}
        middle = time.perf_counter()
        trafilatura.extract(text, include_comments=False)
        ended = time.perf_counter()
        trafilatura.extract(text, include_comments=False, with_metadata=True)
        self.ours.append(middle - started)
        self.bare.append(ended - middle)
        self.with_metadata.append(time.perf_counter() - ended)
        return record

    def figures(self) -> dict:
        ratios = [o / b for o, b in zip(self.ours, self.bare, strict=True) if b > 0]
        return {"seconds": round(sum(self.ours), 2),
                "trafilatura_seconds": round(sum(self.bare), 2),
                "ratio_total": round(sum(self.ours) / sum(self.bare), 2) if self.bare else None,
                "ratio_median_page": round(statistics.median(ratios), 2) if ratios else None,
                "trafilatura_with_metadata_ratio": round(
                    sum(self.with_metadata) / sum(self.bare), 2) if self.bare else None,
                "ms_per_page": round(1000 * statistics.mean(self.ours), 1) if self.ours else None}


def score_trade_press(folder: Path) -> tuple[dict, list[str]]:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    timer, rows, f1s, misses = Timer(), [], [], []
    counts: Counter[str] = Counter()
    for entry in truth:
        where = entry["file"]
        record = timer.run(read_page(folder / entry["file"]), url=entry.get("url"),
                           fetched_at=entry.get("fetched_at"))
        counts["errors"] += "error" in record
        if not entry.get("is_article", True):
            counts["non_articles"] += 1
            counts["non_articles_ok"] += record.get("is_article") is False
            if record.get("is_article") is not False:
                misses.append(f"{where}: non-article page taken for an article")
            continue
        counts["articles"] += 1
        expected = "\n\n".join(entry["body"])
        rows.append(overlap(expected, record.get("body")))
        f1s.append(page_f1(expected, record.get("body")))
        if f1s[-1] < 0.95:
            misses.append(f"{where}: body F1 {f1s[-1]:.3f}")
        seen = fold(record.get("body")) + "\n" + fold(record.get("standfirst"))
        for leak in (s for s in entry.get("must_not_contain", []) if fold(s) in seen):
            counts["leaks"] += 1
            misses.append(f"{where}: leaked {leak[:70]!r}")
        want = sorted(person(a) for a in entry.get("authors", []))
        got = sorted(person(a) for a in record.get("authors") or [])
        counts["authors_ok"] += want == got
        if want != got:
            misses.append(f"{where}: authors {got} != {want}")
        if entry.get("published"):
            counts["dated"] += 1
            ok = (record.get("published") or "")[:10] == entry["published"]
            counts["dates_ok"] += ok
            if not ok:
                misses.append(f"{where}: published {record.get('published')} != "
                              f"{entry['published']}")
        counts["genre_ok"] += record.get("genre") == entry.get("genre")
        if record.get("genre") != entry.get("genre"):
            misses.append(f"{where}: genre {record.get('genre')} != {entry.get('genre')}")
        counts["titles_ok"] += fold(record.get("title")) == fold(entry.get("title"))

    def share(key: str, of: str) -> float | None:
        return round(counts[key] / counts[of], 4) if counts[of] else None

    return {"pages": len(truth), "articles": counts["articles"], "errors": counts["errors"],
            "body": averaged(rows),
            "body_f1_mean": round(statistics.mean(f1s), 4) if f1s else None,
            "leaks": counts["leaks"], "authors_exact": share("authors_ok", "articles"),
            "published_exact": share("dates_ok", "dated"),
            "genre_exact": share("genre_ok", "articles"),
            "title_exact": share("titles_ok", "articles"),
            "non_articles_recognised": f"{counts['non_articles_ok']}/{counts['non_articles']}",
            **timer.figures()}, misses


def score_body_only(folder: Path) -> tuple[dict, list[str]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    timer, ours, bare, misses = Timer(), [], [], []
    errors = 0
    for key in sorted(truth):
        path = next((folder / "html" / f"{key}{ext}" for ext in (".html", ".html.gz")
                     if (folder / "html" / f"{key}{ext}").exists()), None)
        if path is None:
            continue
        html = read_page(path)
        record = timer.run(html, url=truth[key].get("url"))
        errors += "error" in record
        body, standfirst = record.get("body") or "", record.get("standfirst") or ""
        text = body if not standfirst or fold(standfirst) in fold(body) else (
            standfirst + "\n\n" + body)
        expected = truth[key]["articleBody"]
        ours.append(overlap(expected, text))
        bare.append(overlap(expected, trafilatura.extract(html.decode("utf-8", "replace"),
                                                          include_comments=False)))
        if page_f1(expected, text) < 0.8:
            misses.append(f"{key}: F1 {page_f1(expected, text):.3f} {truth[key].get('url', '')}")
    return {"pages": len(ours), "errors": errors, "body": averaged(ours),
            "trafilatura_baseline": averaged(bare), **timer.figures()}, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", type=Path, help="evaluation set folders")
    parser.add_argument("--show-misses", action="store_true", help="list what went wrong")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = {}
    for folder in args.sets:
        if (folder / "truth.json").exists():
            figures, misses = score_trade_press(folder)
        elif (folder / "ground-truth.json").exists():
            figures, misses = score_body_only(folder)
        else:
            print(f"error: {folder} has no truth.json or ground-truth.json", file=sys.stderr)
            return 2
        results[folder.name] = figures
        print(f"== {folder.name}\n{json.dumps(figures, indent=1)}")
        if args.show_misses:
            print("\n".join(f"  {m}" for m in misses))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
