"""Crash safety with real processes: reprocess and export killed with SIGKILL and run again,
crawls killed and recorded as interrupted, two crawls writing one archive at once, and a full
disk (a file-size limit: writes fail with EFBIG). After each: ``PRAGMA integrity_check`` passes,
no article is lost, duplicated or half-written (its current version row matches it), a rerun
ends where an uninterrupted run does, and no export leaves a partial file under its name."""

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import assert_one_line_error, crawl_exit, rows, run_cli

from crawler.samplesite.server import serve_site
from crawler.siteconfig import SAMPLE_SITES_DIR
from pipelines.archive.store import Archive

STALE = "0.0.0-stale"
# no progress lines: a slow CI machine would print one among the one-line errors checked here
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "TRADEPRESS_PROGRESS_INTERVAL=0"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash")
    result = run_cli("demo", "--db", folder / "archive.db", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "archive.db"


@pytest.fixture(scope="module")
def big_db(demo_db, tmp_path_factory):
    """The demo archive with each article copied under 19 more URLs (640 articles, sharing
    the captures), every record stale, so that reprocess has real work to be killed in."""
    db = tmp_path_factory.mktemp("big") / "archive.db"
    shutil.copy(demo_db, db)
    enlarge(db, copies=20)
    make_stale(db)
    return db


def copy_of(db: Path, folder: Path, name: str = "archive.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(db, folder / name)
    return folder / name


def enlarge(db: Path, copies: int) -> None:
    conn = sqlite3.connect(db)
    columns = [r[1] for r in conn.execute("pragma table_info(articles)") if r[1] != "id"]
    version_columns = [r[1] for r in conn.execute("pragma table_info(article_versions)")
                       if r[1] not in ("id", "article_id")]
    select = ", ".join("url || ?" if c == "url" else c for c in columns)
    with conn:
        for (original,) in conn.execute("select id from articles order by id").fetchall():
            for n in range(1, copies):
                new = conn.execute(f"insert into articles ({', '.join(columns)}) select {select} "
                                   f"from articles where id = ?",
                                   [f"?copy={n}", original]).lastrowid
                conn.execute(f"insert into article_versions (article_id, "
                             f"{', '.join(version_columns)}) select ?, "
                             f"{', '.join(version_columns)} from article_versions "
                             f"where article_id = ?", [new, original])
                conn.execute("insert into article_authors (article_id, position, author_id, "
                             "role, organisation) select ?, position, author_id, role, "
                             "organisation from article_authors where article_id = ?",
                             [new, original])
    conn.close()


def make_stale(db: Path) -> None:
    """Every record as an older extractor left it: reprocess must rewrite each one."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(f"update articles set title = 'stale', extractor_version = '{STALE}'")
    conn.close()


def snapshot(db: Path) -> dict:
    """Everything reprocess may change, independent of row order."""
    return {
        "articles": rows(db, "select id, url, requested_url, site, title, standfirst, body, "
                             "published, genre, content_hash, version, capture_id, "
                             "extractor_version from articles order by id"),
        "versions": rows(db, "select article_id, version, content_hash, title, body, authors "
                             "from article_versions order by article_id, version"),
        "authors": rows(db, "select aa.article_id, aa.position, au.name, aa.role, "
                            "aa.organisation from article_authors aa join authors au on "
                            "au.id = aa.author_id order by aa.article_id, aa.position"),
    }


def assert_whole(db: Path, urls_before: list) -> None:
    """Intact, nothing lost or doubled, and every article whole: the version row of its
    current version carries the same content hash (what a half-written rewrite would break)."""
    assert rows(db, "pragma integrity_check") == [("ok",)]
    assert rows(db, "select id, url from articles order by id") == urls_before
    assert rows(db, "select count(*) from articles a join article_versions v on "
                    "v.article_id = a.id and v.version = a.version and "
                    "v.content_hash = a.content_hash") == [(len(urls_before),)]


def rewritten(db: Path) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute("select count(*) from articles where extractor_version != ?",
                            [STALE]).fetchone()[0]
    finally:
        conn.close()


def reprocess(db: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tradepress", "reprocess", "--db", str(db),
                           "--workers", "0"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"}, **kwargs)


@pytest.fixture(scope="module")
def reference(big_db, tmp_path_factory):
    """What an uninterrupted reprocess of the big archive ends with."""
    db = copy_of(big_db, tmp_path_factory.mktemp("reference"))
    result = reprocess(db)
    assert result.returncode == 0, result.stderr
    assert "640 updated" in result.stdout
    return snapshot(db)


def run_killed_at(script: str, *args: str) -> subprocess.CompletedProcess:
    """Run the real command line (``tradepress.cli.main``) after ``script``, which arranges for
    the process to SIGKILL itself at a chosen point."""
    code = textwrap.dedent(script) + textwrap.dedent(f"""
        import sys
        from tradepress.cli import main
        sys.argv = ["tradepress", *{list(args)!r}]
        main()
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONWARNINGS": "ignore"})


# -- reprocess -----------------------------------------------------------------------------------

def test_reprocess_killed_mid_run_then_rerun_ends_as_an_uninterrupted_run(
        big_db, reference, tmp_path):
    db = copy_of(big_db, tmp_path)
    urls = rows(db, "select id, url from articles order by id")
    victim = subprocess.Popen([sys.executable, "-m", "tradepress", "reprocess", "--db",
                               str(db), "--workers", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and victim.poll() is None:
        try:
            if rewritten(db) >= 120:  # past the first batch of 100: its count is recorded
                break
        except sqlite3.OperationalError:
            pass
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    assert victim.wait() == -signal.SIGKILL
    done = rewritten(db)
    assert 120 <= done < len(urls)  # killed mid-run
    assert_whole(db, urls)
    (status, pid), = rows(db, "select status, pid from tasks")
    assert (status, pid) == ("running", victim.pid)  # nobody has opened it for writing since

    again = reprocess(db)
    assert again.returncode == 0, again.stderr
    assert f"{len(urls) - done} updated" in again.stdout
    assert_whole(db, urls)
    assert snapshot(db) == reference
    tasks = rows(db, "select status, finished_at is not null, rows from tasks order by id")
    assert tasks == [("interrupted", 1, tasks[0][2]), ("finished", 1, len(urls))]
    assert 0 < tasks[0][2] <= done  # how far it got, as recorded batch by batch
    listed = run_cli("runs", "--failed", "--db", db).stdout
    assert "reprocess" in listed and "interrupted" in listed


def test_reprocess_killed_inside_a_transaction_leaves_that_article_as_it_was(
        big_db, reference, tmp_path):
    """SIGKILL after an article's row was updated but before its authors and version row:
    that transaction never happened."""
    db = copy_of(big_db, tmp_path)
    urls = rows(db, "select id, url from articles order by id")
    result = run_killed_at("""
        import os, signal
        from pipelines.archive.store import Archive
        calls = []
        write_authors = Archive._write_authors
        def write_authors_then_die(self, article_id, authors):
            calls.append(article_id)
            if len(calls) == 25:  # inside the 25th rewrite's transaction
                os.kill(os.getpid(), signal.SIGKILL)
            write_authors(self, article_id, authors)
        Archive._write_authors = write_authors_then_die
    """, "reprocess", "--db", str(db), "--workers", "0")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert rewritten(db) == 24
    assert_whole(db, urls)
    twenty_fifth = urls[24][0]
    assert rows(db, "select title, extractor_version from articles where id = ?",
                [twenty_fifth]) == [("stale", STALE)]
    again = reprocess(db)
    assert again.returncode == 0, again.stderr
    assert snapshot(db) == reference


# -- export --------------------------------------------------------------------------------------

def exported(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_killed_mid_write_leaves_no_partial_file_and_reruns_cleanly(
        big_db, tmp_path, fmt):
    expected = tmp_path / "expected"
    expected.mkdir()
    result = run_cli("export", "--format", fmt, "--out", expected / f"pieces.{fmt}",
                     "--db", big_db)
    assert result.returncode == 0, result.stderr
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / f"pieces.{fmt}"
    killed = run_killed_at("""
        import os, signal
        from tradepress.research import queries
        iter_records = queries.iter_records
        def records_then_die(*args, **kwargs):
            for n, record in enumerate(iter_records(*args, **kwargs)):
                if n == 550:  # past the first Parquet row group: the partial file has data
                    os.kill(os.getpid(), signal.SIGKILL)
                yield record
        queries.iter_records = records_then_die
    """, "export", "--format", fmt, "--out", str(out), "--db", str(big_db))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not out.exists() and not (out_dir / f"pieces-authors.{fmt}").exists()
    partials = [p for p in out_dir.rglob("*") if p.is_file()]
    assert partials and all(p.parent.name.startswith(f".{p.name}.partial-") for p in partials)
    assert sum(p.stat().st_size for p in partials) > 0  # it was killed mid-write
    again = run_cli("export", "--format", fmt, "--out", out, "--db", big_db)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(exported(expected))  # tidied
    if fmt == "parquet":
        import pyarrow.parquet as pq
        assert pq.read_table(out).equals(pq.read_table(expected / out.name))
    else:
        assert exported(out_dir) == exported(expected)


def test_a_killed_forced_export_leaves_the_old_file_as_it_was(big_db, tmp_path):
    out = tmp_path / "pieces.jsonl"
    out.write_text('{"old": "export"}\n')
    killed = run_killed_at("""
        import os, signal
        from tradepress.research import queries
        iter_records = queries.iter_records
        def records_then_die(*args, **kwargs):
            for n, record in enumerate(iter_records(*args, **kwargs)):
                if n == 300:
                    os.kill(os.getpid(), signal.SIGKILL)
                yield record
        queries.iter_records = records_then_die
    """, "export", "--format", "jsonl", "--out", str(out), "--db", str(big_db), "--force")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert out.read_text() == '{"old": "export"}\n'


# -- interrupted runs ----------------------------------------------------------------------------

def test_runs_whose_process_is_gone_are_marked_interrupted_when_opened_for_writing(tmp_path):
    db = tmp_path / "archive.db"
    archive = Archive(db)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    crawls = [("running", gone.pid), ("queued", gone.pid), ("running", os.getpid()),
              ("running", None), ("finished", gone.pid)]
    with archive.db.atomic():
        for status, pid in crawls:
            archive.db.execute("insert into crawls (site, started_at, status, pid) values "
                               "('x', '2026-01-01T00:00:00+00:00', ?, ?)", [status, pid])
        archive.db.execute("insert into tasks (kind, started_at, status, pid) values "
                           "('reprocess', '2026-01-01T00:00:00+00:00', 'running', ?)",
                           [gone.pid])
    archive.close()
    Archive(db, read_only=True).close()  # reading changes nothing
    assert rows(db, "select status from crawls order by id") == [(s,) for s, _ in crawls]
    Archive(db).close()
    assert rows(db, "select status, finished_at is not null from crawls order by id") == [
        ("interrupted", 1), ("interrupted", 1), ("running", 0), ("running", 0), ("finished", 0)]
    assert rows(db, "select status from tasks") == [("interrupted",)]


def crawl_command(site_url: str, db: Path, site: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "tradepress", "crawl", "--site", site, "--sites-dir",
            str(SAMPLE_SITES_DIR), "--base-url", f"{site_url}/{site}/", "--db", str(db),
            *extra]


def expected_paths(sample_expected, site):
    return sorted(e["path"].lstrip("/") for e in sample_expected
                  if e["site"] == site and e.get("status", 200) == 200 and e["is_article"])


def article_paths(db: Path, site: str | None = None):
    return sorted(url.split("://", 1)[1].split("/", 1)[1] for (url,) in rows(
        db, "select url from articles" + (" where site = ?" if site else ""),
        [site] if site else []))


def test_a_killed_crawl_is_recorded_as_interrupted(tmp_path, sample_expected):
    db = tmp_path / "archive.db"
    site = "civic-ledger"
    with serve_site() as running:
        slow = subprocess.Popen(crawl_command(running.url, db, site, "-s", "DOWNLOAD_DELAY=0.3",
                                              "-s", "AUTOTHROTTLE_ENABLED=False"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.1)
            try:
                if rows(db, "select count(*) from captures where kind = 'article'")[0][0] >= 3:
                    break
            except sqlite3.Error:
                continue
        slow.send_signal(signal.SIGKILL)
        slow.wait()
        (status, pid, finished), = rows(db, "select status, pid, finished_at from crawls")
        assert (status, pid, finished) == ("running", slow.pid, None)
        # `runs` only reads: it still says running, and leaves the row alone
        assert "running" in run_cli("runs", "--db", db).stdout
        resumed = subprocess.run(crawl_command(running.url, db, site, *FAST),
                                 capture_output=True, text=True, timeout=120)
    assert resumed.returncode == crawl_exit(site), resumed.stderr
    runs = rows(db, "select id, status, finished_at >= started_at from crawls order by id")
    assert runs == [(1, "interrupted", 1), (2, "finished", 1)]
    assert article_paths(db) == expected_paths(sample_expected, site)
    assert rows(db, "pragma integrity_check") == [("ok",)]
    failed = run_cli("runs", "--failed", "--db", db).stdout.splitlines()
    assert len(failed) == 1 and "interrupted" in failed[0]


# -- two crawls at once --------------------------------------------------------------------------

def test_opening_a_new_archive_waits_while_another_process_sets_it_up(tmp_path):
    """SQLite refuses to switch a new file to WAL at once, without its busy timeout, while
    another process holds it: opening waits instead (as two crawls starting together do)."""
    db = tmp_path / "archive.db"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sqlite3, time
        conn = sqlite3.connect({str(db)!r}, isolation_level=None)
        conn.execute("begin immediate")
        print("holding", flush=True)
        time.sleep(0.5)
        conn.execute("commit")
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holding\n"
        Archive(db).close()  # before: "database is locked" at once
    finally:
        holder.wait(timeout=30)
    assert rows(db, "pragma journal_mode") == [("wal",)]
    assert rows(db, "select count(*) from _migrations")[0][0] >= 6


def test_two_crawls_of_two_sites_at_once_both_complete(tmp_path, sample_expected):
    db = tmp_path / "archive.db"  # new: both also race to create the schema
    sites = ["build-review", "civic-ledger"]
    with serve_site() as running:
        crawls = [subprocess.Popen(crawl_command(running.url, db, site, *FAST, "-s",
                                                 "TRADEPRESS_BATCH_SIZE=1"),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                  for site in sites]
        results = [c.communicate(timeout=180) + (c.returncode,) for c in crawls]
    for site, (_, err, status) in zip(sites, results, strict=True):
        broken = [e["path"] for e in sample_expected
                  if e["site"] == site and e.get("status", 200) != 200]
        assert status == crawl_exit(site), err
        assert sorted(u.split("://", 1)[1].split("/", 1)[1] for (u,) in rows(
            db, "select url from failures where site = ?", [site])) == [
            p.lstrip("/") for p in broken]
        assert article_paths(db, site) == expected_paths(sample_expected, site)
    assert rows(db, "select count(*), count(distinct url) from articles") == [(22, 22)]
    assert rows(db, "select site, status from crawls order by site") == [
        ("build-review", "finished"), ("civic-ledger", "finished")]
    assert rows(db, "pragma integrity_check") == [("ok",)]


def test_two_crawls_of_one_site_at_once_archive_each_article_once(tmp_path, sample_expected):
    """The hardest case for the writes: both find the same articles new at the same time."""
    db = tmp_path / "archive.db"
    site = "build-review"
    with serve_site() as running:
        crawls = [subprocess.Popen(crawl_command(running.url, db, site, *FAST, "-s",
                                                 "TRADEPRESS_BATCH_SIZE=1", "-s",
                                                 f"JOBDIR={tmp_path / f'jobs-{n}'}"),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                  for n in range(2)]
        results = [c.communicate(timeout=180) + (c.returncode,) for c in crawls]
    assert [status for *_, status in results] == [crawl_exit(site)] * 2, results
    assert article_paths(db) == expected_paths(sample_expected, site)
    (new_1, unchanged_1), (new_2, unchanged_2) = rows(
        db, "select articles_new, articles_unchanged from crawls order by id")
    assert new_1 + new_2 == 11 and new_1 + unchanged_1 == new_2 + unchanged_2 == 11
    assert rows(db, "select count(*) from article_versions") == [(11,)]
    assert rows(db, "pragma integrity_check") == [("ok",)]


# -- a full disk ---------------------------------------------------------------------------------

def file_size_limit(limit: int):
    """For preexec_fn: files this process writes cannot grow past ``limit`` bytes (CPython
    ignores SIGXFSZ, so a write past it fails with EFBIG, as on a full disk)."""
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_reprocess_on_a_full_disk_fails_in_one_line_and_loses_nothing(
        big_db, reference, tmp_path):
    db = copy_of(big_db, tmp_path)
    urls = rows(db, "select id, url from articles order by id")
    result = reprocess(db, preexec_fn=file_size_limit(400_000))
    assert_one_line_error(result, f"cannot write archive {db}", "is the disk full?")
    done = rewritten(db)
    assert 0 < done < len(urls)  # the disk filled up mid-run
    assert_whole(db, urls)
    assert rows(db, "select status from tasks") in ([("failed",)], [("running",)])
    again = reprocess(db)
    assert again.returncode == 0, again.stderr
    assert snapshot(db) == reference
    assert rows(db, "select status from tasks order by id")[-1] == ("finished",)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_on_a_full_disk_fails_in_one_line_and_leaves_the_old_file(big_db, tmp_path,
                                                                         fmt):
    out = tmp_path / f"pieces.{fmt}"
    out.write_text("the previous export\n")
    result = subprocess.run([sys.executable, "-m", "tradepress", "export", "--format", fmt,
                             "--out", str(out), "--db", str(big_db), "--force"],
                            capture_output=True, text=True, timeout=120,
                            preexec_fn=file_size_limit(200_000))
    assert_one_line_error(result, f"cannot write {out}", "File too large")
    assert out.read_text() == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no partial file


@pytest.fixture(scope="module")
def full_disk_crawl(demo_db, tmp_path_factory):
    """A crawl of a new address of build-review (new URLs to archive) into a copy of the demo
    archive, on a disk that fills up after a few writes."""
    db = copy_of(demo_db, tmp_path_factory.mktemp("fulldisk"))
    before = rows(db, "select id, url, content_hash, body from articles order by id")
    with serve_site() as running:
        result = subprocess.run(crawl_command(running.url, db, "build-review", *FAST, "-s",
                                              "TRADEPRESS_BATCH_SIZE=1"),
                                capture_output=True, text=True, timeout=180,
                                preexec_fn=file_size_limit(150_000))
    return db, before, result


def test_a_crawl_on_a_full_disk_keeps_the_archive_intact(full_disk_crawl):
    db, before, result = full_disk_crawl
    assert "Traceback" not in result.stderr, result.stderr
    assert rows(db, "pragma integrity_check") == [("ok",)]
    kept = rows(db, "select id, url, content_hash, body from articles order by id")
    assert kept[:len(before)] == before  # everything archived before is still there
    new = len(kept) - len(before)
    assert new < 11  # the disk did fill up before the crawl could archive every article
    assert rows(db, "select count(*) from articles a join article_versions v on "
                    "v.article_id = a.id and v.version = a.version and "
                    "v.content_hash = a.content_hash") == [(len(kept),)]


def test_a_crawl_on_a_full_disk_fails_in_one_line(full_disk_crawl):
    db, _, result = full_disk_crawl
    assert_one_line_error(result, str(db))


def test_tasks_rows_are_json_args(big_db, tmp_path):
    """The recorded options of a run are JSON a reader can use."""
    db = copy_of(big_db, tmp_path)
    result = run_cli("reprocess", "--db", db, "--workers", "0", "--site", "civic-ledger",
                     "--since", "2017-01-01")
    assert result.returncode == 0, result.stderr
    (args, status, count), = rows(db, "select args, status, rows from tasks")
    assert json.loads(args) == {"site": "civic-ledger", "since": "2017-01-01"}
    assert status == "finished"
    assert count == rows(db, "select count(*) from articles where site = 'civic-ledger' and "
                             "coalesce(published, fetched_at) >= '2017-01-01'")[0][0] > 0
