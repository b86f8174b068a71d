"""Search latency and export speed on a large archive.

    python benchmarks/queries.py --articles 100000 [--db PATH]

Builds an archive of N synthetic articles straight into the database (through the same
write path as a crawl, without the network), then measures full-text search latency (p50 and
p95 over a fixed list of queries, with and without filters) and export speed (rows per second,
CSV and JSON Lines). The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipelines.archive.store import Archive  # noqa: E402
from pipelines.items import Page  # noqa: E402
from tradepress.research import queries  # noqa: E402
from tradepress.research.export import write_csv, write_jsonl  # noqa: E402
from tradepress.research.queries import Filters, iter_records, search  # noqa: E402

VOCABULARY = ("council budget workforce devolution housing social care nurses planning "
              "contractors procurement retrofit carbon skills funding reform services community "
              "partnership pressure evidence regulation combined authority trust hospital ward "
              "district county borough school teachers farmers retail energy transport rail "
              "digital data cloud safety fire building design engineer architect").split()
ROLES = ["chief executive", "director of nursing", "leader", "head of policy", "partner",
         "chair", "finance director", "consultant", None]
ORGS = ["Northshire County Council", "Riverside NHS Trust", "Westmarch Combined Authority",
        "Hale Modular", "Greywater Borough Council", "Institute of Places", None]
SITES = ["civic-ledger", "nursing-practice", "build-review", "retail-week", "farm-news"]
QUERIES = [("devolution", {}), ('"social care"', {}), ("council AND budget", {}),
           ("nurs*", {}), ("carbon OR retrofit", {}), ("housing NOT rail", {}),
           ('"combined authority" devolution', {}), ("procurement", {"site": "build-review"}),
           ("workforce", {"role": "director"}), ("funding", {"since": "2020-01-01"}),
           ("hospital ward", {"organisation": "Trust"}), ("digital data", {"genre": "opinion"})]


FILLER = ("the of and to in a is that for it as was with be by on not he this are or his "
          "from at which but have an they you were their one all we can her has there been if "
          "more when will would who so no out up into do than them some could time these two "
          "may first then only new people like over also our any after most made should very "
          "must where just how well many because through year years those such own good "
          "local public money need work way place plan help make case government people").split()


TOPICS = [f"{stem}{suffix}" for stem in ("regen", "assess", "commiss", "integr", "tender",
                                         "resil", "fund", "adapt", "transform", "devolv",
                                         "inspect", "recruit", "retain", "digit", "procur")
          for suffix in ("ation", "ing", "ment", "ity", "ance", "ed", "er", "ive", "al", "ism",
                         "ist", "ize", "ship", "hood", "ward")]


def sentence(rng: random.Random) -> list[str]:
    """Mostly common words; now and then a topical one, drawn with a Zipf-like skew from a
    larger vocabulary, so a query word is in a few percent of pieces, as in real archives."""
    words = []
    for _ in range(20):
        if rng.random() < 0.05:
            pool = VOCABULARY if rng.random() < 0.2 else TOPICS
            words.append(pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)])
        else:
            words.append(rng.choice(FILLER))
    return words


def build(archive: Archive, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    names = [f"{first} {last}" for first in ("Jane", "Amir", "Chloe", "Dev", "Ruth", "Tomas",
                                             "Priya", "Owen") for last in
             ("Doe", "Khan", "Marsh", "Okafor", "Bellamy", "Lindqvist", "Rahman", "Pryce")]
    batch: list = []
    for i in range(n):
        words = [w for _ in range(30) for w in sentence(rng)]
        body = "\n\n".join(" ".join(words[j:j + 100]).capitalize() + "."
                           for j in range(0, 600, 100))
        authors = [{"name": rng.choice(names), "role": rng.choice(ROLES),
                    "organisation": rng.choice(ORGS)} for _ in range(rng.choice((1, 1, 1, 2)))]
        year = rng.randrange(2012, 2026)
        url = f"https://example.co.uk/comment/piece-{i}"
        record = {"url": url, "is_article": True,
                  "title": " ".join(rng.choice(VOCABULARY) for _ in range(8)).capitalize(),
                  "standfirst": " ".join(words[:25]), "body": body, "authors": authors,
                  "published": f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                  "genre": rng.choice(("opinion", "opinion", "opinion", "letter", "editorial")),
                  "language": "en", "extractor_version": "bench"}
        batch.append(Page(url=url, requested_url=url, status=200,
                          headers={}, body=b"", encoding="utf-8",
                          fetched_at="2026-01-01T00:00:00+00:00", site=rng.choice(SITES),
                          source="bench", record=record))
        if len(batch) == 1000:
            archive.write_batch(None, batch)
            batch = []
    if batch:
        archive.write_batch(None, batch)


def best_ms(run, repeat: int = 5) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)


def profile(db) -> None:
    """Where the time goes: per unfiltered query, matching alone (FTS5 doclists), bm25 ranking
    in one statement and split across the cores, and the rest (snippets, authors); per export,
    reading the rows and writing them."""
    print(f"{'query':<34}{'matches':>9}{'match':>8}{'rank 1':>8}{'rank N':>8}{'total':>8}  (ms)")
    high = db.execute("select max(rowid) from articles").fetchone()[0]
    for query, filters in QUERIES:
        if filters:
            continue
        matches = db.execute("select count(*) from articles_fts where articles_fts match ?",
                             [query]).fetchone()[0]
        match = best_ms(lambda q=query: db.execute("select count(*) from articles_fts where "
                                                   "articles_fts match ?", [q]).fetchall())
        one = best_ms(lambda q=query: db.execute(queries.TOP_SQL, [q, 0, high, 20]).fetchall())
        parts = best_ms(lambda q=query: queries.best_matches(db, q, 20))
        total = best_ms(lambda q=query: search(db, q, Filters(), limit=20))
        print(f"{query:<34}{matches:>9}{match:>8.1f}{one:>8.1f}{parts:>8.1f}{total:>8.1f}")
    reading = best_ms(lambda: sum(1 for _ in iter_records(db, Filters())), repeat=1)
    print(f"export: reading {db.execute('select count(*) from articles').fetchone()[0]} "
          f"records with their authors {reading / 1000:.1f} s; the rest of an export's time is "
          f"formatting and writing")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="reuse or build the archive here")
    parser.add_argument("--profile", action="store_true", help="also show where the time goes")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tradepress-queries-"))
    db = args.db or folder / "archive.db"
    archive = Archive(db)
    have = archive.db.execute("select count(*) from articles").fetchone()[0]
    if have < args.articles:
        print(f"building {args.articles - have} articles ...", file=sys.stderr)
        started = time.perf_counter()
        build(archive, args.articles - have, seed=have)
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    total = archive.db.execute("select count(*) from articles").fetchone()[0]

    timings = []
    for _ in range(5):
        for query, filters in QUERIES:
            started = time.perf_counter()
            search(archive.db, query, Filters(**filters), limit=20)
            timings.append((time.perf_counter() - started) * 1000)
    exports = {}
    for name, writer in (("csv", write_csv), ("jsonl", write_jsonl)):
        out = folder / f"export.{name}"
        started = time.perf_counter()
        rows = writer(iter_records(archive.db, Filters()), out)
        exports[name] = rows / (time.perf_counter() - started)
    if args.profile:
        profile(archive.db)
    archive.close()
    result = {"articles": total, "search_p50_ms": round(statistics.median(timings), 1),
              "search_p95_ms": round(statistics.quantiles(timings, n=20)[18], 1),
              "export_csv_rows_per_s": round(exports["csv"]),
              "export_jsonl_rows_per_s": round(exports["jsonl"]),
              "db_bytes_per_article": round(db.stat().st_size / max(total, 1))}
    width = max(map(len, result))
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
