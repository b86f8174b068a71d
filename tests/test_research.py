"""The researchers' commands on an archive built from the sample site."""

import csv
import io
import json

import pytest
from conftest import assert_one_line_error, rows, run_cli
from hypothesis import given
from hypothesis import strategies as st

from pipelines.archive.store import Archive
from tradepress.research import queries
from tradepress.research.export import csv_line


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("research")
    result = run_cli("demo", "--db", folder / "archive.db", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "archive.db"


def cli_json(*args):
    result = run_cli(*map(str, args))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_search_ranks_highlights_and_combines_filters(db):
    everything = cli_json("search", "council*", "--db", db, "--format", "json", "--limit", 100)
    assert len(everything) > 3
    assert all("[" in r["snippet"] and "]" in r["snippet"] for r in everything)
    narrowed = cli_json("search", "council*", "--db", db, "--format", "json", "--limit", 100,
                        "--role", "chief executive", "--since", "2017-01-01",
                        "--site", "civic-ledger")
    assert 0 < len(narrowed) < len(everything)
    for r in narrowed:
        assert r["site"] == "civic-ledger" and r["published"][:10] >= "2017-01-01"
        assert any("chief executive" in (a["role"] or "") for a in r["authors"])
    phrase = cli_json("search", '"social care" NOT devolution', "--db", db, "--format", "json")
    assert phrase and all("devolution" not in r["snippet"].lower() for r in phrase)


@pytest.mark.parametrize("query", ["council*", '"social care"', "nurses OR housing", "the"])
def test_search_ranked_in_parts_is_the_single_query_ranking(db, monkeypatch, query):
    archive = Archive(db, create=False)
    whole = queries.search(archive.db, query, queries.Filters(), limit=7)
    monkeypatch.setattr(queries, "PARTITION_FROM", 1)
    monkeypatch.setattr(queries.os, "cpu_count", lambda: 3)
    assert queries.search(archive.db, query, queries.Filters(), limit=7) == whole
    archive.close()
    assert whole, query


def test_search_formats_and_errors(db):
    table = run_cli("search", "nurses", "--db", db)
    assert table.returncode == 0 and "http://" in table.stdout
    as_csv = list(csv.reader(run_cli("search", "nurses", "--db", db, "--format", "csv")
                             .stdout.splitlines()))
    assert as_csv[0][:3] == ["id", "title", "published"] and len(as_csv) > 1
    assert_one_line_error(run_cli("search", '"unbalanced', "--db", db), "bad search query")
    assert_one_line_error(run_cli("search", "x", "--since", "someday never", "--db", db),
                          "cannot read")


def test_show_by_id_and_url(db):
    (article_id, url, title), = rows(db, "select id, url, title from articles "
                                         "where id = (select min(id) from articles)")
    by_id = cli_json("show", article_id, "--db", db, "--format", "json")
    by_url = cli_json("show", url, "--db", db, "--format", "json")
    assert by_id == by_url and by_id["title"] == title
    assert by_id["capture"]["warc_file"] and by_id["versions"][0]["version"] == 1
    assert by_id["authors"] and by_id["body"]
    text = run_cli("show", article_id, "--db", db).stdout
    assert title in text and "capture" in text
    assert_one_line_error(run_cli("show", "99999", "--db", db), "no archived article")


def test_authors_and_organisations(db):
    everyone = cli_json("authors", "--db", db, "--format", "json")
    assert len(everyone) == rows(db, "select count(distinct author_id) from article_authors")[0][0]
    chiefs = cli_json("authors", "--role", "chief executive", "--db", db, "--format", "json")
    assert chiefs and all("chief executive" in r["roles"] for r in chiefs)
    assert all(r["first"] <= r["last"] for r in everyone)
    orgs = cli_json("organisations", "--db", db, "--format", "json")
    assert sum(o["articles"] for o in orgs) >= len(orgs) > 5
    assert "Council" in run_cli("organisations", "--db", db).stdout


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_reads_back_one_row_per_article(db, tmp_path, fmt):
    out = tmp_path / f"archive.{fmt}"
    result = run_cli("export", "--format", fmt, "--out", out, "--db", db)
    assert result.returncode == 0, result.stderr
    total = rows(db, "select count(*) from articles")[0][0]
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(records) == total and all(r["authors"] is not None for r in records)
    elif fmt == "csv":
        text = out.read_text(encoding="utf-8-sig")
        records = list(csv.DictReader(text.splitlines(keepends=True)))
        assert len(records) == total
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8
        authors = list(csv.DictReader((tmp_path / "archive-authors.csv")
                                      .read_text(encoding="utf-8-sig").splitlines()))
        assert len(authors) == rows(db, "select count(*) from article_authors")[0][0]
    else:
        import pyarrow.parquet as pq
        table = pq.read_table(out)
        assert table.num_rows == total
        assert "authors" in table.column_names


def test_export_filters(db, tmp_path):
    out = tmp_path / "letters.jsonl"
    run_cli("export", "--format", "jsonl", "--out", out, "--genre", "letter", "--db", db)
    letters = [json.loads(line) for line in out.read_text().splitlines()]
    assert letters and all(r["genre"] == "letter" for r in letters)
    assert len(letters) == rows(db, "select count(*) from articles where genre = 'letter'")[0][0]


def test_stats_and_plot(db, tmp_path):
    by_year = run_cli("stats", "--by", "year", "--db", db).stdout.splitlines()
    assert sum(int(line.split()[-1]) for line in by_year) == rows(
        db, "select count(*) from articles")[0][0]
    by_site = run_cli("stats", "--by", "site", "--db", db).stdout
    assert "civic-ledger" in by_site and "nursing-practice" in by_site
    png = tmp_path / "chart.png"
    assert run_cli("stats", "--plot", png, "--db", db).returncode == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_the_view_has_one_row_per_article_with_authors(db):
    assert rows(db, "select count(*), count(distinct id) from article_records") == rows(
        db, "select count(*), count(*) from articles")
    (authors, roles, organisations), = rows(
        db, "select authors, roles, organisations from article_records where id = "
            "(select article_id from article_authors group by article_id "
            "having count(*) = 2 limit 1)")
    assert authors.count(";") == 1 and roles and organisations


def test_serve_without_an_archive_is_one_line(tmp_path):
    assert_one_line_error(run_cli("serve", "--db", tmp_path / "none.db"), "no archive at")


text_or_none = st.one_of(st.none(), st.text(), st.integers(), st.floats(allow_nan=False))


@given(st.lists(text_or_none, min_size=2, max_size=8))
def test_csv_line_is_what_the_csv_module_writes(values):
    expected = io.StringIO()
    csv.writer(expected).writerow(values)
    assert csv_line(values) == expected.getvalue()
    assert next(csv.reader(io.StringIO(csv_line(values), newline=""))) == \
        ["" if v is None else str(v) for v in values]
