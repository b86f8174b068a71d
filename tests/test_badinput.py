"""Bad input to the commands around the crawl (issue #8): one clear line on stderr, a non-zero
exit, no traceback, no partial output, and nothing already archived lost.

The issue's cases, and where each is tested (the ones already covered elsewhere are not
repeated here):

- malformed site profile: crawl, sites (test_cli.py); schedule add, reprocess (here)
- unknown site: crawl (test_cli.py), schedule add (test_scheduler.py); reprocess (here)
- invalid date: crawl --since (test_cli.py), search --since (test_research.py); search --until,
  export --since/--until, reprocess --since, export-warc --since (here)
- invalid cron expression: schedule add "every day" (test_scheduler.py); other forms, and no
  archive or schedule left behind (here)
- missing database: search, schedule list, scheduler, runs, serve (test_cli.py,
  test_scheduler.py, test_research.py); every other command that needs one (here)
- read-only database (file and folder), locked database, not a tradepress database (a text
  file, someone else's SQLite file), export path that exists: here
- full disk and killed runs: test_crash.py; hostile URLs, queries and Datasette writes:
  test_security.py
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import assert_one_line_error, run_cli

from crawler.siteconfig import SAMPLE_SITES_DIR
from tradepress.cli import cli as tradepress

SITE = "civic-ledger"
CRON = "0 6 * * *"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("badinput")
    result = run_cli("demo", "--db", folder / "archive.db", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "archive.db"


@pytest.fixture
def archive(demo_db, tmp_path):
    """A copy of the demo archive, in a folder of its own."""
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(demo_db, folder / "archive.db")
    return folder / "archive.db"


def cli(*args):
    """Run `tradepress ARGS` in this process: quicker than `run_cli` for input refused before
    any crawl starts. An exception escaping the command fails the test with its traceback."""
    if args[0] == "crawl":  # a crawl that got going would start Scrapy's reactor in here
        return run_cli(*args)
    result = CliRunner().invoke(tradepress, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def contents(db: Path) -> dict:
    """What is archived, read without writing: row counts and a digest of every article."""
    conn = sqlite3.connect(f"file:{db}?mode=rw", uri=True)  # rw: leaves no journal files
    conn.execute("pragma query_only = 1")
    try:
        out = {table: conn.execute(f"select count(*) from {table}").fetchone()[0] for table in (
            "articles", "article_versions", "article_authors", "authors", "captures", "crawls",
            "schedules", "failures", "tasks")}
        digest = hashlib.sha256()
        for row in conn.execute("select id, url, content_hash, title, body from articles "
                                "order by id"):
            digest.update(repr(row).encode())
        out["articles_digest"] = digest.hexdigest()
        return out
    finally:
        conn.close()


def file_state(path: Path):
    """A file's bytes, and the SQLite journal files beside it."""
    return (hashlib.sha256(path.read_bytes()).hexdigest(),
            sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)))


def broken_sites(tmp_path: Path) -> Path:
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "broken.toml").write_text(
        'name = "broken"\ntitle = "Broken"\nbase_url = "https://example.com/"\n'
        '[discovery]\nfeeds = ["feed/"]\nlistingz = []\n[urls]\nfollow = ["/x"]\n')
    return sites


# -- site profiles and sites ---------------------------------------------------------------------

def test_a_malformed_profile_is_refused_before_anything_is_written(tmp_path, archive):
    sites = broken_sites(tmp_path)
    new_db = tmp_path / "new" / "archive.db"
    result = cli("schedule", "add", "broken", "--cron", CRON, "--sites-dir", sites,
                     "--db", new_db)
    assert_one_line_error(result, "broken.toml", "unknown key 'discovery.listingz'")
    assert not new_db.parent.exists()  # no archive made for a schedule that was refused
    before = contents(archive)
    # reprocess would silently extract without the profile's hints: it refuses instead
    result = cli("reprocess", "--sites-dir", sites, "--db", archive, "--workers", 0)
    assert_one_line_error(result, "broken.toml", "unknown key 'discovery.listingz'")
    assert contents(archive) == before


def test_reprocess_of_a_site_not_in_the_archive_is_one_line(archive):
    before = contents(archive)
    result = cli("reprocess", "--site", "no-such-paper", "--db", archive, "--workers", 0)
    assert_one_line_error(result, "no archived articles of site 'no-such-paper'",
                          "civic-ledger")
    assert contents(archive) == before


# -- dates and cron expressions ------------------------------------------------------------------

@pytest.mark.parametrize("args, date", [
    (["search", "council", "--until", "DATE"], "the day after never"),
    (["export", "--format", "jsonl", "--out", "OUT", "--since", "DATE"], "2024-13-45"),
    (["export", "--format", "csv", "--out", "OUT", "--until", "DATE"], "31/02/2024"),
    (["export-warc", "--out", "OUT", "--since", "DATE"], "9999-99-99"),
    (["reprocess", "--since", "DATE", "--workers", "0"], "the day after never"),
], ids=lambda value: value if isinstance(value, str) else value[0])
def test_an_invalid_date_is_one_line_and_writes_nothing(archive, tmp_path, args, date):
    out = tmp_path / "out.file"
    before = contents(archive)
    args = [str(out) if a == "OUT" else date if a == "DATE" else a for a in args]
    result = cli(*args, "--db", archive)
    assert_one_line_error(result, "cannot read", repr(date))
    assert not out.exists() and list(tmp_path.glob(".out.file*")) == []
    assert contents(archive) == before


@pytest.mark.parametrize("cron", ["61 * * * *", "* * * *", "0 6 * * 1-5 * * *", "@never",
                                  "0 6 * * mon-funday"])
def test_an_invalid_cron_expression_is_one_line_and_adds_nothing(archive, tmp_path, cron):
    new_db = tmp_path / "new.db"
    result = cli("schedule", "add", SITE, "--cron", cron, "--sites-dir", SAMPLE_SITES_DIR,
                     "--db", new_db)
    assert_one_line_error(result, "not a valid cron expression")
    assert not new_db.exists()
    before = contents(archive)
    result = cli("schedule", "add", SITE, "--cron", cron, "--sites-dir", SAMPLE_SITES_DIR,
                     "--db", archive)
    assert_one_line_error(result, "not a valid cron expression")
    assert contents(archive) == before


# -- a missing database --------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["show", "1"], ["authors"], ["organisations"], ["stats"], ["history", "http://x.example/a"],
    ["export", "--format", "jsonl", "--out", "OUT"], ["export", "--format", "csv", "--out", "OUT"],
    ["export-warc", "--out", "OUT"], ["reprocess", "--workers", "0"],
    ["schedule", "crontab"], ["schedule", "remove", "1"], ["schedule", "pause", "1"],
    ["schedule", "resume", "1"],
], ids=lambda args: " ".join(args[:2]))
def test_a_missing_database_is_one_line_and_is_not_created(tmp_path, args):
    db = tmp_path / "data" / "archive.db"
    out = tmp_path / "out.file"
    result = cli(*[str(out) if a == "OUT" else a for a in args], "--db", db)
    assert_one_line_error(result, f"no archive at {db}")
    assert not db.parent.exists() and not out.exists()


# -- read-only -----------------------------------------------------------------------------------

WRITE_COMMANDS = [
    ["crawl", "--url", "http://127.0.0.1:9/never-fetched"],
    ["reprocess", "--workers", "0"],
    ["schedule", "add", SITE, "--cron", CRON, "--sites-dir", str(SAMPLE_SITES_DIR)],
    ["schedule", "pause", SITE],
    ["scheduler", "--once"],
]


@contextmanager
def read_only(path: Path):
    """Make a file or folder read-only; yield whether it really is for this process.

    Mode bits do not stop root, so as root the immutable attribute is set too (``chattr +i``,
    which needs CAP_LINUX_IMMUTABLE and a file system that has it). Where neither stops this
    process, it yields False and the test checks what it honestly can."""
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    immutable = False
    if os.geteuid() == 0 and shutil.which("chattr"):
        immutable = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
    try:
        yield _cannot_write(path)
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


def _cannot_write(path: Path) -> bool:
    try:
        if path.is_dir():
            (path / "probe").touch()
            (path / "probe").unlink()
        else:
            with path.open("r+b"):
                pass
    except PermissionError:
        return True
    return False


@pytest.mark.parametrize("what", ["file", "folder"])
def test_write_commands_on_a_read_only_archive_fail_in_one_line_and_change_nothing(
        archive, tmp_path, what):
    run_cli("schedule", "add", SITE, "--cron", CRON, "--sites-dir", SAMPLE_SITES_DIR,
            "--db", archive)  # something for `schedule pause` to pause
    before = contents(archive)
    with read_only(archive if what == "file" else archive.parent) as really:
        results = [run_cli(*args, "--db", archive) for args in WRITE_COMMANDS]
        # reading still works: nothing needs writing to search or export a read-only archive
        search = run_cli("search", "council*", "--db", archive, "--format", "json")
        export = run_cli("export", "--format", "jsonl", "--out", tmp_path / "x.jsonl",
                         "--db", archive)
    if really:
        expected = "it is read-only" if what == "file" else "can it be written?"
        for args, result in zip(WRITE_COMMANDS, results, strict=True):
            assert_one_line_error(result, f"archive {archive}", expected)
            assert "no archive" not in result.stderr, args
    else:
        # root without the immutable attribute (a container without CAP_LINUX_IMMUTABLE):
        # nothing stops it writing, so the commands work; checked: no traceback, no loss
        for args, result in zip(WRITE_COMMANDS, results, strict=True):
            assert "Traceback" not in result.stderr, (args, result.stderr)
    assert search.returncode == 0 and search.stdout.count('"url"') > 3, search.stderr
    assert export.returncode == 0, export.stderr
    assert len((tmp_path / "x.jsonl").read_text().splitlines()) == before["articles"]
    after = contents(archive)
    if really:
        assert after == before
    else:
        assert after["articles_digest"] == before["articles_digest"]


def test_read_commands_leave_the_archive_folder_as_it_was(archive, tmp_path):
    before = file_state(archive)
    for args in (["search", "council*"], ["authors"], ["runs"], ["show", "1"],
                 ["export", "--format", "csv", "--out", tmp_path / "x.csv"]):
        result = run_cli(*args, "--db", archive)
        assert result.returncode == 0, (args, result.stderr)
    assert file_state(archive) == before
    assert before[1] == ["archive.db"]  # no journal files left beside it


def test_reading_a_read_only_folder_creates_no_files_in_it(archive):
    """A folder nobody can write (a read-only medium): read commands read the archive as it
    is, without SQLite's journal files."""
    listing = sorted(p.name for p in archive.parent.iterdir())
    with read_only(archive.parent) as really:
        result = run_cli("authors", "--db", archive, "--format", "json")
        after = sorted(p.name for p in archive.parent.iterdir())
    assert result.returncode == 0 and '"name"' in result.stdout, result.stderr
    if really:  # (root without the immutable attribute can write it: SQLite then may)
        assert after == listing == ["archive.db"]


# -- locked --------------------------------------------------------------------------------------

@contextmanager
def write_locked(db: Path, exclusive_mode: bool = False):
    """Another connection holding the archive's write lock (as a long transaction would);
    with ``exclusive_mode`` it also keeps readers out (SQLite's locking_mode=exclusive)."""
    conn = sqlite3.connect(db, isolation_level=None)
    if exclusive_mode:
        conn.execute("pragma locking_mode=exclusive")
    conn.execute("begin exclusive")
    conn.execute("update articles set title = title where id = (select min(id) from articles)")
    try:
        yield
    finally:
        conn.execute("rollback")
        conn.close()


@pytest.mark.parametrize("args", WRITE_COMMANDS[:3], ids=lambda args: args[0])
def test_write_commands_wait_for_a_lock_then_fail_in_one_line(archive, monkeypatch, args):
    monkeypatch.setenv("TRADEPRESS_BUSY_TIMEOUT", "1")
    before = contents(archive)
    with write_locked(archive):
        started = time.monotonic()
        result = run_cli(*args, "--db", archive, timeout=60)
        waited = time.monotonic() - started
        # a reader is not blocked by a writer (WAL): researchers can query during a crawl
        search = run_cli("search", "council*", "--db", archive)
    assert_one_line_error(result, f"archive {archive} is locked by another process",
                          "waited 1 s")
    assert waited >= 1  # it waited for the lock rather than failing at once
    assert search.returncode == 0 and "http" in search.stdout, search.stderr
    assert contents(archive) == before
    if args[0] != "crawl":  # (a crawl would now try to fetch its URL)
        again = run_cli(*args, "--db", archive)  # the lock is gone: the command goes through
        assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("args", [["search", "council*"], ["runs"], ["show", "1"],
                                  ["export", "--format", "jsonl", "--out", "OUT"]],
                         ids=lambda args: args[0])
def test_read_commands_locked_out_fail_in_one_line(archive, tmp_path, monkeypatch, args):
    monkeypatch.setenv("TRADEPRESS_BUSY_TIMEOUT", "0.5")
    out = tmp_path / "out.jsonl"
    with write_locked(archive, exclusive_mode=True):
        result = run_cli(*[str(out) if a == "OUT" else a for a in args], "--db", archive,
                         timeout=60)
    assert_one_line_error(result, "is locked by another process", "waited 0.5 s")
    assert not out.exists()


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "1e9"])
def test_a_bad_busy_timeout_is_one_line(archive, monkeypatch, value):
    monkeypatch.setenv("TRADEPRESS_BUSY_TIMEOUT", value)
    assert_one_line_error(cli("runs", "--db", archive), "TRADEPRESS_BUSY_TIMEOUT", value)


# -- not a tradepress archive --------------------------------------------------------------------

READ_COMMANDS = [["search", "council"], ["runs"], ["schedule", "list"],
                 ["export", "--format", "csv", "--out", "OUT"], ["export-warc", "--out", "OUT"],
                 ["serve", "--port", "9"]]


def someone_elses_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("create table patients (name text, ward text)")
    conn.execute("insert into patients values ('A. Person', 'Ward 3')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("kind", ["text", "sqlite"])
@pytest.mark.parametrize("args", READ_COMMANDS + WRITE_COMMANDS,
                         ids=lambda args: " ".join(args[:2]))
def test_a_file_that_is_not_an_archive_is_refused_and_left_alone(tmp_path, kind, args):
    db = tmp_path / "archive.db"
    if kind == "text":
        db.write_text("These are my notes, not a database.\n")
    else:
        someone_elses_database(db)
    before = file_state(db)
    out = tmp_path / "out.file"
    result = cli(*[str(out) if a == "OUT" else a for a in args], "--db", db)
    assert_one_line_error(result, f"{db} is not a tradepress archive")
    if kind == "sqlite" and args in WRITE_COMMANDS:
        assert "refusing to add tradepress tables" in result.stderr
    assert file_state(db) == before  # not migrated, not touched, no journal left beside it
    assert not out.exists()


# -- export paths --------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, existing", [("jsonl", "pieces.jsonl"), ("csv", "pieces.csv"),
                                           ("csv", "pieces-authors.csv"),
                                           ("parquet", "pieces.parquet")])
def test_an_export_does_not_replace_a_file_unless_forced(archive, tmp_path, fmt, existing):
    out = tmp_path / f"pieces.{fmt}"
    (tmp_path / existing).write_bytes(b"precious\n")
    result = cli("export", "--format", fmt, "--out", out, "--db", archive)
    assert_one_line_error(result, f"{tmp_path / existing} exists", "--force")
    assert (tmp_path / existing).read_bytes() == b"precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["archive", existing])
    forced = cli("export", "--format", fmt, "--out", out, "--db", archive, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / existing).read_bytes() != b"precious\n"
    if fmt == "parquet":
        import pyarrow.parquet as pq
        assert pq.read_table(out).num_rows == contents(archive)["articles"]
    elif fmt == "jsonl":
        assert len(out.read_text().splitlines()) == contents(archive)["articles"]
    else:
        assert (tmp_path / "pieces-authors.csv").read_text(encoding="utf-8-sig").startswith(
            "article_id,position,name,role,organisation")
    assert not list(tmp_path.glob(".*partial*"))  # nothing left beside it


def test_export_warc_does_not_replace_a_file_unless_forced(archive, tmp_path):
    out = tmp_path / "captures.warc.gz"
    out.write_bytes(b"precious\n")
    assert_one_line_error(cli("export-warc", "--out", out, "--db", archive),
                          f"{out} exists", "--force")
    assert out.read_bytes() == b"precious\n"
    forced = cli("export-warc", "--out", out, "--db", archive, "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_bytes()[:2] == b"\x1f\x8b"  # gzip: a WARC now
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", out.name]


@pytest.mark.parametrize("args", [["export", "--format", "jsonl", "--out", "OUT"],
                                  ["export", "--format", "csv", "--out", "OUT"],
                                  ["export-warc", "--out", "OUT"],
                                  ["stats", "--plot", "OUT"]], ids=lambda args: args[-3])
def test_an_output_that_cannot_be_written_leaves_nothing(archive, tmp_path, args):
    out = tmp_path / "no-such-folder" / "out.file"
    result = cli(*[str(out) if a == "OUT" else a for a in args], "--db", archive)
    assert_one_line_error(result, f"cannot write {out}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive"]


def test_a_chart_in_an_unknown_format_is_one_line(archive, tmp_path):
    result = cli("stats", "--plot", tmp_path / "chart.unknown", "--db", archive)
    assert_one_line_error(result, "cannot draw", "chart.unknown")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive"]
