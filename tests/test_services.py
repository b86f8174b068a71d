"""Tests that need a system program (redis-server, chromium, wget, pywb) skip with one line
saying how to install it where it is missing, so that `pytest` passes on a fresh machine; with
``TRADEPRESS_REQUIRE_SERVICES`` set (as `.ci/run` sets it) the same test fails instead."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent


@pytest.mark.parametrize("test, package", [
    ("test_distributed.py::test_two_workers_and_one_writer_archive_every_article_once",
     "apt-get install redis-server"),
    ("test_serve.py::test_browser_renders_facets", "apt-get install chromium"),
    ("test_warc_import.py::test_a_wget_warc_imports_like_the_crawl", "apt-get install wget"),
    ("test_backfill.py::test_a_dry_run_lists_the_captures_and_writes_nothing",
     "pipx install pywb"),
])
@pytest.mark.parametrize("required", [False, True])
def test_a_missing_system_program_skips_in_one_line_or_fails_in_ci(tmp_path, test, package,
                                                                   required):
    env = {k: v for k, v in os.environ.items()
           if k not in ("TRADEPRESS_REQUIRE_SERVICES", "TRADEPRESS_PYWB")}
    env["PATH"] = str(tmp_path)  # nothing on it: as on a machine without the package
    if required:
        env["TRADEPRESS_REQUIRE_SERVICES"] = "1"
    result = subprocess.run([sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider",
                             "-q", str(TESTS / test)], capture_output=True, text=True,
                            env=env, cwd=TESTS.parent, timeout=300)
    out = result.stdout
    assert "Traceback" not in out and "FileNotFoundError" not in out, out[-3000:]
    assert package in out, out[-3000:]
    if required:
        assert result.returncode == 1 and "1 error" in out, out[-3000:]  # at setup: a failure
    else:
        assert result.returncode == 0 and "1 skipped" in out, out[-3000:]
