"""Where the CPU of a crawl goes, stage by stage: a sampling profiler from the standard library.

    python benchmarks/stages.py OUT.json -- crawl --site bench ...   # any `tradepress` command

Runs the command in this process (as ``python -m tradepress`` would) under a CPU timer
(``setitimer(ITIMER_PROF)``, every millisecond of CPU). Each tick looks at the main thread's
stack from the innermost frame outwards and charges the CPU used since the last tick (so a long
call into C, during which ticks cannot be taken, is charged in full) to the stage of the first
frame it recognises (:data:`RULES`). Run the crawl with ``TRADEPRESS_EXTRACT_WORKERS=0`` so
that extraction happens in this process too. Writes ``{"cpu_s": {stage: seconds}, ...}``.

A sampler rather than ``cProfile``: cProfile's cost per Python call inflates the stages made
of many small Python calls (extraction, Scrapy) against those made of a few calls into C
(zlib, SQLite, lxml's parser), which would bend the shares this is meant to show.
"""

from __future__ import annotations

import json
import linecache
import runpy
import signal
import sys
import time
from pathlib import Path

SCRAPY = "Scrapy: engine, download, middlewares"
SPIDER = "spider: parse (links, canonical), Page items"
HANDOFF = "hand-off to extraction"
EXTRACTION = "extraction (tradepress + trafilatura)"
KEYS = "content keys (aliases)"
HASHING = "hashing + compression of bodies (once, for bodies and WARC)"
WARC = "WARC records (warcio: headers, digests; gzip around the body)"
SQLITE = "SQLite: inserts, FTS, commits"
PROGRESS = "progress"
STARTUP = "startup, imports, other"
ORDER = (SCRAPY, SPIDER, HANDOFF, EXTRACTION, KEYS, HASHING, WARC, SQLITE, PROGRESS, STARTUP)

# (substring of a frame's file name, stage), first match wins; None: look further out
RULES: tuple[tuple[str, str | None], ...] = (
    ("importlib", STARTUP),
    ("/warcio/", WARC), ("pipelines/archive/warc.py", WARC),
    ("pipelines/archive/aliases.py", KEYS),
    ("/sqlite_utils/", SQLITE),
    ("/trafilatura/", EXTRACTION), ("/htmldate/", EXTRACTION), ("/dateparser/", EXTRACTION),
    ("/justext/", EXTRACTION), ("/courlan/", EXTRACTION), ("pipelines/extract/", EXTRACTION),
    ("pipelines/extraction.py", HANDOFF),
    ("pipelines/archive/", SQLITE), ("pipelines/storage.py", SQLITE),
    ("crawler/extensions.py", SQLITE),  # captures: their hashing is told by the line (below)
    ("tradepress/cli/", None), ("crawler/runner.py", None),
    ("crawler/", SCRAPY), ("/scrapy/", SCRAPY), ("/twisted/", SCRAPY), ("/parsel/", SCRAPY),
    ("/w3lib/", SCRAPY), ("/asyncio/", SCRAPY),
)
# functions whose stage their module does not tell: a body compressed once, for `bodies` and its
# WARC record, and the WARC record's own headers compressed around it
NAMED = {"deflate_body": HASHING, "zlib_stream": HASHING, "gzip_member": WARC}
HASH_WORDS = ("hashlib.", "zlib.", "hexdigest(")  # on the line a capture or record runs


def rule_for(filename: str) -> str | None:
    for part, stage in RULES:
        if part in filename:
            return stage
    return None


class Sampler:
    """Charges CPU time to stages from the main thread's stack, every ``interval`` seconds
    of process CPU."""

    def __init__(self, interval: float = 0.001):
        self.interval = interval
        self.cpu: dict[str, float] = dict.fromkeys(ORDER, 0.0)
        self.inner: dict[tuple[str, object], float] = {}  # (stage, innermost code) -> CPU
        self.rules: dict[object, str | None] = {}  # code object -> its file's stage
        self.last = 0.0
        self.ticks = 0

    def stage_of(self, frame) -> str:
        while frame is not None:
            code = frame.f_code
            if code not in self.rules:
                self.rules[code] = rule_for(code.co_filename.replace("\\", "/"))
            stage = self.rules[code]
            if code.co_name in NAMED:
                return NAMED[code.co_name]
            if stage is not None:
                if stage == SQLITE and "/pipelines/" in code.co_filename or \
                        "crawler/extensions.py" in code.co_filename:
                    if code.co_qualname.startswith("Progress"):
                        return PROGRESS
                    if code.co_name == "content_hash":
                        return HASHING
                    line = linecache.getline(code.co_filename, frame.f_lineno)
                    if any(word in line for word in HASH_WORDS):
                        return HASHING
                return SPIDER if stage == SCRAPY and self.in_spider(frame) else stage
            frame = frame.f_back
        return STARTUP

    def in_spider(self, frame) -> bool:
        """Whether Scrapy's work was asked for by the spider (its selectors, its requests)."""
        while frame is not None:
            if "crawler/spiders/" in frame.f_code.co_filename:
                return True
            frame = frame.f_back
        return False

    def tick(self, signum, frame) -> None:
        now = time.process_time()
        stage = self.stage_of(frame)
        self.cpu[stage] += now - self.last
        if frame is not None:
            key = (stage, frame.f_code)
            self.inner[key] = self.inner.get(key, 0.0) + now - self.last
        self.last = now
        self.ticks += 1

    def top(self, n: int = 4) -> dict[str, list[tuple[str, float]]]:
        """Each stage's busiest innermost Python functions (a call into C counts as its
        caller's), with their CPU seconds."""
        out: dict[str, list[tuple[str, float]]] = {}
        for (stage, code), cpu in sorted(self.inner.items(), key=lambda kv: -kv[1]):
            if len(out.setdefault(stage, [])) < n:
                where = "/".join(Path(code.co_filename).parts[-2:])
                out[stage].append((f"{where}:{code.co_qualname}", round(cpu, 3)))
        return out

    def start(self) -> None:
        self.last = time.process_time()
        signal.signal(signal.SIGPROF, self.tick)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)

    def stop(self) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)
        self.cpu[STARTUP] += time.process_time() - self.last


def table(cpu: dict[str, float], articles: int) -> list[dict]:
    """Rows of stage, ms per article and share of the process's CPU, in :data:`ORDER`."""
    total = sum(cpu.values()) or 1.0
    return [{"stage": stage, "ms_per_article": round(1000 * cpu.get(stage, 0.0)
                                                     / max(articles, 1), 2),
             "share": round(100 * cpu.get(stage, 0.0) / total, 1)} for stage in ORDER]


def format_table(rows: list[dict]) -> str:
    lines = ["| stage | ms per article | share |", "|---|---|---|"]
    lines += [f"| {r['stage']} | {r['ms_per_article']:.2f} | {r['share']:.1f}% |" for r in rows]
    total = sum(r["ms_per_article"] for r in rows)
    lines.append(f"| all (one process, extraction inline) | {total:.2f} | 100% |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        sys.exit("usage: stages.py OUT.json -- TRADEPRESS-ARGS...")
    out, args = Path(argv[0]), argv[2:]
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        sys.path.pop(0)  # benchmarks/ holds modules whose names could shadow libraries'
    sys.argv = ["tradepress", *args]
    sampler = Sampler()
    sampler.start()
    status: object = 0
    try:
        runpy.run_module("tradepress", run_name="__main__", alter_sys=True)
    except SystemExit as e:
        status = e.code
    finally:
        sampler.stop()
    out.write_text(json.dumps({"cpu_s": sampler.cpu, "ticks": sampler.ticks,
                               "status": status, "top": sampler.top()}))
    return status if isinstance(status, int) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
