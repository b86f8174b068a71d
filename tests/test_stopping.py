"""Every long-running command stops clean, with all its children: real processes, real signals.

Each command runs in a session of its own; once it is really working (its port answers, its
crawl has a pool), the pids of its whole process tree are read from /proc, one signal goes to
the command alone, and within 10 seconds the command and every process of that tree must be
gone (and its port free). A command stopped by SIGTERM or SIGINT exits 143 or 130; a command
killed with SIGKILL leaves nothing behind either.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import redis
from conftest import free_port, rows

from crawler.samplesite.server import serve_site
from crawler.siteconfig import SAMPLE_SITES_DIR
from pipelines.archive.store import Archive

SITE = "civic-ledger"
GONE_WITHIN = 10  # seconds
SIGNALS = [pytest.param(signal.SIGTERM, id="SIGTERM"), pytest.param(signal.SIGINT, id="SIGINT")]


# -- processes, from /proc ---------------------------------------------------------------------

def stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a process, or None if there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[19])


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:160]
    except OSError:
        return "?"


def tree(pid: int) -> dict[int, int]:
    """The process and its descendants: pid -> start time (a reused pid is another process)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (info := stat(int(entry.name))):
            children.setdefault(info[1], []).append(int(entry.name))
    found, todo = {}, [pid]
    while todo:
        current = todo.pop()
        if info := stat(current):
            found[current] = info[2]
            todo.extend(children.get(current, []))
    return found


def alive(pid: int, started: int) -> bool:
    info = stat(pid)
    return info is not None and info[2] == started and info[0] not in ("Z", "X")


def left_over(processes: dict[int, int], seconds: float = GONE_WITHIN) -> list[str]:
    """Those of ``processes`` still running after ``seconds`` (zombies count as gone)."""
    deadline = time.monotonic() + seconds
    while True:
        left = [f"{pid} {cmdline(pid)}" for pid, started in processes.items()
                if alive(pid, started)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def kill_all(processes: dict[int, int]) -> None:
    """Clean up after a failed test: nothing may outlive it."""
    for pid, started in processes.items():
        if alive(pid, started):
            os.kill(pid, signal.SIGKILL)


def wait_for(condition, seconds: float = 90, process=None, log: Path | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process is not None and process.poll() is not None:
            pytest.fail(f"exited with {process.returncode}:\n{log.read_text() if log else ''}")
        time.sleep(0.2)
    pytest.fail(f"not ready within {seconds} s:\n{log.read_text() if log else ''}")


def start(*args, log: Path, cwd: Path | None = None) -> subprocess.Popen:
    """`tradepress ARGS` in a session of its own (so a signal reaches it alone)."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen([sys.executable, "-m", "tradepress", *map(str, args)], cwd=cwd,
                            stdin=subprocess.DEVNULL, stdout=log.open("w"),
                            stderr=subprocess.STDOUT, env=env, start_new_session=True)


def with_pool(pid: int) -> bool:
    """Whether the process's tree holds its extraction pool: a forkserver with a worker, or
    (a command with no engine forks its workers itself) a child that is a copy of it."""
    processes = tree(pid)
    parents = {p for p in processes if "multiprocessing.forkserver" in cmdline(p)}
    parents.add(pid)
    return any(p != pid and stat(p) and stat(p)[1] in parents
               and (stat(p)[1] != pid or cmdline(p) == cmdline(pid)) for p in processes)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def stop(process: subprocess.Popen, signum: int, log: Path, first: int | None = None
         ) -> dict[int, int]:
    """Send ``signum`` to the command alone; assert it and its whole tree are gone in time,
    with the exit status of the rule (128 + the ``first`` signal it was sent, if not this
    one); return the tree as it was."""
    processes = tree(process.pid)
    process.send_signal(signum)
    try:
        left = left_over(processes)
        assert not left, f"still running {GONE_WITHIN} s after {signum.name}: {left}"
        status = process.wait(1)
        assert status == 128 + (first or signum), f"exit status {status}:\n{log.read_text()}"
    finally:
        process.kill()
        process.wait()
        kill_all(processes)
    return processes


# -- the commands ------------------------------------------------------------------------------

@pytest.fixture
def archive_file(tmp_path):
    db = tmp_path / "archive.db"
    Archive(db).close()
    return db


@pytest.mark.parametrize("signum", SIGNALS)
def test_serve_stops_with_datasette(archive_file, tmp_path, signum):
    port, log = free_port(), tmp_path / "serve.log"
    serve = start("serve", "--db", archive_file, "--port", port, log=log)
    wait_for(lambda: answers(f"http://127.0.0.1:{port}/-/versions.json"), 60, serve, log)
    assert any("datasette" in cmdline(pid) for pid in tree(serve.pid))
    stop(serve, signum, log)
    assert port_free(port)


def test_serve_killed_takes_datasette_with_it(archive_file, tmp_path):
    port, log = free_port(), tmp_path / "serve.log"
    serve = start("serve", "--db", archive_file, "--port", port, log=log)
    wait_for(lambda: answers(f"http://127.0.0.1:{port}/-/versions.json"), 60, serve, log)
    processes = tree(serve.pid)
    serve.kill()
    serve.wait()
    try:
        assert not left_over(processes), "Datasette outlived its killed parent"
    finally:
        kill_all(processes)
    assert port_free(port)


@pytest.mark.parametrize("signum", SIGNALS)
def test_demo_keep_serving_stops_once_its_crawl_is_over(tmp_path, signum):
    log = tmp_path / "demo.log"
    demo = start("demo", "--db", tmp_path / "archive.db", "--keep-serving", log=log, cwd=tmp_path)
    origin = wait_for(lambda: re.search(r"Serving (http://127\.0\.0\.1:(\d+))/ until",
                                        log.read_text()), 120, demo, log)
    assert answers(origin[1] + "/robots.txt")
    stop(demo, signum, log)
    assert port_free(int(origin[2]))
    assert rows(tmp_path / "archive.db", "select count(*) from articles") == [(32,)]


# A slow crawl (17 pages, one a second: still running 10 s after its pool starts) whose
# downloader holds one request at a time: Scrapy's graceful stop fetches what the downloader
# holds before it stops, so that takes a second, not the rest of the crawl.
SLOW = ["-s", "DOWNLOAD_DELAY=1", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS=1", "-s", "TRADEPRESS_EXTRACT_WORKERS=2"]


def crawl_args(site, db, *extra):
    return ["crawl", "--site", SITE, "--sites-dir", SAMPLE_SITES_DIR, "--base-url",
            f"{site.url}/{SITE}/", "--db", db, *SLOW, *extra]


@pytest.mark.parametrize("signum", SIGNALS)
def test_a_crawl_stops_with_its_pool(tmp_path, signum):
    db, log = tmp_path / "archive.db", tmp_path / "crawl.log"
    with serve_site() as site:
        crawl = start(*crawl_args(site, db), log=log)
        wait_for(lambda: with_pool(crawl.pid), 90, crawl, log)
        stop(crawl, signum, log)
    # Scrapy's graceful stop: the run is recorded as stopped, not left running
    assert rows(db, "select status from crawls") == [("shutdown",)]


def test_a_crawl_killed_leaves_no_pool_behind(tmp_path):
    """SIGKILL while the pool extracts: the forkserver, its workers and the resource tracker
    must not outlive the crawl."""
    log = tmp_path / "crawl.log"
    with serve_site() as site:
        crawl = start(*crawl_args(site, tmp_path / "archive.db"), log=log)
        wait_for(lambda: with_pool(crawl.pid), 90, crawl, log)
        processes = tree(crawl.pid)
        names = " ".join(cmdline(pid) for pid in processes)
        assert "resource_tracker" in names and "forkserver" in names, names
        crawl.kill()
        crawl.wait()
        try:
            left = left_over(processes)
            assert not left, f"still running {GONE_WITHIN} s after SIGKILL: {left}"
        finally:
            kill_all(processes)


def scheduled(tmp_path, site):
    db = tmp_path / "archive.db"
    result = subprocess.run(
        [sys.executable, "-m", "tradepress", "schedule", "add", SITE, "--cron", "* * * * * *",
         "--db", db, "--sites-dir", SAMPLE_SITES_DIR, "--base-url", f"{site.url}/{SITE}/",
         *SLOW], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return db


def running_crawl_with_pool(db):
    found = rows(db, "select pid from crawls where status = 'running' and pid is not null")
    return found and with_pool(found[0][0])


@pytest.mark.parametrize("on_stop, signals", [
    ("stop", [signal.SIGTERM]),
    ("finish", [signal.SIGINT, signal.SIGTERM]),  # a second signal stops running crawls
], ids=["stop-SIGTERM", "finish-SIGINT-then-SIGTERM"])
def test_the_scheduler_stops_with_its_crawls(tmp_path, on_stop, signals):
    log = tmp_path / "scheduler.log"
    with serve_site() as site:
        db = scheduled(tmp_path, site)
        service = start("scheduler", "--db", db, "--tick", "0.3", "--on-stop", on_stop, log=log)
        wait_for(lambda: running_crawl_with_pool(db), 90, service, log)
        for signum in signals[:-1]:
            service.send_signal(signum)
            time.sleep(1)
            assert rows(db, "select status from crawls") == [("running",)], log.read_text()
        stop(service, signals[-1], log, first=signals[0])
    assert rows(db, "select status, exit_status from crawls") == [
        ("shutdown", 128 + signal.SIGTERM)]


def test_the_scheduler_killed_takes_its_crawls_with_it(tmp_path):
    log = tmp_path / "scheduler.log"
    with serve_site() as site:
        db = scheduled(tmp_path, site)
        service = start("scheduler", "--db", db, "--tick", "0.3", log=log)
        wait_for(lambda: running_crawl_with_pool(db), 90, service, log)
        processes = tree(service.pid)
        service.kill()
        service.wait()
        try:
            left = left_over(processes)
            assert not left, f"still running {GONE_WITHIN} s after SIGKILL: {left}"
        finally:
            kill_all(processes)
    # the orphaned crawl was stopped gracefully (SIGTERM), and recorded its end
    assert rows(db, "select status from crawls") == [("shutdown",)]


@pytest.mark.parametrize("signum", SIGNALS[:1])  # SIGINT: the same Scrapy path as crawl's
def test_a_worker_stops_with_its_pool(tmp_path, redis_url, signum):
    db, log = tmp_path / "archive.db", tmp_path / "worker.log"
    with serve_site() as site:
        seed = subprocess.run([sys.executable, "-m", "tradepress", *crawl_args(
            site, db, "--distributed", "--redis", redis_url)], capture_output=True, text=True)
        assert seed.returncode == 0, seed.stderr
        worker = start("worker", "--redis", redis_url, "--site", SITE, "--sites-dir",
                       SAMPLE_SITES_DIR, "--base-url", f"{site.url}/{SITE}/", "--idle", 60,
                       *SLOW, log=log)
        wait_for(lambda: with_pool(worker.pid), 90, worker, log)
        stop(worker, signum, log)
    assert "[shutdown]" in log.read_text()


@pytest.mark.parametrize("signum", SIGNALS)
def test_ingest_stops_between_batches(tmp_path, redis_url, signum):
    log = tmp_path / "ingest.log"
    ingest = start("ingest", "--redis", redis_url, "--db", tmp_path / "archive.db", log=log)
    client = redis.Redis.from_url(redis_url)
    wait_for(lambda: any(c.get("cmd") == "blmove" for c in client.client_list()), 60, ingest,
             log)
    stop(ingest, signum, log)
    assert "ingested 0 captures" in log.read_text()


@pytest.mark.parametrize("signum", SIGNALS)
def test_an_import_stops_with_its_pool(tmp_path, signum):
    """`import-warc` stops between batches: the run is recorded as stopped, and what was
    committed stays (running it again finishes the work: tests/test_warc_import.py)."""
    from test_warc_import import many_pages

    db, log = tmp_path / "archive.db", tmp_path / "import.log"
    warc = many_pages(tmp_path / "many.warc.gz", 400)
    job = start("import-warc", warc, "--db", db, "--workers", "2", log=log)
    wait_for(lambda: with_pool(job.pid), 90, job, log)
    stop(job, signum, log)
    assert rows(db, "select status from crawls") == [("shutdown",)]
    assert "Traceback" not in log.read_text()


def test_an_import_killed_leaves_no_pool_behind(tmp_path):
    from test_warc_import import many_pages

    log = tmp_path / "import.log"
    warc = many_pages(tmp_path / "many.warc.gz", 400)
    job = start("import-warc", warc, "--db", tmp_path / "archive.db", "--workers", "2", log=log)
    kill_with_pool(job, log)


def kill_with_pool(job: subprocess.Popen, log: Path) -> None:
    """SIGKILL a command once its pool works: nothing of its tree may outlive it."""
    wait_for(lambda: with_pool(job.pid), 90, job, log)
    processes = tree(job.pid)
    job.kill()
    job.wait()
    try:
        left = left_over(processes)
        assert not left, f"still running {GONE_WITHIN} s after SIGKILL: {left}"
    finally:
        kill_all(processes)


@pytest.mark.parametrize("signum", SIGNALS)
def test_extract_stops_with_its_pool(tmp_path, signum):
    """`extract --manifest` over many pages: stopped, it takes its pool with it and says no
    traceback; what it printed so far are whole lines."""
    from test_cli import many_pages_manifest

    manifest, _ = many_pages_manifest(tmp_path, 60)
    out = tmp_path / "records.jsonl"
    job = start("extract", "--manifest", manifest, "--workers", "2", log=out)
    wait_for(lambda: with_pool(job.pid), 90, job, out)
    stop(job, signum, out)
    assert "Traceback" not in out.read_text()


def test_extract_killed_leaves_no_pool_behind(tmp_path):
    from test_cli import many_pages_manifest

    manifest, _ = many_pages_manifest(tmp_path, 60)
    out = tmp_path / "records.jsonl"
    kill_with_pool(start("extract", "--manifest", manifest, "--workers", "2", log=out), out)
