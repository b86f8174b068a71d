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


def run_cli(*args, cwd=None, timeout=180):
    """Run `tradepress ARGS` in a fresh process (Scrapy's reactor cannot restart in-process)."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "tradepress", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env=env)


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
