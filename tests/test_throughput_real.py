"""The real-page throughput benchmark runs end to end on a few pages: every copy of a vendored
page is archived as its own article (none merged into another by content), the figures carry
the synthetic mode's keys, and the per-stage profile accounts for all of the crawl's CPU. Speed
itself is measured by the benchmark, never by a test."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
KEYS = ("pages", "end_to_end_per_s", "bare_trafilatura_per_s", "ratio", "cpu_s_per_article",
        "peak_rss_mb", "peak_pss_mb", "db_bytes_per_article")


def test_real_mode_with_profile(tmp_path):
    done = subprocess.run([sys.executable, str(BENCHMARKS / "throughput.py"), "--real",
                           "--pages", "20", "--profile", "--keep", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(KEYS) <= set(result)
    assert result["pages"] == result["articles"] == 20
    conn = sqlite3.connect(tmp_path / "archive.db")
    titles = conn.execute("select count(distinct title) from articles").fetchone()[0]
    assert titles == 20
    shares = [row["share"] for row in result["stages"]]
    assert abs(sum(shares) - 100) < 1
    extraction = next(r for r in result["stages"] if r["stage"].startswith("extraction"))
    assert extraction["ms_per_article"] > 0
