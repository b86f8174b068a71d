"""Archival fidelity, for real: captures and WARC files of a crawl of the sample site, recrawls
with conditional requests, versions of an edited page, a removed page, re-extraction without
the network, WARC export, and a crawl killed with SIGKILL that resumes."""

import html
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import crawl_exit, rows, run_cli

from crawler.samplesite.server import serve_site
from crawler.siteconfig import SAMPLE_SITES_DIR
from pipelines.archive.warc import read_record_at, read_responses

SITE = "civic-ledger"


def crawl(site, db, *extra):
    result = run_cli("crawl", "--site", SITE, "--sites-dir", SAMPLE_SITES_DIR, "--base-url",
                     f"{site.url}/{SITE}/", "--db", db, "-s", "DOWNLOAD_DELAY=0",
                     "-s", "AUTOTHROTTLE_START_DELAY=0", *extra)
    assert result.returncode == crawl_exit(SITE), result.stderr
    return result


def expected_articles(sample_expected):
    return {e["path"] for e in sample_expected
            if e["site"] == SITE and e.get("status", 200) == 200 and e["is_article"]}


def article_paths(db):
    return sorted(url.split("://", 1)[1].split("/", 1)[1] for (url,) in rows(
        db, "select url from articles"))


@pytest.fixture
def site():
    with serve_site() as running:
        yield running


def test_every_response_is_captured_and_written_to_warc(site, tmp_path, sample_expected):
    db = tmp_path / "archive.db"
    crawl(site, db)
    (crawl_id, pages), = rows(db, "select id, pages_fetched from crawls")
    captures = rows(db, "select kind, url, warc_file, warc_offset, body_sha256, status "
                        "from captures where crawl_id = ?", [crawl_id])
    assert len(captures) == pages > len(expected_articles(sample_expected))
    assert {kind for kind, *_ in captures} >= {"robots", "feed", "sitemap", "listing", "article"}
    warc_files = {warc for _, _, warc, *_ in captures}
    assert len(warc_files) == 1
    warc = tmp_path / "warc" / warc_files.pop()
    responses = list(read_responses(warc))
    assert len(responses) == len(captures)
    assert all(r["digest_ok"] for r in responses)
    # every article links to its capture, whose WARC record holds the archived text
    for body, warc_file, offset in rows(
            db, "select a.body, c.warc_file, c.warc_offset from articles a "
                "join captures c on c.id = a.capture_id"):
        record = read_record_at(tmp_path / "warc" / warc_file, offset)
        first_paragraph = body.split("\n\n")[0]
        assert first_paragraph[:60] in html.unescape(record["payload"].decode("utf-8"))
    assert article_paths(db) == sorted(p.lstrip("/") for p in expected_articles(sample_expected))
    # each body was compressed once: the DEFLATE blocks of its `bodies` row (between the zlib
    # header, and the last block and checksum) are the ones inside its WARC record
    warc_bytes = warc.read_bytes()
    kept = rows(db, "select c.warc_offset, b.data from captures c join bodies b "
                    "on b.sha256 = c.body_sha256 where c.crawl_id = ?", [crawl_id])
    assert kept
    for offset, data in kept:
        assert data[2:-6] in warc_bytes[offset:offset + len(data) + 4096]


def test_recrawl_of_an_unchanged_site_adds_no_rows_and_no_bodies(site, tmp_path):
    db = tmp_path / "archive.db"
    crawl(site, db)
    before = rows(db, "select (select count(*) from articles), (select count(*) from bodies), "
                      "(select count(*) from article_versions)")
    articles = before[0][0]
    site.requests.clear()
    crawl(site, db, "--recheck")
    assert rows(db, "select (select count(*) from articles), (select count(*) from bodies), "
                    "(select count(*) from article_versions)") == before
    conditional = [r for r in site.requests if "if-none-match" in
                   {k.lower() for k in r.headers}]
    assert len(conditional) == articles  # every archived article asked for conditionally
    (unchanged, new, updated), = rows(db, "select articles_unchanged, articles_new, "
                                          "articles_updated from crawls order by id desc limit 1")
    assert (unchanged, new, updated) == (articles, 0, 0)


def test_an_edited_page_gives_two_versions_and_a_diff(site, tmp_path, sample_expected):
    db = tmp_path / "archive.db"
    crawl(site, db)
    path = sorted(expected_articles(sample_expected))[0]
    from test_extract import page_file
    original = page_file(path).read_text(encoding="utf-8")
    entry = next(e for e in sample_expected if e["path"] == path)
    edited = original.replace(entry["body_first"], "CORRECTION: " + entry["body_first"], 1)
    assert edited != original
    site.replace(path, edited)
    crawl(site, db, "--recheck")
    url = rows(db, "select url from articles where url like ?", [f"%{path}"])[0][0]
    assert rows(db, "select count(*) from article_versions v join articles a on "
                    "a.id = v.article_id where a.url = ?", [url]) == [(2,)]
    assert rows(db, "select version from articles where url = ?", [url]) == [(2,)]
    result = run_cli("history", url, "--db", db)
    assert result.returncode == 0, result.stderr
    assert "version 1" in result.stdout and "version 2" in result.stdout
    assert f"+CORRECTION: {entry['body_first']}" in result.stdout
    assert f"-{entry['body_first']}" in result.stdout


def test_a_removed_page_is_marked_gone_and_kept(site, tmp_path, sample_expected):
    db = tmp_path / "archive.db"
    crawl(site, db)
    path = sorted(expected_articles(sample_expected))[1]
    site.remove(path, status=410)
    crawl(site, db, "--recheck")
    gone = rows(db, "select url, gone_at, body from articles where gone_at is not null")
    assert len(gone) == 1 and gone[0][0].endswith(path) and gone[0][2]
    assert "gone since" in run_cli("history", gone[0][0], "--db", db).stdout


def test_reprocess_updates_changed_records_without_network(tmp_path, sample_expected):
    db = tmp_path / "archive.db"
    with serve_site() as running:
        crawl(running, db)
    # the server is gone: what follows cannot touch the network
    good = rows(db, "select id, title, body from articles order by id")
    conn = sqlite3.connect(db)
    conn.execute("update articles set title = 'stale', extractor_version = '0.0.1' "
                 "where id % 2 = 0")
    conn.commit()
    conn.close()
    result = run_cli("reprocess", "--db", db, "--sites-dir", SAMPLE_SITES_DIR)
    assert result.returncode == 0, result.stderr
    changed = sum(1 for article_id, *_ in good if article_id % 2 == 0)
    assert f"{changed} updated" in result.stdout
    assert rows(db, "select id, title, body from articles order by id") == good
    assert rows(db, "select count(distinct extractor_version) from articles") == [(1,)]
    again = run_cli("reprocess", "--db", db, "--sites-dir", SAMPLE_SITES_DIR)
    assert "updated" not in again.stdout and f"{len(good)} unchanged" in again.stdout


def test_export_warc_of_stored_captures(site, tmp_path):
    db = tmp_path / "archive.db"
    crawl(site, db)
    out = tmp_path / "export.warc.gz"
    result = run_cli("export-warc", "--out", out, "--db", db, "--site", SITE)
    assert result.returncode == 0, result.stderr
    responses = list(read_responses(out))
    assert len(responses) == rows(db, "select count(*) from captures")[0][0]
    assert all(r["digest_ok"] for r in responses)
    again = run_cli("export-warc", "--out", out, "--db", db)
    assert again.returncode != 0 and "exists" in again.stderr


def test_a_crawl_killed_with_sigkill_resumes_and_archives_each_article_once(
        tmp_path, sample_expected):
    db = tmp_path / "archive.db"
    with serve_site() as running:
        args = [sys.executable, "-m", "tradepress", "crawl", "--site", SITE, "--sites-dir",
                str(SAMPLE_SITES_DIR), "--base-url", f"{running.url}/{SITE}/", "--db", str(db),
                "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
        slow = subprocess.Popen([*args, "-s", "DOWNLOAD_DELAY=0.4"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # kill it once a few articles have been captured
            time.sleep(0.2)
            try:
                if rows(db, "select count(*) from captures where kind = 'article'")[0][0] >= 4:
                    break
            except sqlite3.Error:
                continue
        slow.send_signal(signal.SIGKILL)
        slow.wait()
        assert rows(db, "pragma integrity_check") == [("ok",)]
        interrupted = rows(db, "select count(*) from articles")[0][0]
        assert interrupted < len(expected_articles(sample_expected))
        assert (Path(db).parent / "jobs" / SITE).is_dir()  # Scrapy's job state, kept on disk
        resumed = subprocess.run([*args, "-s", "DOWNLOAD_DELAY=0"], capture_output=True,
                                 text=True, timeout=120)
        assert resumed.returncode == crawl_exit(SITE), resumed.stderr
    assert article_paths(db) == sorted(p.lstrip("/") for p in expected_articles(sample_expected))
    assert rows(db, "select count(*) from articles where capture_id is null") == [(0,)]
    assert rows(db, "pragma integrity_check") == [("ok",)]


def test_a_reader_is_not_blocked_and_never_sees_half_an_article(tmp_path, sample_expected):
    """While a crawl writes, another process's queries answer fast and always find each
    article whole: its current version row and its authors are there with it."""
    db = tmp_path / "archive.db"
    total = len(expected_articles(sample_expected))
    with serve_site() as running:
        writer = subprocess.Popen(
            [sys.executable, "-m", "tradepress", "crawl", "--site", SITE, "--sites-dir",
             str(SAMPLE_SITES_DIR), "--base-url", f"{running.url}/{SITE}/", "--db", str(db),
             "-s", "DOWNLOAD_DELAY=0.15", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "TRADEPRESS_BATCH_SIZE=1"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        seen_counts, slowest = set(), 0.0
        try:
            while writer.poll() is None:
                if not db.exists():
                    time.sleep(0.05)
                    continue
                started = time.monotonic()
                try:
                    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
                    articles = conn.execute("select count(*) from articles").fetchone()[0]
                    broken = conn.execute(
                        """select count(*) from articles a where not exists (
                               select 1 from article_versions v where v.article_id = a.id
                               and v.version = a.version and v.content_hash = a.content_hash)
                           or (a.genre = 'opinion' and not exists (
                               select 1 from article_authors aa where aa.article_id = a.id)
                               and a.byline_raw is not null)""").fetchone()[0]
                    conn.close()
                except sqlite3.OperationalError as e:
                    if "no such table" in str(e):  # the schema is still being created
                        continue
                    raise
                slowest = max(slowest, time.monotonic() - started)
                seen_counts.add(articles)
                assert broken == 0
                time.sleep(0.02)
        finally:
            writer.wait(timeout=60)
    assert writer.returncode == crawl_exit(SITE)
    assert any(0 < n < total for n in seen_counts)  # we did read while it was writing
    assert slowest < 1.0
