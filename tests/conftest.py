"""Shared fixtures: the bundled sample site on 127.0.0.1, and running the CLI for real."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.runner import PARTIAL_EXIT
from crawler.samplesite import serve

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def sample_site():
    """Base URL (http://127.0.0.1:PORT) of the sample site, started once per session."""
    with serve() as origin:
        yield origin


@pytest.fixture(scope="session")
def sample_expected():
    return json.loads((GOLDEN / "sample_expected.json").read_text(encoding="utf-8"))


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
    return subprocess.run([sys.executable, "-m", "crawler.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env=env)


def assert_one_line_error(result, *fragments):
    """A failed command: non-zero exit, one line on stderr, no traceback."""
    assert result.returncode != 0, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
