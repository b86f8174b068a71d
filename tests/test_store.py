"""The archive: migrations, idempotent writes, authors, full-text search, crash safety."""

import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines.archive.migrations import MIGRATIONS, migrate
from pipelines.archive.store import Archive, ArchiveError
from pipelines.extract.names import name_key
from pipelines.items import FetchFailure, Page
from pipelines.storage import kept_for_writing
from tradepress.research import queries

GOLDEN_SCHEMA = Path(__file__).parent / "golden" / "schema.sql"


def page(url="https://example.co.uk/comment/a/1.article", title="Councils must share", **record):
    rec = {"url": url, "is_article": True, "title": title, "standfirst": "A standfirst",
           "body": "First paragraph about devolution.\n\nSecond paragraph.", "genre": "opinion",
           "published": "2017-06-14", "language": "en",
           "authors": [{"name": "Jane Doe", "role": "chief executive",
                        "organisation": "Northshire County Council"},
                       {"name": "John Roe", "role": "director", "organisation": "Some Trust"}]}
    rec.update(record)
    return Page(url=url, requested_url=url, status=200, headers={}, body=b"<html></html>",
                encoding="utf-8", fetched_at="2024-05-02T10:00:00+00:00", site="example",
                source="feed", record=rec)


def schema(db_path) -> str:
    conn = sqlite3.connect(db_path)
    rows = conn.execute("select sql from sqlite_master where sql is not null "
                        "and name not like 'sqlite_%' order by type desc, name").fetchall()
    conn.close()
    return ";\n".join(r[0] for r in rows) + ";\n"


def test_schema_matches_golden_copy(tmp_path):
    """Every schema change is a reviewed diff: regenerate tests/golden/schema.sql on purpose."""
    Archive(tmp_path / "a.db").close()
    assert schema(tmp_path / "a.db") == GOLDEN_SCHEMA.read_text(encoding="utf-8")


def test_migrations_are_recorded_and_run_once(tmp_path):
    archive = Archive(tmp_path / "a.db")
    names = [r[0] for r in archive.db.execute("select name from _migrations")]
    assert names == [name for name, _ in MIGRATIONS]
    assert migrate(archive.db) == []
    assert archive.db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_writing_twice_is_idempotent(tmp_path):
    archive = Archive(tmp_path / "a.db")
    crawl = archive.start_crawl("example", "manual", {})
    assert archive.write_batch(crawl, [page()]) == ["new"]
    assert archive.write_batch(crawl, [page()]) == ["unchanged"]
    assert archive.db["articles"].count == 1
    assert archive.db["authors"].count == 2
    assert archive.db["article_authors"].count == 2
    assert archive.write_batch(crawl, [page(title="Councils must share more")]) == ["updated"]
    assert archive.db["articles"].count == 1
    assert archive.db.execute("select title from articles").fetchone()[0] == (
        "Councils must share more")


def test_authors_are_shared_across_articles_with_per_article_roles(tmp_path):
    archive = Archive(tmp_path / "a.db")
    other = page(url="https://example.co.uk/comment/b/2.article", authors=[
        {"name": "Dr Jane  Doe", "role": "chair", "organisation": "Another Board"}])
    archive.write_batch(None, [page(), other])
    assert archive.db["authors"].count == 2
    rows = archive.db.execute(
        "select a.name, aa.role, aa.organisation from article_authors aa "
        "join authors a on a.id = aa.author_id where a.name_key = 'jane doe' "
        "order by aa.role").fetchall()
    assert rows == [("Jane Doe", "chair", "Another Board"),
                    ("Jane Doe", "chief executive", "Northshire County Council")]


@pytest.mark.parametrize("name, key", [
    ("Jane Doe", "jane doe"), ("Dr Jane Doe", "jane doe"), ("JANE  DOE", "jane doe"),
    ("Zoë Brontë", "zoe bronte"), ("Prof. J. R. Smith", "j r smith"),
    ("Cllr Jane Doe OBE", "jane doe"), ("Jane Doe, chief executive", "jane doe"),
])
def test_name_key_folds_case_accents_and_titles(name, key):
    assert name_key(name) == key


def test_search_ranks_and_returns_authors(tmp_path):
    archive = Archive(tmp_path / "a.db")
    archive.write_batch(None, [
        page(),
        page(url="https://example.co.uk/comment/c/3.article", title="Devolution devolution",
             body="Devolution is the theme. Devolution again."),
    ])
    def search(query):
        return queries.search(archive.db, query, queries.Filters())

    results = search("devolution")
    assert [r["title"] for r in results] == ["Devolution devolution", "Councils must share"]
    assert results[1]["authors"][0] == {"name": "Jane Doe", "role": "chief executive",
                                        "organisation": "Northshire County Council"}
    assert search('"second paragraph"')[0]["title"] == "Councils must share"
    assert search("nothingmatches") == []
    with pytest.raises(queries.QueryError, match="bad search query"):
        search('"unbalanced')


def test_failures_are_recorded(tmp_path):
    archive = Archive(tmp_path / "a.db")
    crawl = archive.start_crawl("example", "manual", {})
    failure = FetchFailure(url="https://example.co.uk/gone", site="example", status=404,
                           error="HTTP 404", failed_at="2024-05-02T10:00:00+00:00")
    assert archive.write_batch(crawl, [failure]) == ["failure"]
    assert archive.db.execute("select url, status, crawl_id from failures").fetchall() == [
        ("https://example.co.uk/gone", 404, crawl)]


def test_unwritable_path_is_one_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ArchiveError, match="cannot open archive"):
        Archive(blocker / "archive.db")
    with pytest.raises(ArchiveError, match="no archive at"):
        Archive(tmp_path / "missing.db", create=False)


def test_crash_mid_batch_keeps_committed_batches(tmp_path):
    """A process killed inside a batch's transaction loses that batch only."""
    db = tmp_path / "a.db"
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import page
        from pipelines.archive.store import Archive
        archive = Archive({str(db)!r})
        archive.write_batch(None, [page(url=f"https://example.co.uk/c/{{i}}.article")
                                   for i in range(3)])
        write = archive._write_article
        def write_then_die(crawl_id, item):
            write(crawl_id, item)
            if item.url.endswith("/11.article"):
                os._exit(1)   # killed in the middle of the second batch
        archive._write_article = write_then_die
        archive.write_batch(None, [page(url=f"https://example.co.uk/c/{{i}}.article")
                                   for i in range(10, 13)])
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    archive = Archive(db)
    assert archive.db.execute("pragma integrity_check").fetchone()[0] == "ok"
    urls = [r[0] for r in archive.db.execute("select url from articles order by url")]
    assert urls == [f"https://example.co.uk/c/{i}.article" for i in range(3)]


def test_an_archive_from_before_captures_is_upgraded_in_place(tmp_path):
    """Articles archived under the first schema become version 1 and nothing is lost."""
    import sqlite_utils
    db_path = tmp_path / "old.db"
    db = sqlite_utils.Database(db_path)
    db.execute("create table _migrations (name text primary key, applied_at text)")
    name, first = MIGRATIONS[0]
    first(db)
    db.execute("insert into _migrations values (?, '2026-01-01')", [name])
    db.execute("insert into articles (url, title, body, content_hash, fetched_at) "
               "values ('https://example.co.uk/a', 'Old piece', 'Body.', 'abc', '2025-01-01')")
    db.close()
    archive = Archive(db_path)
    assert archive.db.execute("select version, is_article, not_article_reason from articles"
                              ).fetchall() == [(1, 1, None)]
    assert archive.db.execute("select title from article_records").fetchall() == [("Old piece",)]
    assert archive.db.execute("select article_id, version, title, content_hash "
                              "from article_versions").fetchall() == [(1, 1, "Old piece", "abc")]
    assert [r[0] for r in archive.db.execute("select name from _migrations")] == [
        n for n, _ in MIGRATIONS]


def test_a_non_article_is_kept_and_left_out_of_research_queries(tmp_path, monkeypatch):
    archive = Archive(tmp_path / "a.db")
    listing = page(url="https://example.co.uk/comment/quokka/9.article", title="Quokka roundup",
                   is_article=False, not_article_reason="listing",
                   authors=[{"name": "Quinn Quokka", "role": "editor",
                             "organisation": "Quokka Weekly"}])
    assert archive.write_batch(None, [listing, page()]) == ["non_article", "new"]
    db = archive.db
    assert db.execute("select title, is_article, not_article_reason, version from articles "
                      "order by id").fetchall() == [("Quokka roundup", 0, "listing", 1),
                                                    ("Councils must share", 1, None, 1)]
    assert db.execute("select count(*) from article_versions").fetchone() == (2,)
    assert [r[0] for r in db.execute("select title from article_records")] == [
        "Councils must share"]
    everything = queries.Filters(all_pages=True)
    assert queries.search(db, "quokka", queries.Filters()) == []
    assert queries.search(db, "quokka", queries.Filters(genre="opinion")) == []
    (found,) = queries.search(db, "quokka", everything)
    assert found["title"] == "Quokka roundup" and found["not_article_reason"] == "listing"
    assert "not_article_reason" not in queries.search(db, "devolution", queries.Filters())[0]
    # the index holds every page: ranked in parts on several connections, still articles only
    monkeypatch.setattr(queries, "PARTITION_FROM", 1)
    monkeypatch.setattr(queries.os, "cpu_count", lambda: 3)
    assert [r["title"] for r in queries.search(db, "devolution", queries.Filters())] == [
        "Councils must share"]
    assert len(queries.search(db, "devolution", everything)) == 2
    assert "Quinn Quokka" not in {a["name"] for a in queries.authors(db)}
    assert "Quokka Weekly" not in {o["organisation"] for o in queries.organisations(db)}
    assert queries.counts(db, "site") == [("example", 1)]
    assert [r["title"] for r in queries.iter_records(db, queries.Filters())] == [
        "Councils must share"]
    pages = list(queries.iter_records(db, everything))
    assert [(r["title"], r["is_article"], r["not_article_reason"]) for r in pages] == [
        ("Quokka roundup", 0, "listing"), ("Councils must share", 1, None)]
    shown = queries.record(db, listing.url)
    assert shown["is_article"] is False and shown["not_article_reason"] == "listing"
    assert archive.summary()["articles"] == 1 and archive.summary()["authors"] == 2


def test_a_kept_non_article_becomes_an_article_and_an_article_is_never_hidden(tmp_path):
    archive = Archive(tmp_path / "a.db")
    url = "https://example.co.uk/comment/a/1.article"
    assert archive.write_batch(None, [page(is_article=False, not_article_reason="short")]) == [
        "non_article"]
    # the same content, now read as an article (a better extractor, or the profile's word)
    assert archive.write_batch(None, [page()]) == ["new"]
    assert archive.db.execute("select is_article, not_article_reason, version from articles"
                              ).fetchall() == [(1, None, 1)]
    # an archived article that one fetch reads as a non-article is left as it was
    before = archive.db.execute("select * from articles").fetchall()
    assert archive.write_batch(None, [page(title="Latest comment", is_article=False,
                                           not_article_reason="listing")]) == [
        "no_longer_an_article"]
    assert archive.db.execute("select * from articles").fetchall() == before
    # a re-check of a kept non-article is not counted as an article's
    other = "https://example.co.uk/comment/b/2.article"
    archive.write_batch(None, [page(url=other, is_article=False, not_article_reason="listing")])
    recheck = page(url=other)
    recheck.record = {"is_article": True, "not_modified": True}
    assert archive.write_batch(None, [recheck]) == ["non_article_rechecked"]
    assert archive.db.execute("select url from articles where is_article = 1").fetchall() == [
        (url,)]


def test_a_batch_waiting_to_be_written_holds_records_not_bodies(tmp_path):
    """The storage stage keeps a page without its body until its batch is written (the body
    is in the capture already); the records written are the same."""
    fetched = page()
    kept = kept_for_writing(fetched)
    assert kept.body == b"" and fetched.body
    assert replace(kept, body=fetched.body) == fetched
    failure = FetchFailure(url="https://example.co.uk/x", site="example", status=404,
                           error="HTTP 404", failed_at="2024-05-02T10:00:00+00:00")
    assert kept_for_writing(failure) is failure
    with_body, without = Archive(tmp_path / "a.db"), Archive(tmp_path / "b.db")
    assert with_body.write_batch(None, [fetched]) == without.write_batch(None, [kept]) == ["new"]
    assert (with_body.db.execute("select title, body, content_hash from articles").fetchall()
            == without.db.execute("select title, body, content_hash from articles").fetchall())
