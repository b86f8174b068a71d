"""Throughput of a distributed crawl with 1 and 2 workers, on the synthetic site of
``benchmarks/throughput.py``.

    python benchmarks/distributed.py --pages 1000 [--workers 1,2]

For each worker count: a fresh redis-server and archive, `tradepress crawl --distributed` seeds
the queue, N `tradepress worker` processes and one `tradepress ingest` writer run side by side
(politeness delays off, extraction inline in each worker), and the time is taken from the seed
to the last article committed (some synthetic pages are not judged articles; every run must
archive the same number). On a machine of 2 cores the point is that the
shared queue and the single writer are no bottleneck, not a speed-up: the workers share the
cores with the writer, the site's server and Redis.

The last line printed is one JSON object: pages, and for each worker count the articles archived
and articles per second.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import free_port, generate, serve_bench_site  # noqa: E402


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "tradepress", *args]


def articles(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def run(folder: Path, sites: Path, workers: int) -> tuple[int, float]:
    """Articles archived by one distributed crawl with ``workers`` workers, and the seconds
    from the seed to the last article committed."""
    run_dir = folder / f"run-{workers}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir()
    port = free_port()
    redis_server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                     "--save", "", "--appendonly", "no", "--dir", str(run_dir)],
                                    stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    db = run_dir / "archive.db"
    processes: list[subprocess.Popen] = []
    try:
        time.sleep(0.5)
        started = time.perf_counter()
        subprocess.run(cli("crawl", "--site", "bench", "--sites-dir", str(sites), "--db",
                           str(db), "--distributed", "--redis", url), check=True,
                       stdout=subprocess.DEVNULL)
        for _ in range(workers):
            processes.append(subprocess.Popen(cli(
                "worker", "--redis", url, "--site", "bench", "--sites-dir", str(sites),
                "--idle", "3", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                "-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
                "-s", "TRADEPRESS_PROGRESS_INTERVAL=0", "-s", "TRADEPRESS_EXTRACT_WORKERS=0"),
                stdout=subprocess.DEVNULL))
        processes.append(subprocess.Popen(cli("ingest", "--redis", url, "--db", str(db),
                                              "--batch-size", "200", "--idle", "3"),
                                          stdout=subprocess.DEVNULL))
        count, last_change = 0, time.perf_counter()
        while any(p.poll() is None for p in processes):
            now = articles(db)
            if now != count:
                count, last_change = now, time.perf_counter()
            time.sleep(0.1)
        if any(p.returncode for p in processes):
            sys.exit("a worker or the writer failed")
        count = articles(db)
    finally:
        for p in processes:
            if p.poll() is None:
                p.terminate()
        redis_server.terminate()
        redis_server.wait(10)
    return count, last_change - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tradepress-dist-bench-"))
    site_dir = folder / "site"
    print(f"generating {args.pages} pages in {site_dir} ...", file=sys.stderr)
    generate(site_dir, args.pages)
    server, sites = serve_bench_site(folder, site_dir)
    result: dict[str, object] = {"pages": args.pages, "cores": os.cpu_count()}
    try:
        for n in (int(w) for w in args.workers.split(",")):
            print(f"crawling with {n} worker(s) ...", file=sys.stderr)
            count, wall = run(folder, sites, n)
            result[f"workers_{n}_articles"] = count
            result[f"workers_{n}_articles_per_s"] = round(count / wall, 1)
    finally:
        server.terminate()
        shutil.rmtree(folder, ignore_errors=True)
    for key, value in result.items():
        print(f"{key:<24}  {value}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
