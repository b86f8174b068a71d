"""Distributed crawls, for real: a redis-server on 127.0.0.1, crawler workers and the ingest
writer as separate processes over HTTP against the sample site, and the SQLite archive.
Workers and the writer are killed with SIGKILL mid-crawl; nothing may be lost or stored twice."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from conftest import assert_one_line_error, free_port, rows, run_cli

from crawler.samplesite.server import serve_site
from crawler.siteconfig import SAMPLE_SITES_DIR
from pipelines.recordqueue import PROCESSING, RECORDS

SITE = "civic-ledger"


@pytest.fixture
def site():
    with serve_site() as running:
        yield running


def expected_articles(sample_expected):
    return sorted(e["path"] for e in sample_expected
                  if e["site"] == SITE and e.get("status", 200) == 200 and e["is_article"])


def article_paths(db):
    return sorted("/" + url.split("://", 1)[1].split("/", 1)[1] for (url,) in rows(
        db, "select url from articles"))


def seed(site, db, url):
    result = run_cli("crawl", "--site", SITE, "--sites-dir", SAMPLE_SITES_DIR, "--base-url",
                     f"{site.url}/{SITE}/", "--db", db, "--distributed", "--redis", url)
    assert result.returncode == 0, result.stderr
    return result


def cli_process(*args, log: Path):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen([sys.executable, "-m", "tradepress", *map(str, args)],
                            stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)


def worker(site, url, log: Path, *settings: str, idle: float = 3):
    extra = [a for s in settings for a in ("-s", s)]
    return cli_process("worker", "--redis", url, "--site", SITE, "--sites-dir",
                       SAMPLE_SITES_DIR, "--base-url", f"{site.url}/{SITE}/", "--idle", idle,
                       "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_START_DELAY=0",
                       "-s", "TRADEPRESS_EXTRACT_WORKERS=0", *extra, log=log)


def ingest(url, db, log: Path, *extra):
    return cli_process("ingest", "--redis", url, "--db", db, *extra, log=log)


def finish(process, log: Path, timeout=120) -> str:
    process.wait(timeout)
    text = log.read_text()
    assert process.returncode == 0, text
    assert "Traceback" not in text, text
    return text


def assert_archived_once(db, sample_expected):
    assert article_paths(db) == expected_articles(sample_expected)
    # every article points at the capture it was extracted from, kept once with its WARC record
    assert rows(db, "select count(*) from articles where capture_id is null") == [(0,)]
    assert rows(db, "select count(*) from (select url, fetched_at from captures "
                    "group by url, fetched_at having count(*) > 1)") == [(0,)]
    assert rows(db, "select count(*) from captures where warc_file is null") == [(0,)]
    assert rows(db, "select count(*) from article_versions") == [(len(article_paths(db)),)]


def test_two_workers_and_one_writer_archive_every_article_once(site, redis_url, tmp_path,
                                                                sample_expected):
    db = tmp_path / "a.db"
    seed(site, db, redis_url)
    workers = [worker(site, redis_url, tmp_path / f"w{i}.log") for i in (1, 2)]
    writer = ingest(redis_url, db, tmp_path / "ingest.log", "--idle", 3)
    for i, w in enumerate(workers, 1):
        finish(w, tmp_path / f"w{i}.log")
    text = finish(writer, tmp_path / "ingest.log")
    assert f"{len(expected_articles(sample_expected))} new articles" in text, text
    assert_archived_once(db, sample_expected)
    # the article pages were fetched once between the two workers (shared duplicate filter)
    fetched = [r.path for r in site.requests if r.path.endswith(".article")]
    assert len(fetched) == len(set(fetched)), fetched
    assert rows(db, "select status, trigger, pid from crawls") == [
        ("finished", "distributed", None)]
    assert redis.Redis.from_url(redis_url).llen(RECORDS) == 0
    # the writer compressed each body once: its `bodies` row's DEFLATE blocks are the ones
    # inside its WARC record
    kept = rows(db, "select c.warc_file, c.warc_offset, b.data from captures c "
                    "join bodies b on b.sha256 = c.body_sha256")
    assert kept
    for warc_file, offset, data in kept:
        record = (tmp_path / "warc" / warc_file).read_bytes()[offset:offset + len(data) + 4096]
        assert data[2:-6] in record


def test_a_killed_writer_loses_nothing(site, redis_url, tmp_path, sample_expected):
    db = tmp_path / "a.db"
    seed(site, db, redis_url)
    finish(worker(site, redis_url, tmp_path / "w.log"), tmp_path / "w.log")
    client = redis.Redis.from_url(redis_url)
    queued = client.llen(RECORDS)
    assert queued > 20
    # one record at a time, killed with SIGKILL once it has written some and not all
    writer = ingest(redis_url, db, tmp_path / "i1.log", "--batch-size", 1)
    deadline = time.monotonic() + 60
    while client.llen(RECORDS) > queued - 5:
        assert time.monotonic() < deadline and writer.poll() is None
        time.sleep(0.001)
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)
    left = client.llen(RECORDS) + client.llen(PROCESSING)
    assert 0 < left < queued
    assert len(article_paths(db)) < len(expected_articles(sample_expected))
    text = finish(ingest(redis_url, db, tmp_path / "i2.log", "--idle", 1), tmp_path / "i2.log")
    assert "Traceback" not in text
    assert_archived_once(db, sample_expected)
    assert client.llen(RECORDS) == client.llen(PROCESSING) == 0


def test_records_taken_by_a_dead_writer_are_written_again_once(site, redis_url, tmp_path,
                                                                sample_expected):
    """What a writer killed after its commit and before its acknowledgement leaves: committed
    records still in the processing list. They are written again, and stored once."""
    db = tmp_path / "a.db"
    seed(site, db, redis_url)
    finish(worker(site, redis_url, tmp_path / "w.log"), tmp_path / "w.log")
    client = redis.Redis.from_url(redis_url)
    messages = client.lrange(RECORDS, 0, -1)
    finish(ingest(redis_url, db, tmp_path / "i1.log", "--idle", 0), tmp_path / "i1.log")
    assert_archived_once(db, sample_expected)
    before = rows(db, "select count(*) from captures union all select count(*) from failures")
    client.rpush(PROCESSING, *messages)
    text = finish(ingest(redis_url, db, tmp_path / "i2.log", "--idle", 0), tmp_path / "i2.log")
    assert f"{len(messages)} records of an interrupted writer queued again" in text, text
    assert "ingested 0 captures, 0 new articles" in text, text
    assert_archived_once(db, sample_expected)
    assert rows(db, "select count(*) from captures union all "
                    "select count(*) from failures") == before


def test_a_killed_worker_leaves_its_work_to_the_other(site, redis_url, tmp_path,
                                                      sample_expected):
    db = tmp_path / "a.db"
    seed(site, db, redis_url)
    client = redis.Redis.from_url(redis_url)
    slow = ("TRADEPRESS_GLOBAL_DELAY=0.15", "TRADEPRESS_WORKER_HEARTBEAT=2")
    doomed = worker(site, redis_url, tmp_path / "w1.log", *slow)
    # kill the first worker while it holds leases (requests it took and has not finished)
    deadline = time.monotonic() + 60
    leases_key = f"tradepress:{SITE}:leases"
    while not any(f":{doomed.pid}:".encode() in k for k in client.hkeys(leases_key)) \
            or len(site.requests) < 6:
        assert time.monotonic() < deadline and doomed.poll() is None
        time.sleep(0.005)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(10)
    held = [k for k in client.hkeys(leases_key) if f":{doomed.pid}:".encode() in k]
    assert held
    survivor = worker(site, redis_url, tmp_path / "w2.log", *slow)
    writer = ingest(redis_url, db, tmp_path / "ingest.log", "--idle", 3)
    text = finish(survivor, tmp_path / "w2.log")
    assert f"{len(held)} requests of dead workers requeued" in text, text
    finish(writer, tmp_path / "ingest.log")
    assert article_paths(db) == expected_articles(sample_expected)
    assert rows(db, "select count(*) from articles where capture_id is null") == [(0,)]


def test_politeness_is_global_across_workers(site, redis_url, tmp_path):
    db = tmp_path / "a.db"
    seed(site, db, redis_url)
    delay = 0.2
    workers = [worker(site, redis_url, tmp_path / f"w{i}.log",
                      f"TRADEPRESS_GLOBAL_DELAY={delay}") for i in (1, 2)]
    for i, w in enumerate(workers, 1):
        finish(w, tmp_path / f"w{i}.log")
    times = sorted(site.request_times)
    assert len(times) > 15
    gaps = sorted(b - a for a, b in zip(times, times[1:], strict=False))
    # each worker alone could ask at once (DOWNLOAD_DELAY=0): together they take turns, one
    # request per delay (a request sent late, its worker busy, may shorten the gap after it,
    # so single gaps are not asserted, but their median and their sum are)
    assert gaps[len(gaps) // 2] >= delay * 0.9, gaps
    assert times[-1] - times[0] >= (len(times) - 1) * delay * 0.95, gaps


def test_bad_redis_urls_are_one_line_errors(site, tmp_path):
    port = free_port()  # nothing listens there
    url = f"redis://127.0.0.1:{port}/0"
    result = run_cli("ingest", "--redis", url, "--db", tmp_path / "a.db", "--idle", 0)
    assert_one_line_error(result, "cannot reach Redis")
    result = run_cli("worker", "--redis", url, "--site", SITE, "--sites-dir", SAMPLE_SITES_DIR)
    assert_one_line_error(result, "cannot reach Redis")
    result = run_cli("crawl", "--site", SITE, "--sites-dir", SAMPLE_SITES_DIR, "--distributed",
                     "--redis", url, "--db", tmp_path / "a.db")
    assert_one_line_error(result, "cannot reach Redis")
    result = run_cli("crawl", "--site", SITE, "--sites-dir", SAMPLE_SITES_DIR, "--distributed",
                     "--db", tmp_path / "a.db")
    assert_one_line_error(result, "--redis")


def test_a_second_seed_is_refused_while_the_crawl_is_worked(site, redis_url, tmp_path):
    db = tmp_path / "a.db"
    seed(site, db, redis_url)
    result = run_cli("crawl", "--site", SITE, "--sites-dir", SAMPLE_SITES_DIR, "--base-url",
                     f"{site.url}/{SITE}/", "--db", db, "--distributed", "--redis", redis_url)
    assert_one_line_error(result, "still being worked")
    assert rows(db, "select status from crawls order by id") == [("running",), ("failed",)]


def test_a_message_that_is_not_a_record_is_set_aside(site, redis_url, tmp_path,
                                                     sample_expected):
    db = tmp_path / "a.db"
    seed(site, db, redis_url)
    client = redis.Redis.from_url(redis_url)
    client.lpush(RECORDS, b"not json", b'{"type": "nothing we know"}')
    finish(worker(site, redis_url, tmp_path / "w.log"), tmp_path / "w.log")
    text = finish(ingest(redis_url, db, tmp_path / "i.log", "--idle", 0), tmp_path / "i.log")
    assert "2 messages that are not records moved to tradepress:records:rejected" in text, text
    assert_archived_once(db, sample_expected)
    assert client.lrange("tradepress:records:rejected", 0, -1) == [
        b'{"type": "nothing we know"}', b"not json"]


def test_a_page_that_is_not_an_article_is_kept_as_one(site, redis_url, tmp_path,
                                                     sample_expected):
    """The distributed path keeps non-articles too: an article URL serving a listing."""
    from test_non_articles import listing_page

    listing = expected_articles(sample_expected)[0]
    site.replace(listing, listing_page())
    db = tmp_path / "a.db"
    seed(site, db, redis_url)
    finish(worker(site, redis_url, tmp_path / "w.log"), tmp_path / "w.log")
    text = finish(ingest(redis_url, db, tmp_path / "i.log", "--idle", 0), tmp_path / "i.log")
    articles = len(expected_articles(sample_expected)) - 1
    assert f"{articles} new articles, 0 updated, 0 unchanged, 1 kept as non-articles" in text
    assert article_paths(db) == expected_articles(sample_expected)  # every page fetched, kept
    assert rows(db, "select url, not_article_reason, capture_id is not null from articles "
                    "where is_article = 0") == [(site.url + listing, "listing", 1)]
    assert rows(db, "select articles_new, non_articles from crawls") == [(articles, 1)]
    assert rows(db, "select count(*) from article_records") == [(articles,)]
