"""Extraction in a pool of worker processes gives the same records as inline extraction."""

import shutil
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pytest
from conftest import crawl_exit, rows, run_cli

from crawler.samplesite.server import serve_site
from crawler.siteconfig import SAMPLE_SITES_DIR
from pipelines.lifeline import in_order

SITE = "nursing-practice"
RECORD = ("select url, title, standfirst, body, published, genre, language, byline_raw, "
          "content_hash, (select group_concat(au.name || '|' || coalesce(aa.role, '') || '|' || "
          "coalesce(aa.organisation, ''), ';') from article_authors aa join authors au on "
          "au.id = aa.author_id where aa.article_id = articles.id) from articles order by url")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pool")
    out = {}
    with serve_site() as site:
        for workers in (0, 2):
            db = folder / f"w{workers}.db"
            result = run_cli("crawl", "--site", SITE, "--sites-dir", SAMPLE_SITES_DIR,
                             "--base-url", f"{site.url}/{SITE}/", "--db", db, "-v",
                             "-s", "DOWNLOAD_DELAY=0",
                             "-s", f"TRADEPRESS_EXTRACT_WORKERS={workers}")
            assert result.returncode == crawl_exit(SITE), result.stderr[-2000:]
            out[workers] = (db, result.stderr)
    return out


def test_the_pool_is_used(crawled):
    assert "'tradepress/extract_workers': 2" in crawled[2][1]
    assert "tradepress/extract_workers" not in crawled[0][1]


def test_records_are_identical_inline_and_in_the_pool(crawled):
    inline, pooled = rows(crawled[0][0], RECORD), rows(crawled[2][0], RECORD)
    assert len(inline) == 10
    assert inline == pooled


def test_reprocess_in_the_pool_matches_inline(crawled, tmp_path):
    results = {}
    for workers in (0, 2):
        db = tmp_path / f"r{workers}.db"
        shutil.copy(crawled[0][0], db)
        for suffix in ("-wal", "-shm"):
            if (crawled[0][0].parent / (crawled[0][0].name + suffix)).exists():
                shutil.copy(crawled[0][0].parent / (crawled[0][0].name + suffix),
                            tmp_path / (db.name + suffix))
        assert rows(db, "select count(*) from articles") == [(10,)]
        conn = sqlite3.connect(db)
        conn.execute("update articles set title = 'stale', extractor_version = 'old'")
        conn.commit()
        conn.close()
        result = run_cli("reprocess", "--db", db, "--sites-dir", SAMPLE_SITES_DIR,
                         "--workers", workers)
        assert result.returncode == 0 and "10 updated" in result.stdout, result.stderr
        results[workers] = rows(db, RECORD)
    assert results[0] == results[2] == rows(crawled[0][0], RECORD)


def test_reprocess_keeps_the_workers_busy_ahead_of_the_writer_and_in_order():
    """Pages are handed out ahead of the one whose record is being written (the workers need
    not wait for this process to read and write), and the records come back in page order."""
    started = [threading.Event() for _ in range(6)]

    def task(i):
        started[i].set()
        if i == 0:  # the first page is finished only once the fourth has been handed out
            assert started[3].wait(10)
        return i * 10

    pages = ((("stored", i), partial(task, i)) for i in range(6))
    with ThreadPoolExecutor(2) as pool:
        assert list(in_order(pages, pool, window=4)) == [(("stored", i), i * 10)
                                                          for i in range(6)]


PRELOAD_PROBE = """
import sys
import threading
from pipelines.lifeline import worker_pool

def model_loaded():
    langid = sys.modules.get("py3langid.langid")
    return langid is not None and langid.IDENTIFIER is not None

if __name__ == "__main__":
    preload = ("pipelines.extract.warm",) if sys.argv[1] == "warm" else ()
    if sys.argv[2] == "threaded":  # (as a crawl is: its engine runs threads of its own)
        threading.Thread(target=threading.Event().wait, daemon=True).start()
    with worker_pool(1, preload=preload, direct=sys.argv[3] == "direct") as pool:
        print(pool.submit(model_loaded).result(), pool._mp_context.get_start_method())
"""


@pytest.mark.parametrize("mode, loaded", [("warm", "True"), ("cold", "False")])
@pytest.mark.parametrize("threads, direct, start", [
    ("single", "forkserver", "forkserver"), ("threaded", "direct", "forkserver"),
    ("single", "direct", "fork")])
def test_workers_find_the_models_preloaded_for_them(tmp_path, mode, loaded, threads, direct,
                                                     start):
    """Workers are forked from a forkserver (which does the preload); a command that asks
    for it and runs one thread preloads itself and forks them directly."""
    # (in a process of its own: the forkserver, and so its preload, is one per process)
    script = tmp_path / "probe.py"
    script.write_text(PRELOAD_PROBE)
    done = subprocess.run([sys.executable, str(script), mode, threads, direct], capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [loaded, start]


def test_a_pool_stopped_while_it_starts_shuts_down_without_an_error(monkeypatch):
    """A stop signal that lands while the pool starts its manager thread (the thread exists,
    never started) must not turn a clean stop into a traceback: `stop_pool` copes."""
    import threading

    from pipelines.lifeline import stop_pool, worker_pool

    pool = worker_pool(1)

    def interrupted(thread):
        raise KeyboardInterrupt  # (as `raise_on_stop` does, inside Thread.start's wait)

    monkeypatch.setattr(threading.Thread, "start", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pool.submit(int)
    monkeypatch.undo()
    try:
        stop_pool(pool)
    finally:
        for process in list(pool._processes.values()):  # (the test's own clean-up)
            process.kill()
