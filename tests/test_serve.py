"""`tradepress.research.web`: a real Datasette server on a sample archive, read over HTTP
and in Chromium."""

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import system_program
from test_store import page

from pipelines.archive.store import Archive
from tradepress.research.web import datasette_command, datasette_metadata, serve_archive

SITES = {"build-review", "civic-ledger", "nursing-practice"}
NON_ARTICLE = "http://sample.tradepress.example/civic-ledger/comment/council-roundup/1.article"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fingerprint(path: Path):
    st = path.stat()
    return st.st_mtime_ns, st.st_size, hashlib.sha256(path.read_bytes()).hexdigest()


class Server:
    def __init__(self, base, db, tmp, before, files_before):
        self.base, self.db, self.tmp = base, db, tmp
        self.before, self.files_before = before, files_before

    def url(self, path, **params):
        return self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")

    def request(self, path, method="GET", data=None, **params):
        """(status, body bytes) of one request; HTTP errors are returned, not raised."""
        req = urllib.request.Request(self.url(path, **params), method=method, data=data)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def json(self, path, **params):
        status, body = self.request(path, **params)
        assert status == 200, (path, params, status, body[:500])
        return json.loads(body)

    def sql(self, query, params=()):
        conn = sqlite3.connect(f"file:{self.db}?immutable=1", uri=True)
        try:
            return conn.execute(query, params).fetchall()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    db = tmp / "archive.db"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    demo = subprocess.run([sys.executable, "-m", "tradepress", "demo", "--db", str(db)],
                          cwd=tmp, capture_output=True, text=True, timeout=300, env=env)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert db.is_file()
    # a page kept as a non-article, by chief executives of a council, about devolution: the
    # view, its search and the canned queries must leave it out
    archive = Archive(db)
    archive.write_batch(None, [page(url=NON_ARTICLE, title="Council roundup", is_article=False,
                                    not_article_reason="listing")])
    archive.close()
    before = fingerprint(db)
    files_before = sorted(p.name for p in tmp.iterdir())

    metadata_path = tmp / "metadata.json"
    metadata_path.write_text(json.dumps(datasette_metadata(db)), encoding="utf-8")
    port = free_port()
    log = (tmp / "datasette.log").open("w")
    proc = subprocess.Popen(datasette_command(db, metadata_path, "127.0.0.1", port),
                            cwd=tmp, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Datasette exited with {proc.returncode}:\n"
                            + (tmp / "datasette.log").read_text())
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("Datasette did not answer within 60 s:\n"
                            + (tmp / "datasette.log").read_text())
            time.sleep(0.2)
        yield Server(base, db, tmp, before, files_before)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_command_opens_the_archive_immutable(tmp_path):
    command = datasette_command(tmp_path / "archive.db", tmp_path / "m.json", "127.0.0.1", 8123)
    assert command[:4] == [sys.executable, "-m", "datasette", "serve"]
    assert command[command.index("-i") + 1] == str((tmp_path / "archive.db").resolve())
    assert command[command.index("--metadata") + 1] == str(tmp_path / "m.json")
    assert command[command.index("--port") + 1] == "8123"


def test_metadata_describes_every_table(server):
    meta = datasette_metadata(server.db)
    assert meta["title"] == "tradepress archive"
    db_meta = meta["databases"]["archive"]
    names = {r[0] for r in server.sql(
        "select name from sqlite_master where type in ('table', 'view') "
        "and name not like 'articles_fts_%'")}
    assert names <= set(db_meta["tables"]), names - set(db_meta["tables"])
    for name, table in db_meta["tables"].items():
        assert table["description"], name
    records = db_meta["tables"]["article_records"]
    view_columns = [r[1] for r in server.sql("pragma table_info(article_records)")]
    assert set(records["columns"]) <= set(view_columns)
    assert set(db_meta["tables"]["articles"]["columns"]) == {
        r[1] for r in server.sql("pragma table_info(articles)")}
    assert records["fts_table"] == "articles_fts" and records["fts_pk"] == "id"
    assert set(db_meta["queries"]) == {"pieces_by_organisation", "authors_by_role",
                                       "several_urls", "monthly_counts"}


def test_missing_archive_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no archive at") as e:
        serve_archive(tmp_path / "nope.db")
    assert "\n" not in str(e.value)


def test_json_api_one_row_per_article(server):
    rows = server.json("/archive/article_records.json", _shape="array", _size="max")
    assert len(rows) == 32
    assert len({r["id"] for r in rows}) == 32
    assert {r["site"] for r in rows} == SITES
    (count,) = server.sql("select count(*) from articles")[0]
    assert count == 33  # the articles table holds the page kept as a non-article too
    table = server.json("/archive/articles.json", _size=1)
    assert table["filtered_table_rows_count"] == 33
    # the metadata reached the server
    site_meta = server.json("/-/metadata.json")
    assert site_meta["title"] == "tradepress archive"


def test_facets(server):
    data = server.json("/archive/article_records.json", _facet=["site", "genre"])
    facets = data["facet_results"]
    assert {r["value"] for r in facets["site"]["results"]} == SITES
    assert sum(r["count"] for r in facets["site"]["results"]) == 32
    assert "opinion" in {r["value"] for r in facets["genre"]["results"]}
    # the metadata's default facets, with no _facet parameter
    default = server.json("/archive/article_records.json")["facet_results"]
    assert {"site", "genre", "year"} <= set(default)
    authors = server.json("/archive/article_authors.json")["facet_results"]
    assert {"role", "organisation"} <= set(authors)


def test_full_text_search(server):
    found = {r[0] for r in server.sql(
        "select rowid from articles_fts where articles_fts match 'devolution'")}
    (kept,) = server.sql("select id from articles where is_article = 0")[0]
    assert kept in found
    rows = server.json("/archive/articles.json", _search="devolution", _shape="array")
    assert {r["id"] for r in rows} == found  # the table: every page
    # and on the view, through the metadata's fts_table / fts_pk: articles only
    rows = server.json("/archive/article_records.json", _search="devolution", _shape="array")
    assert {r["id"] for r in rows} == found - {kept}
    assert any("Devolution" in r["title"] for r in rows)


def test_canned_queries(server):
    months = server.json("/archive/monthly_counts.json", _shape="array")
    assert months
    assert sum(r["articles"] for r in months) == server.sql(
        "select count(*) from articles where published is not null and is_article = 1")[0][0]
    assert {r["site"] for r in months} == SITES

    expected = {r[0] for r in server.sql(
        "select article_id from article_authors aa join articles a on a.id = aa.article_id "
        "where organisation like '%council%' and a.is_article = 1")}
    assert len(expected) >= 2
    rows = server.json("/archive/pieces_by_organisation.json", organisation="council",
                       _shape="array")
    assert {r["id"] for r in rows} == expected
    assert all("council" in r["organisation"].lower() for r in rows)

    rows = server.json("/archive/authors_by_role.json", role="chief executive", _shape="array")
    assert rows and all("chief executive" in r["role"] for r in rows)
    assert "Jane Doe" not in {r["name"] for r in rows}  # she wrote only the non-article


@pytest.fixture(scope="module")
def chromium():
    return system_program("chromium", "chromium-browser", package="chromium")


def test_browser_renders_facets(chromium, server):  # chromium first: skip before the archive
    profile = server.tmp / "chromium-profile"
    shot = server.tmp / "page.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}"]
    url = server.url("/archive/article_records", _facet="site")

    dom = subprocess.run([chromium, *flags, "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert 'class="facet-results"' in html, html[:2000]
    assert "facet-archive-article_records-site" in html
    assert "civic-ledger" in html
    title = server.sql("select title from articles where is_article = 1 "
                       "order by published desc limit 1")[0][0]
    assert title.replace("'", "&#39;") in html or title in html
    assert "One row per article with its authors" in html  # the metadata's description

    result = subprocess.run([chromium, *flags, f"--screenshot={shot}", "--window-size=1280,900",
                             url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.is_file(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000, len(data)


def test_read_only(server):
    """Runs last: nothing the server was asked could change the archive file."""
    databases = server.json("/-/databases.json")
    archive = next(d for d in databases if d["name"] == "archive")
    assert archive["is_mutable"] is False
    # arbitrary SQL is select-only, and there is no write API on an immutable database
    status, _ = server.request("/archive.json", sql="update articles set title = 'x'")
    assert status == 400
    status, _ = server.request("/archive.json", sql="delete from articles")
    assert status == 400
    body = json.dumps({"row": {"url": "http://x.example/", "title": "x"}}).encode()
    status, _ = server.request("/archive/articles/-/insert", method="POST", data=body)
    assert status >= 400
    assert server.sql("select count(*) from articles where title = 'x'")[0][0] == 0
    assert server.sql("select count(*) from articles")[0][0] == 33
    assert fingerprint(server.db) == server.before
    # immutable mode takes no locks: no -wal / -shm files appeared
    assert sorted(p.name for p in server.tmp.iterdir()
                  if p.name.startswith("archive.db")) == [
        n for n in server.files_before if n.startswith("archive.db")]
