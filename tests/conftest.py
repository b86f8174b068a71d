"""Shared fixtures: the bundled sample site on 127.0.0.1, and running the CLI for real."""

import http.client
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.runner import PARTIAL_EXIT
from crawler.samplesite import serve_sample_site

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def sample_site():
    """Base URL (http://127.0.0.1:PORT) of the sample site, started once per session."""
    with serve_sample_site() as origin:
        yield origin


@pytest.fixture(scope="session")
def sample_expected():
    return json.loads((GOLDEN / "sample_expected.json").read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Set (as .ci/run does) to make a missing system program fail the tests that need it, not skip.
REQUIRE_SERVICES = "TRADEPRESS_REQUIRE_SERVICES"


def system_program(*names: str, package: str) -> str:
    """The path of a system program a test needs (redis-server, chromium); where it is missing
    the test is skipped with one line naming the Debian package to install, or fails when
    ``TRADEPRESS_REQUIRE_SERVICES`` is set (CI installs them all: a skip there hides a gap)."""
    for name in names:
        if found := shutil.which(name):
            return found
    message = f"{names[0]} is not installed (apt-get install {package})"
    if os.environ.get(REQUIRE_SERVICES):
        pytest.fail(f"{message}, and {REQUIRE_SERVICES} is set", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def redis_url(tmp_path):
    """A real redis-server of this test's own, on 127.0.0.1, keeping nothing on disk."""
    import redis

    program = system_program("redis-server", package="redis-server")
    port = free_port()
    process = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def crawl_exit(site: str) -> int:
    """The exit status a full crawl of a sample publication ends with: 3 ("finished, some URLs
    failed") for those that link to a page that does not exist, else 0."""
    expected = json.loads((GOLDEN / "sample_expected.json").read_text(encoding="utf-8"))
    broken = any(e["site"] == site and e.get("status", 200) != 200 for e in expected)
    return PARTIAL_EXIT if broken else 0


def rows(db, sql, params=()):
    """The rows of one query on an archive file."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _cli(args) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of `tradepress ARGS` run as a test runs it."""
    return ([sys.executable, "-m", "tradepress", *map(str, args)],
            {**os.environ, "PYTHONWARNINGS": "ignore"})


def run_cli(*args, cwd=None, timeout=180):
    """Run `tradepress ARGS` in a fresh process (Scrapy's reactor cannot restart in-process)."""
    command, env = _cli(args)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=env)


def run_cli_measured(*args, cwd=None, timeout=180) -> tuple[subprocess.CompletedProcess, int]:
    """`run_cli`, and the peak resident memory (KB) of that one command or any process under
    it (its extraction pool): the largest high-water mark (VmHWM) read while it runs. Not its
    rusage: a child started by vfork inherits the high-water mark of this test process (the
    kernel records the parent's when the child execs), so rusage said 800 MB for a 90 MB
    command once the session had peaked at 800 MB."""
    command, env = _cli(args)
    with subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, env=env) as process:
        reader = ThreadPoolExecutor(2)
        out, err = (reader.submit(stream.read) for stream in (process.stdout, process.stderr))
        deadline = time.monotonic() + timeout
        peak = 0
        while (waited := os.wait4(process.pid, os.WNOHANG))[0] == 0:
            if time.monotonic() > deadline:
                process.kill()
                raise subprocess.TimeoutExpired(command, timeout)
            peak = max([peak, *map(high_water_kb, process_tree(process.pid))])
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(waited[1])
        result = subprocess.CompletedProcess(command, process.returncode, out.result(),
                                             err.result())
        reader.shutdown()
    return result, peak


def process_tree(pid: int) -> list[int]:
    """``pid`` and the processes under it (Linux: /proc/PID/task/*/children)."""
    out, stack = [], [pid]
    while stack:
        current = stack.pop()
        out.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                stack.extend(int(child) for child in children.read_text().split())
            except OSError:
                continue
    return out


def high_water_kb(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM, KB); 0 once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines()
                 if line.startswith("VmHWM:")), 0)


def assert_one_line_error(result, *fragments):
    """A failed command: non-zero exit, one line on stderr, no traceback."""
    assert result.returncode != 0, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def fetch(base: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request to a local test server, no redirects followed: (status, headers, body)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


# -- nothing outlives the test session (self-contained: its own imports and helpers) --------------

SESSION_MARK = "TRADEPRESS_TEST_SESSION"


def _marked_processes(mark: str) -> dict[int, str]:
    """Running processes (not zombies) whose environment carries ``mark``: pid -> command."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"{SESSION_MARK}={mark}".encode() not in (entry / "environ").read_bytes().split(
                    b"\0"):
                continue
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:200]
        except OSError:
            continue
        if stat[stat.rindex(")") + 2] not in "ZX":
            found[int(entry.name)] = command
    return found


def _own_helpers() -> set[int]:
    """This process's own multiprocessing forkserver and resource tracker (they end with it)."""
    from multiprocessing import forkserver, resource_tracker

    pids = {forkserver._forkserver._forkserver_pid, resource_tracker._resource_tracker._pid}
    return {pid for pid in pids if pid}


@pytest.fixture(scope="session", autouse=True)
def no_process_outlives_the_session():
    """Every process a test started (they inherit a mark in their environment) must be gone
    when the session ends: an extraction pool, a forkserver, a server, a crawl left running is
    a bug (the session fails at teardown, naming them, and they are killed)."""
    if not Path("/proc/self/environ").exists():
        yield
        return
    mark = f"{os.getpid()}-{time.time_ns()}"
    os.environ[SESSION_MARK] = mark
    yield
    deadline = time.monotonic() + 10
    while True:
        left = {pid: command for pid, command in _marked_processes(mark).items()
                if pid != os.getpid() and pid not in _own_helpers()}
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    for pid in left:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    assert not left, "processes outlived the test session: " + "; ".join(
        f"{pid} {command}" for pid, command in sorted(left.items()))
