"""Scheduling: schedules in the archive, a controllable clock for the rules, and the real
scheduler service starting real crawls of the sample site."""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import assert_one_line_error, rows, run_cli

from crawler.samplesite.server import serve_site
from crawler.siteconfig import SAMPLE_SITES_DIR
from pipelines.archive.store import Archive
from tradepress.ops.schedules import (
    ScheduleError,
    add_schedule,
    anomaly_flags,
    due_schedules,
    list_schedules,
    mark_started,
    next_run,
    set_paused,
)

SITE = "civic-ledger"
T0 = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def archive(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    yield archive
    archive.close()


def test_due_runs_and_missed_runs_coalesce(archive):
    schedule_id = add_schedule(archive.db, SITE, "0 6 * * 1-5", [], now=T0)
    assert list_schedules(archive.db)[0]["next_run_at"] == "2026-03-02T06:00:00+00:00"
    assert due_schedules(archive.db, T0 + timedelta(minutes=59)) == []
    # the scheduler was down for three days: the schedule is due once, not three times
    late = T0 + timedelta(days=3, hours=5)
    due = due_schedules(archive.db, late)
    assert [s["id"] for s in due] == [schedule_id]
    mark_started(archive.db, due[0], crawl_id=1, now=late)
    assert due_schedules(archive.db, late) == []
    assert list_schedules(archive.db)[0]["next_run_at"] == "2026-03-06T06:00:00+00:00"


def test_paused_schedules_are_not_due_and_resume_from_now(archive):
    add_schedule(archive.db, SITE, "*/10 * * * *", [], now=T0)
    set_paused(archive.db, SITE, True, now=T0)
    assert due_schedules(archive.db, T0 + timedelta(days=1)) == []
    set_paused(archive.db, SITE, False, now=T0 + timedelta(days=1))
    assert list_schedules(archive.db)[0]["next_run_at"] == "2026-03-03T05:10:00+00:00"


@pytest.mark.parametrize("cron", ["", "every day", "61 * * * *", "* * * *"])
def test_bad_cron_expressions_are_refused(cron):
    with pytest.raises(ScheduleError, match="not a valid cron expression"):
        next_run(cron, T0)


def test_runs_that_look_wrong_are_flagged(archive):
    db = archive.db
    for crawl_id, seen in ((1, 10), (2, 12), (3, 11), (4, 0)):
        db.execute("insert into crawls (id, site, status, articles_new, articles_unchanged) "
                   "values (?, ?, 'finished', ?, 0)", [crawl_id, SITE, seen])
    assert anomaly_flags(db, 3) == []
    assert anomaly_flags(db, 4) == ["no articles (usually 11)"]


def test_pages_kept_as_non_articles_do_not_look_like_articles_without_authors(archive):
    from test_store import page

    def pages(crawl_id, n, **record):
        out = [page(url=f"https://example.co.uk/c/{crawl_id}-{i}.article", **record)
               for i in range(n)]
        for p in out:
            p.site = SITE
        return out

    for crawl_id in (1, 2):
        archive.db.execute("insert into crawls (id, site, status, articles_new) "
                           "values (?, ?, 'finished', 4)", [crawl_id, SITE])
    archive.write_batch(1, pages(1, 4))
    archive.write_batch(2, pages(2, 4) + pages(9, 6, authors=[], is_article=False,
                                               not_article_reason="listing"))
    assert anomaly_flags(archive.db, 2) == []
    archive.write_batch(2, pages(3, 6, authors=[]))  # articles without authors: that is news
    assert anomaly_flags(archive.db, 2) == ["articles with authors fell to 40% (usually 100%)"]


@pytest.mark.parametrize("args, fragment", [
    (["schedule", "add", SITE, "--cron", "every day"], "not a valid cron expression"),
    (["schedule", "add", "no-such-paper", "--cron", "0 6 * * *"], "unknown site"),
    (["schedule", "list", "--db", "/nonexistent/archive.db"], "no archive at"),
    (["scheduler", "--db", "/nonexistent/archive.db"], "no archive at"),
    (["runs", "--db", "/nonexistent/archive.db"], "no archive at"),
])
def test_bad_input_is_one_clear_line(args, fragment, tmp_path):
    if "--db" not in args:
        args = [*args, "--db", str(tmp_path / "a.db"), "--sites-dir", str(SAMPLE_SITES_DIR)]
    assert_one_line_error(run_cli(*args), fragment)


def test_schedule_commands_and_crontab(tmp_path):
    db = tmp_path / "archive.db"
    add = run_cli("schedule", "add", SITE, "--cron", "30 5 * * *", "--db", db,
                  "--sites-dir", SAMPLE_SITES_DIR, "--max-articles", 3)
    assert add.returncode == 0, add.stderr
    assert "next run" in add.stdout
    listed = run_cli("schedule", "list", "--db", db).stdout
    assert SITE in listed and "30 5 * * *" in listed and "never" in listed
    assert "1 schedule(s) paused" in run_cli("schedule", "pause", SITE, "--db", db).stdout
    assert "paused" in run_cli("schedule", "list", "--db", db).stdout
    run_cli("schedule", "resume", "1", "--db", db)
    crontab = run_cli("schedule", "crontab", "--db", db).stdout
    line = next(line for line in crontab.splitlines() if line.startswith("30 5 * * *"))
    assert f"crawl --site {SITE}" in line and "--max-articles 3" in line and str(db) in line
    assert "1 schedule(s) removed" in run_cli("schedule", "remove", SITE, "--db", db).stdout
    assert run_cli("schedule", "list", "--db", db).stdout == ""


def schedule(db, site_url, cron, *extra):
    result = run_cli("schedule", "add", SITE, "--cron", cron, "--db", db, "--sites-dir",
                     SAMPLE_SITES_DIR, "--base-url", f"{site_url}/{SITE}/",
                     "-s", "AUTOTHROTTLE_START_DELAY=0", *extra)
    assert result.returncode == 0, result.stderr


def scheduler(db, *extra):
    return subprocess.Popen([sys.executable, "-m", "tradepress", "scheduler", "--db", str(db),
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_due_crawls_run_once_without_overlap_and_land_in_the_archive(tmp_path):
    db = tmp_path / "archive.db"
    with serve_site() as site:
        schedule(db, site.url, "* * * * * *", "-s", "DOWNLOAD_DELAY=0", "--max-articles", "3")
        schedule(db, site.url, "* * * * * *", "-s", "DOWNLOAD_DELAY=0")  # same site, same time
        time.sleep(1.1)
        once = scheduler(db, "--once")
        output, _ = once.communicate(timeout=120)
    assert once.returncode == 0, output
    runs = rows(db, "select site, trigger, status, articles_new, schedule_id, log_file "
                    "from crawls")
    assert len(runs) == 1  # two schedules of one site never run at once
    site_name, trigger, status, new, schedule_id, log_file = runs[0]
    assert (site_name, trigger, status, new) == (SITE, "schedule", "finished", 3)
    assert os.path.exists(log_file)
    assert "previous crawl still running" in output
    assert rows(db, "select count(*) from articles") == [(3,)]
    listed = run_cli("runs", "--db", db).stdout
    assert "schedule" in listed and "3 new" in listed and "finished" in listed


def test_a_crashed_crawl_is_recorded_as_failed_and_sigterm_stops_cleanly(tmp_path):
    db = tmp_path / "archive.db"
    with serve_site() as site:
        schedule(db, site.url, "* * * * * */2", "-s", "DOWNLOAD_DELAY=1",
                 "-s", "AUTOTHROTTLE_ENABLED=False")
        service = scheduler(db, "--tick", "0.3", "--on-stop", "stop")
        try:
            assert wait_for(lambda: rows(db, "select count(*) from crawls where status = "
                                             "'running' and pid is not null")[0][0] == 1)
            (pid,) = rows(db, "select pid from crawls where status = 'running'")[0]
            os.kill(pid, signal.SIGKILL)  # the crawl crashes
            assert wait_for(lambda: rows(db, "select count(*) from crawls where status = "
                                             "'failed'")[0][0] == 1)
            # the scheduler goes on: the next due run starts
            assert wait_for(lambda: rows(db, "select count(*) from crawls where id > 1 and "
                                             "status = 'running'")[0][0] >= 1)
            assert service.poll() is None
        finally:
            service.send_signal(signal.SIGTERM)
            output, _ = service.communicate(timeout=60)
    assert service.returncode == 128 + signal.SIGTERM, output  # stopped by SIGTERM: 143
    assert "received signal" in output and "scheduler stopped" in output
    failed = rows(db, "select exit_status from crawls where status = 'failed'")
    assert failed == [(-signal.SIGKILL,)]
    # the run that was going when SIGTERM came was stopped gracefully, not left "running"
    assert rows(db, "select count(*) from crawls where status in ('running', 'queued')") == [
        (0,)]
    assert "failed" in run_cli("runs", "--failed", "--db", db).stdout


def test_a_schedule_missed_for_days_runs_once(tmp_path):
    db = tmp_path / "archive.db"
    with serve_site() as site:
        schedule(db, site.url, "0 * * * *", "-s", "DOWNLOAD_DELAY=0", "--max-articles", "1")
        archive = Archive(db)
        three_days_ago = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")
        archive.db.execute("update schedules set next_run_at = ?", [three_days_ago])
        archive.db.conn.commit()
        archive.close()
        output, _ = scheduler(db, "--once").communicate(timeout=120)
    assert rows(db, "select count(*) from crawls") == [(1,)], output
    (next_at,) = rows(db, "select next_run_at from schedules")[0]
    assert datetime.fromisoformat(next_at) > datetime.now(UTC)
    assert json.loads(rows(db, "select options from schedules")[0][0])[0] == "--sites-dir"
