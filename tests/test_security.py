"""Security checks (issue #8): hostile search queries and filters, the Datasette server, and the
URLs a crawl accepts.

- Search and every filter are parameters, never SQL text: injection attempts through
  ``tradepress.research.queries`` and the command line return nothing they should not and change
  nothing (the file's bytes, its schema and its row counts). "Contains" filters treat ``%``
  and ``_`` as the characters they are, not as LIKE wildcards.
- ``tradepress serve`` listens on 127.0.0.1 unless told otherwise, and a write through
  Datasette (its write API, a canned query, SQL in the URL) is refused and changes nothing.
- ``crawl --url`` takes http(s) URLs only (the spider's own refusals are tested with it).
"""

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import assert_one_line_error, rows, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_store import page

from pipelines.archive.store import Archive
from tradepress import cli as cli_module
from tradepress.research import queries
from tradepress.research.queries import Filters, QueryError
from tradepress.research.web import QUERIES, datasette_command

ODD_AUTHORS = [
    {"name": "Pat Under_Score", "role": "head of R_D", "organisation": "100% Renewables Ltd"},
    {"name": "Sam Back\\Slash", "role": "chief engineer", "organisation": "Back\\Slash & Co"},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The demo archive, plus two pieces whose authors have %, _ and \\ in their details."""
    folder = tmp_path_factory.mktemp("security")
    result = run_cli("demo", "--db", folder / "archive.db", cwd=folder)
    assert result.returncode == 0, result.stderr
    archive = Archive(folder / "archive.db")
    archive.write_batch(None, [
        page(url="https://odd.example/comment/one", title="Renewables at 100%",
             authors=[ODD_AUTHORS[0]]),
        page(url="https://odd.example/comment/two", title="Slashes", authors=[ODD_AUTHORS[1]])])
    archive.close()
    return folder / "archive.db"


@pytest.fixture(scope="module")
def reader(db):
    """The archive opened as the read commands open it (nothing can write through it)."""
    archive = Archive(db, read_only=True)
    yield archive.db
    archive.close()


def fingerprint(db: Path):
    """The file's bytes, its schema and its row counts."""
    schema = rows(db, "select type, name, sql from sqlite_master order by name")
    counts = {table: rows(db, f"select count(*) from {table}")[0][0]
              for (kind, table, _) in schema if kind == "table" and "fts" not in table}
    return hashlib.sha256(db.read_bytes()).hexdigest(), schema, counts


def author_rows(db: Path) -> list[tuple[int, str, str | None, str | None]]:
    return rows(db, "select aa.article_id, au.name, aa.role, aa.organisation from "
                    "article_authors aa join authors au on au.id = aa.author_id")


def expected_ids(db: Path, column: int, value: str) -> set[int]:
    """Articles with an author whose name/role/organisation contains ``value`` as typed
    (SQLite's LIKE folds ASCII letters only; so does this)."""
    def fold(text: str) -> str:
        return "".join(c.lower() if c.isascii() else c for c in text)
    return {row[0] for row in author_rows(db) if row[column] and fold(value) in fold(row[column])}


INJECTIONS = ["' OR 1=1 --", "\" OR \"\"=\"", "'; drop table articles; --",
              "\"; drop table articles; --", "1; delete from articles", "%", "_", "%%", "\\",
              "%' OR '1'='1", "x') or ('1'='1", "' union select name, sql from sqlite_master --",
              "*", "NULL", "\x00", "a" * 5000]


# -- filters and search, in the library ----------------------------------------------------------

@pytest.mark.parametrize("field, column", [("author", 1), ("role", 2), ("organisation", 3)])
@pytest.mark.parametrize("value", INJECTIONS + ["R_D", "100%", "Back\\Slash", "chief executive"])
def test_filters_match_what_was_typed_and_nothing_else(db, reader, field, column, value):
    if "\x00" in value:  # LIKE would read the pattern only up to the NUL, and match anything
        with pytest.raises(QueryError, match="NUL"):
            list(queries.iter_records(reader, Filters(**{field: value})))
        return
    expected = expected_ids(db, column, value)
    found = {r["id"] for r in queries.iter_records(reader, Filters(**{field: value}))}
    assert found == expected
    if value in ("_", "%", "%%", "\\"):
        assert found <= {r[0] for r in author_rows(db) if value in "".join(map(str, r))}
    if column in {"R_D": (2,), "100%": (3,), "Back\\Slash": (1, 3)}.get(value, ()):
        assert len(found) == 1  # the odd piece, found by what is really in it


def test_wildcards_no_longer_match_everything(db, reader):
    """`--role _` once matched every piece with a role (LIKE's any-character wildcard)."""
    every_role = {r[0] for r in author_rows(db) if r[2]}
    assert len(every_role) > 20
    assert {r["id"] for r in queries.iter_records(reader, Filters(role="_"))} == \
        expected_ids(db, 2, "_")
    assert len(expected_ids(db, 2, "_")) == 1
    by_role = queries.authors(reader, role="_")
    assert [a["name"] for a in by_role] == ["Pat Under_Score"]
    assert [a["name"] for a in queries.authors(reader, organisation="%")] == ["Pat Under_Score"]


@pytest.mark.parametrize("query", INJECTIONS + [
    "body:nurses", "{title}:council", "title:council", "- title: council", "nosuch:x",
    "rank:x", "rowid:1", "NEAR(nurses staff, 10)", "NEAR(", "^council", "council NOT NOT",
    "(" * 600 + "x" + ")" * 600, "x OR " * 390 + "x", '"unbalanced'])
def test_hostile_search_queries_find_only_real_matches(db, reader, query):
    before = fingerprint(db)
    try:
        results = queries.search(reader, query, Filters(), limit=1000)
    except QueryError as e:
        assert "\n" not in str(e) and len(str(e)) < 400  # one readable line
        results = []
    ids = [r["id"] for r in results]
    assert len(ids) == len(set(ids))
    for r in results:
        title, standfirst, body = rows(db, "select lower(title), lower(coalesce(standfirst, "
                                           "'')), lower(body) from articles where id = ?",
                                       [r["id"]])[0]
        if query in ("title:council", "{title}:council"):
            assert "council" in title
        if query == "^council":  # a column that starts with the word
            assert any(text.startswith("council") for text in (title, standfirst, body))
        if query == "body:nurses":
            assert "nurse" in body
        if query.startswith("NEAR(nurses"):
            assert "nurse" in body and "staff" in body
        if query == "- title: council":
            assert "council" in body or "council" in (r["snippet"] or "").lower()
    if query == "title:council":  # column filters work as FTS5 documents them
        assert ids and len(ids) < rows(db, "select count(*) from articles where lower(body) "
                                           "like '%council%'")[0][0]
    assert fingerprint(db) == before


def test_search_query_length_is_bounded(reader):
    with pytest.raises(QueryError, match="too long"):
        queries.search(reader, "nurses " * 400, Filters())
    assert queries.search(reader, " ".join(["nurses"] * 250), Filters())  # 1,749 characters


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60), role=st.one_of(st.none(), st.text(max_size=12)),
       organisation=st.one_of(st.none(), st.text(max_size=12)))
def test_any_query_and_filters_give_matches_or_one_line(db, reader, query, role, organisation):
    """Whatever is typed: matching rows (each satisfying the filters as typed) or a
    QueryError. The connection cannot write (query_only): any write would be an error here."""
    try:
        results = queries.search(reader, query, Filters(role=role, organisation=organisation),
                                 limit=50)
    except QueryError as e:
        assert "\n" not in str(e)
        return
    for r in results:
        if role:
            assert r["id"] in expected_ids(db, 2, role)
        if organisation:
            assert r["id"] in expected_ids(db, 3, organisation)


def test_show_takes_an_id_or_a_url_and_nothing_else(reader):
    assert queries.record(reader, "1")["id"] == 1
    for key in ("1 or 1=1", "1abc", "1'--", "01 union select 1", "١", "99999999999999999999"):
        assert queries.record(reader, key) is None, key


# -- the same through the command line ------------------------------------------------------------

ERROR = "one line"


@pytest.mark.parametrize("args, expected", [
    (["search", "' OR 1=1 --"], ERROR),
    (["search", "\"; drop table articles; --"], ERROR),
    (["search", "nurses", "--role", "' OR 1=1 --", "--format", "json"], 0),
    (["search", "nurses", "--author", "%", "--format", "json"], 0),
    (["search", "nurses", "--organisation", "_", "--format", "json"], 0),
    (["search", "nurses", "--site", "' OR 1=1 --", "--format", "json"], 0),
    (["search", "devolution", "--role", "R_D", "--format", "json"], 1),
    (["authors", "--role", "_", "--format", "json"], 1),
    (["authors", "--organisation", "' OR '1'='1", "--format", "json"], 0),
    (["show", "1 or 1=1"], ERROR),
    (["history", "' OR 1=1 --"], ERROR),
    (["runs", "--site", "' OR 1=1 --"], 0),
    (["export", "--format", "jsonl", "--out", "OUT", "--author", "' OR 1=1 --"], 0),
    (["export", "--format", "jsonl", "--out", "OUT", "--organisation", "%"], 1),
    (["schedule", "remove", "1 or 1=1"], ERROR),
    (["schedule", "pause", "%"], ERROR),
], ids=lambda value: " ".join(value[:3])[:40] if isinstance(value, list) else None)
def test_injections_through_the_command_line_change_nothing(db, tmp_path, args, expected):
    work = tmp_path / "archive.db"
    shutil.copy(db, work)
    before = fingerprint(work)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli_module.cli, [str(out) if a == "OUT" else a for a in args]
                                + ["--db", str(work)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    if expected == ERROR:
        assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1, \
            result.stderr
    else:
        assert result.exit_code == 0, result.stderr
        if out.exists():
            found = out.read_text().splitlines()
        elif args[0] == "runs":
            found = result.stdout.splitlines()
        else:
            found = json.loads(result.stdout)
        assert len(found) == expected, found
    assert fingerprint(work) == before


# -- Datasette -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listeners(port: int) -> set[str]:
    """The local addresses listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, _, state = line.split()[1:4]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # LISTEN
                found.add(address)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1


@pytest.fixture(scope="module")
def served(db, tmp_path_factory):
    """`tradepress serve` as a user runs it: no --host."""
    folder = tmp_path_factory.mktemp("served")
    archive = folder / "archive.db"
    shutil.copy(db, archive)
    before = fingerprint(archive), sorted(p.name for p in folder.iterdir())
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tradepress", "serve", "--db", str(archive),
                             "--port", str(port)], cwd=folder, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "tradepress serve exited"
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "Datasette did not answer within 60 s"
                time.sleep(0.2)
        yield base, port, archive, before, folder
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C, as in a terminal
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def request(url: str, method: str = "GET", data: bytes | None = None,
            headers: dict | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, method=method, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_serve_listens_on_loopback_by_default(served):
    base, port, *_ = served
    host, = [p for p in cli_module.cli.commands["serve"].params if p.name == "host"]
    assert host.default == "127.0.0.1"
    addresses = listeners(port)
    assert addresses and addresses <= LOOPBACK, addresses
    command = datasette_command("a.db", "m.json", "127.0.0.1", port)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert "--root" not in command and "--cors" not in command
    # not reachable on the machine's other addresses
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route
            own = s.getsockname()[0]
    except OSError:
        own = "127.0.0.1"
    if not own.startswith("127."):
        with pytest.raises(OSError):
            socket.create_connection((own, port), timeout=5).close()


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/archive/articles/-/insert", {"row": {"url": "http://x.example/", "title": "x"}}),
    ("POST", "/archive/articles/-/upsert", {"rows": [{"id": 1, "title": "x"}]}),
    ("POST", "/archive/articles/1/-/update", {"update": {"title": "x"}}),
    ("POST", "/archive/articles/1/-/delete", {}),
    ("POST", "/archive/articles/-/drop", {"confirm": True}),
    ("POST", "/archive/-/create", {"table": "x", "columns": [{"name": "a"}]}),
    ("POST", "/archive/-/query", {"sql": "delete from articles"}),
    ("POST", "/archive/monthly_counts", {}),
    ("GET", "/archive.json?sql=" + urllib.parse.quote("delete from articles"), None),
    ("GET", "/archive.json?sql=" + urllib.parse.quote("update articles set title = 'x'"), None),
    ("GET", "/archive.json?sql=" + urllib.parse.quote(
        "with x as (select 1) delete from articles"), None),
    ("GET", "/archive.json?sql=" + urllib.parse.quote("select 1; delete from articles"), None),
    ("GET", "/archive.json?sql=" + urllib.parse.quote("attach database 'x.db' as x"), None),
    ("GET", "/archive.json?sql=" + urllib.parse.quote("pragma writable_schema = 1"), None),
    ("GET", "/archive.json?sql=" + urllib.parse.quote("vacuum into 'copy.db'"), None),
])
def test_writes_through_datasette_are_refused(served, method, path, body):
    base, _, archive, before, folder = served
    data = json.dumps(body).encode() if body is not None else None
    status, _ = request(base + path, method, data, {"Content-Type": "application/json"})
    assert status >= 400, (method, path, status)
    assert (fingerprint(archive), sorted(p.name for p in folder.iterdir())) == before


def test_no_canned_query_writes():
    assert not any(q.get("write") for q in QUERIES.values())


def test_searching_through_datasette_changes_nothing(served):
    base, _, archive, before, folder = served
    for query in ("' OR 1=1 --", "\"; drop table articles; --", "nurses"):
        status, _ = request(base + "/archive/article_records.json?_search="
                            + urllib.parse.quote(query))
        assert status in (200, 400), (query, status)
    assert (fingerprint(archive), sorted(p.name for p in folder.iterdir())) == before


# -- crawl --url ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "FILE:///etc/passwd", "ftp://example.com/comment/x.article",
    "data:text/html,<h1>x</h1>", "javascript:alert(1)", "mailto:editor@example.com",
    "comment/x.article", "/comment/x.article", "//example.com/comment/x.article",
    "http:///comment/x.article", "https://", "gopher://example.com/", "s3://bucket/key",
])
def test_crawl_takes_only_http_urls(tmp_path, monkeypatch, url):
    import crawler.runner

    def no_crawl(*args, **kwargs):
        raise AssertionError(f"a crawl was started for {url!r}")
    monkeypatch.setattr(crawler.runner, "run_crawls", no_crawl)
    db = tmp_path / "archive.db"
    result = CliRunner().invoke(cli_module.cli, ["crawl", "--url", url, "--db", str(db)])
    assert result.exit_code == 2, (result.exception, result.output)  # a usage error
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "not an http(s) URL" in errors[0], result.stderr
    assert not db.exists()


@pytest.mark.parametrize("base_url", ["file:///etc/", "ftp://example.com/", "example.com/x"])
def test_a_site_at_a_non_http_address_is_refused(tmp_path, base_url):
    from crawler.siteconfig import SAMPLE_SITES_DIR
    db = tmp_path / "archive.db"
    for args in (["crawl", "--site", "civic-ledger"], ["schedule", "add", "civic-ledger",
                                                       "--cron", "0 6 * * *"]):
        result = run_cli(*args, "--sites-dir", SAMPLE_SITES_DIR, "--base-url", base_url,
                         "--db", db)
        assert_one_line_error(result, "must be an http(s) URL")
    assert not db.exists()
