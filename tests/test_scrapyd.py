"""tradepress.ops.scrapyd against a real Scrapyd server started on 127.0.0.1 for this module.

Scrapyd (1.5/1.6) has no option or environment variable naming a config file: it reads
/etc/scrapyd/..., ./scrapyd.conf, ~/.scrapyd.conf and then the closest scrapy.cfg, later ones
winning. So the server runs in the repository root (whose scrapy.cfg makes the checkout the
project "default", no egg deployed) with HOME pointing at a temp dir holding .scrapyd.conf, and
--pidfile/--logfile in the temp dir too: nothing is written into the repository.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.samplesite import PROFILES_DIR, serve_sample_site
from tradepress.ops.scrapyd import ScrapydError, daemon_status, job_state, schedule

REPO = Path(__file__).resolve().parent.parent
PROJECT = "default"  # the [settings] name in the repository's scrapy.cfg
START_TIMEOUT = 20
JOB_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no {path.name})"


class Scrapyd:
    def __init__(self, url: str, home: Path, process: subprocess.Popen):
        self.url = url
        self.home = home
        self.process = process
        self.log = home / "scrapyd.log"

    def job_log(self, job_id: str) -> Path:
        return self.home / "logs" / PROJECT / "opinion" / f"{job_id}.log"


@pytest.fixture(scope="module")
def scrapyd_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (home / ".scrapyd.conf").write_text(f"""\
[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
username =
password =
eggs_dir = {home / "eggs"}
logs_dir = {home / "logs"}
items_dir = {home / "items"}
jobs_dir =
dbs_dir = {home / "dbs"}
jobs_to_keep = 5
max_proc = 2
poll_interval = 0.2
""", encoding="utf-8")
    env = {**os.environ, "HOME": str(home), "PYTHONWARNINGS": "ignore"}
    for name in ("SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT", "SCRAPYD_EGG_VERSION"):
        env.pop(name, None)
    command = [sys.executable, "-m", "scrapyd", "--pidfile", str(home / "scrapyd.pid"),
               "--logfile", str(home / "scrapyd.log")]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Scrapyd(f"http://127.0.0.1:{port}", home, process)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"scrapyd exited with {process.returncode}:\n{tail(server.log)}")
            try:
                daemon_status(server.url, timeout=1)
                break
            except ScrapydError:
                if time.monotonic() > deadline:
                    pytest.fail(f"scrapyd did not answer within {START_TIMEOUT} s:\n"
                                f"{tail(server.log)}")
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_daemon_status(scrapyd_server):
    status = daemon_status(scrapyd_server.url)
    assert status["status"] == "ok"
    assert {"pending", "running", "finished"} <= set(status)


def test_scheduled_crawl_lands_in_the_archive(scrapyd_server, tmp_path):
    db = tmp_path / "archive.db"
    with serve_sample_site() as base:
        # the first schedule.json of a project runs `scrapy list`: allow for a slow machine
        job_id = schedule(
            scrapyd_server.url, project=PROJECT, site="civic-ledger",
            settings={"TRADEPRESS_DB": str(db), "TRADEPRESS_SITES_DIRS": str(PROFILES_DIR),
                      "DOWNLOAD_DELAY": "0"},
            args={"base_url": f"{base}/civic-ledger/", "max_articles": "3"},
            timeout=60)
        assert job_id
        deadline = time.monotonic() + JOB_TIMEOUT
        states = []
        while True:
            state = job_state(scrapyd_server.url, PROJECT, job_id)
            if not states or states[-1] != state:
                states.append(state)
            if state == "finished":
                break
            assert state in ("pending", "running"), states
            if time.monotonic() > deadline:
                pytest.fail(f"job {job_id} not finished within {JOB_TIMEOUT} s ({states}):\n"
                            f"{tail(scrapyd_server.job_log(job_id))}")
            time.sleep(0.3)

    log = tail(scrapyd_server.job_log(job_id))
    assert db.exists(), log
    conn = sqlite3.connect(db)
    try:
        articles = conn.execute("select count(*) from articles").fetchone()[0]
        crawls = conn.execute("select site, status from crawls").fetchall()
    finally:
        conn.close()
    assert articles == 3, log
    assert crawls == [("civic-ledger", "finished")], log


def test_refused_connection_is_one_line():
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there any more
    with pytest.raises(ScrapydError) as caught:
        daemon_status(url)
    message = str(caught.value)
    assert message.startswith(f"scrapyd at {url}: ")
    assert "refused" in message and "\n" not in message
    with pytest.raises(ScrapydError, match="refused"):
        schedule(url, project=PROJECT, site="civic-ledger")


def test_unknown_project_is_one_line(scrapyd_server):
    with pytest.raises(ScrapydError) as caught:
        schedule(scrapyd_server.url, project="no-such-project", site="civic-ledger")
    message = str(caught.value)
    assert message == (f"scrapyd at {scrapyd_server.url}: "
                       "project 'no-such-project' not found")
    with pytest.raises(ScrapydError, match="project 'no-such-project' not found"):
        job_state(scrapyd_server.url, "no-such-project", "0123")


def test_unknown_job_is_none(scrapyd_server):
    assert job_state(scrapyd_server.url, PROJECT, "no-such-job") is None


def test_unresponsive_server_times_out():
    with socket.socket() as listener:  # accepts connections (backlog) but never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        with pytest.raises(ScrapydError) as caught:
            daemon_status(url, timeout=0.5)
    assert str(caught.value) == f"scrapyd at {url}: no answer within 0.5 s"


def test_http_error_and_non_scrapyd_server():
    with serve_sample_site() as base:  # a plain static site: 404 for daemonstatus.json
        with pytest.raises(ScrapydError) as caught:
            daemon_status(base)
    message = str(caught.value)
    assert message.startswith(f"scrapyd at {base}: daemonstatus.json failed with HTTP 404")
    assert "\n" not in message


def test_credentials_are_not_shown():
    url = f"http://operator:s3cret@127.0.0.1:{free_port()}/"
    with pytest.raises(ScrapydError) as caught:
        daemon_status(url)
    assert "s3cret" not in str(caught.value)
    assert str(caught.value).startswith("scrapyd at http://127.0.0.1:")


def test_reserved_spider_arguments_are_refused():
    with pytest.raises(ValueError, match="project"):
        schedule("http://127.0.0.1:1", project=PROJECT, site="x", args={"project": "other"})


def test_the_scheduler_hands_due_crawls_to_scrapyd(scrapyd_server, tmp_path):
    """`tradepress scheduler --scrapyd URL`: the crawl runs in Scrapyd and lands its records
    in the scheduler's own archive, in the run the scheduler recorded."""
    db = tmp_path / "archive.db"
    repo = Path(__file__).resolve().parents[1]
    with serve_sample_site() as base:
        added = subprocess.run(
            [sys.executable, "-m", "tradepress", "schedule", "add", "civic-ledger", "--cron",
             "* * * * * *", "--db", str(db), "--sites-dir", str(PROFILES_DIR), "--base-url",
             f"{base}/civic-ledger/", "--max-articles", "2"], capture_output=True, text=True)
        assert added.returncode == 0, added.stderr
        time.sleep(1.1)
        run = subprocess.run(
            [sys.executable, "-m", "tradepress", "scheduler", "--db", str(db), "--once",
             "--scrapyd", scrapyd_server.url], capture_output=True, text=True, timeout=180,
            cwd=repo)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "handed to scrapyd" in run.stderr
    conn = sqlite3.connect(db)
    try:
        crawls = conn.execute("select site, trigger, status, articles_new from crawls").fetchall()
        articles = conn.execute("select count(*) from articles").fetchone()[0]
    finally:
        conn.close()
    assert crawls == [("civic-ledger", "schedule", "finished", 2)]
    assert articles == 2


def test_distributed_workers_run_as_scrapyd_jobs(scrapyd_server, redis_url, tmp_path):
    """Two Scrapyd jobs work one seeded distributed crawl; `tradepress ingest` archives it."""
    db = tmp_path / "archive.db"
    with serve_sample_site() as base:
        seeded = subprocess.run(
            [sys.executable, "-m", "tradepress", "crawl", "--site", "civic-ledger",
             "--sites-dir", str(PROFILES_DIR), "--base-url", f"{base}/civic-ledger/", "--db",
             str(db), "--distributed", "--redis", redis_url], capture_output=True, text=True)
        assert seeded.returncode == 0, seeded.stderr
        writer = subprocess.Popen(
            [sys.executable, "-m", "tradepress", "ingest", "--redis", redis_url, "--db",
             str(db), "--idle", "3"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)
        jobs = [schedule(scrapyd_server.url, project=PROJECT, site="civic-ledger",
                         settings={"TRADEPRESS_REDIS_URL": redis_url,
                                   "TRADEPRESS_SITES_DIRS": str(PROFILES_DIR),
                                   "TRADEPRESS_WORKER_IDLE": "3", "DOWNLOAD_DELAY": "0",
                                   "TRADEPRESS_EXTRACT_WORKERS": "0"},
                         args={"base_url": f"{base}/civic-ledger/"}, timeout=60)
                for _ in range(2)]
        deadline = time.monotonic() + JOB_TIMEOUT
        while any(job_state(scrapyd_server.url, PROJECT, j) != "finished" for j in jobs):
            if time.monotonic() > deadline:
                pytest.fail("\n".join(tail(scrapyd_server.job_log(j)) for j in jobs))
            time.sleep(0.3)
        output, _ = writer.communicate(timeout=60)
    assert writer.returncode == 0, output
    assert "11 new articles" in output, output
    conn = sqlite3.connect(db)
    try:
        articles = conn.execute("select count(distinct url), count(*) from articles").fetchone()
        crawls = conn.execute("select site, trigger, status from crawls").fetchall()
    finally:
        conn.close()
    assert articles == (11, 11)
    assert crawls == [("civic-ledger", "distributed", "finished")]
