"""`tradepress backfill`: a publication's past from a web archive, for real and offline.

A real pywb (tests/webarchive.py) serves a collection built from the WARCs a real crawl of the
sample site wrote and from WARCs of earlier versions of its pages; the real command asks its
CDX index and fetches the captures in raw `id_` mode over HTTP, as it would from the Wayback
Machine.
"""

import json
import re
from pathlib import Path

import pytest
from conftest import assert_one_line_error, rows, run_cli
from test_warc_import import HOST, OTHER, PIECE, edited, page, records, write_warc
from warcio.archiveiterator import ArchiveIterator
from webarchive import build_collection, pywb_bin, serve_pywb, serve_ranges

SITE = "civic-ledger"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The sample site crawled live: its archive, and the WARC of the civic-ledger crawl."""
    folder = tmp_path_factory.mktemp("live")
    result = run_cli("demo", "--db", folder / "live.db", cwd=folder)
    assert result.returncode == 0, result.stderr
    warc, = (folder / "warc").glob(f"*{SITE}*.warc.gz")
    return folder / "live.db", warc


@pytest.fixture(scope="module")
def collection(request, tmp_path_factory):
    """A pywb collection of the crawl's WARC and earlier captures of one piece: as it was in
    March 2023 (edited), then in June and September 2023 (as today: the crawl's digest)."""
    pywb_bin()  # (skipped at once where pywb is missing, before the crawl)
    _, warc = request.getfixturevalue("crawled")
    root = tmp_path_factory.mktemp("pywb")
    older = write_warc(root / "older.warc.gz", [
        {"url": HOST + PIECE, "date": "2023-03-01T10:00:00Z", "body": edited(page(PIECE), 1)},
        {"url": HOST + PIECE, "date": "2023-06-01T10:00:00Z", "body": page(PIECE)},
        {"url": HOST + PIECE, "date": "2023-09-01T10:00:00Z", "body": page(PIECE)}])
    build_collection(root, "news", [warc, older])
    return root


@pytest.fixture(scope="module")
def archive(collection):
    """pywb serving the collection: the CDX index's URL."""
    with serve_pywb(collection) as base:
        yield f"{base}/news/cdx"


def backfill(db, source, *extra, expect=0):
    result = run_cli("backfill", "--site", SITE, "--source", source, "--db", db,
                     "-s", "DOWNLOAD_DELAY=0", *extra)
    assert result.returncode == expect, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result


def of_site(found: dict) -> dict:
    return {url: record for url, record in found.items() if f"/{SITE}/" in url}


def test_a_backfill_gives_the_records_of_a_live_crawl(crawled, archive, tmp_path):
    live, _ = crawled
    db = tmp_path / "past.db"
    result = backfill(db, archive)
    assert f"{SITE}: " in result.stdout and "0 failures" in result.stdout
    got = records(db)
    assert got == of_site(records(live))  # feeds archived too: the same dates as the crawl's
    assert len(got) == 11
    assert rows(db, "select trigger, status, site from crawls") == [
        ("backfill", "finished", SITE)]
    assert json.loads(rows(db, "select args from crawls")[0][0])["source"] == archive
    # provenance: each page's memento, its datetime as the fetch time
    for url, source, uri, when in rows(db, """
            select c.url, c.source, c.source_uri, c.fetched_at
            from articles a join captures c on c.id = a.capture_id"""):
        stamp = when[:19].replace("-", "").replace("T", "").replace(":", "")
        assert source == "web-archive" and uri == f"{archive[:-3]}{stamp}id_/{url}"
    assert rows(db, "select distinct source from article_records") == [("web-archive",)]
    # the WARC record of a memento is the page as archived, saying where it was read from
    warc, = (tmp_path / "warc").glob("*.warc.gz")
    with open(warc, "rb") as fh:
        found = {r.rec_headers.get_header("WARC-Target-URI"): r.rec_headers
                 for r in ArchiveIterator(fh) if r.rec_type == "response"}
    headers = found[HOST + OTHER]
    assert headers.get_header("WARC-Source-URI").startswith(archive[:-3])
    assert headers.get_header("WARC-Date").startswith(
        rows(db, "select fetched_at from articles where url = ?", [HOST + OTHER])[0][0][:19])


def test_versions_follow_the_captures_and_a_second_run_fetches_nothing(archive, tmp_path):
    db = tmp_path / "past.db"
    first = backfill(db, archive)
    versions = rows(db, """select v.version, substr(v.fetched_at, 1, 10),
                                  v.body like 'Edit number 1%'
                           from article_versions v join articles a on a.id = v.article_id
                           where a.url = ? order by v.version""", [HOST + PIECE])
    # March (edited), then June: September and the crawl's capture have June's digest (the
    # page had not changed), so they are not fetched
    assert versions == [(1, "2023-03-01", 1), (2, "2023-06-01", 0)]
    fetched = int(re.search(r"(\d+) fetched", first.stdout).group(1))
    assert fetched == 13  # 11 pieces, one of them twice, and the one gone (404)
    counts = {t: rows(db, f"select count(*) from {t}") for t in ("captures", "article_versions")}
    again = backfill(db, archive)
    assert "0 fetched" in again.stdout and f"{fetched} kept before" in again.stdout
    assert {t: rows(db, f"select count(*) from {t}") for t in counts} == {
        "captures": [(counts["captures"][0][0] + 2,)],  # robots.txt and the index, again
        "article_versions": counts["article_versions"]}


def test_a_backfill_after_a_crawl_keeps_the_crawls_record_current(crawled, archive, tmp_path):
    live, _ = crawled
    db = tmp_path / "both.db"
    db.write_bytes(live.read_bytes())
    current = rows(db, "select body, fetched_at, capture_id from articles where url = ?",
                   [HOST + PIECE])
    backfill(db, archive)
    assert rows(db, "select body, fetched_at, capture_id from articles where url = ?",
                [HOST + PIECE]) == current
    # March's edited text comes first; today's text was already there in June
    assert rows(db, """select v.version, substr(v.fetched_at, 1, 10),
                              v.body like 'Edit number 1%'
                       from article_versions v join articles a on a.id = v.article_id
                       where a.url = ? order by v.version""", [HOST + PIECE]) == [
        (1, "2023-03-01", 1), (2, "2023-06-01", 0)]
    assert rows(db, "select version from articles where url = ?", [HOST + PIECE]) == [(2,)]
    assert rows(db, "select count(*) from articles") == rows(live, "select count(*) from articles")


def test_a_dry_run_lists_the_captures_and_writes_nothing(archive, tmp_path):
    db = tmp_path / "dry.db"
    result = backfill(db, archive, "--dry-run", "--since", "2023-01-01", "--until", "2023-12-31")
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["2023-03-01T10:00:00+00:00", HOST + PIECE], ["2023-06-01T10:00:00+00:00", HOST + PIECE]]
    assert lines[0].split()[2] == f"{archive[:-3]}20230301100000id_/{HOST + PIECE}"
    assert "2 captures to fetch" in result.stderr
    assert not db.exists() or rows(db, "select count(*) from captures") == [(0,)]


def test_a_source_that_is_no_index_is_one_line(archive, sample_site, tmp_path):
    db = tmp_path / "a.db"
    not_an_index = run_cli("backfill", "--site", SITE, "--source",
                           archive.replace("/news/cdx", "/nowhere/cdx"), "--db", db,
                           "-s", "DOWNLOAD_DELAY=0")
    assert not_an_index.returncode == 0  # pywb answers an unknown collection with nothing
    assert "0 captures in the index" in not_an_index.stdout
    html = run_cli("backfill", "--site", SITE, "--source", f"{sample_site}/civic-ledger/cdx",
                   "--db", db, "-s", "DOWNLOAD_DELAY=0")
    assert html.returncode == 1 and "Traceback" not in html.stderr
    assert html.stderr.splitlines()[-1] == (f"Error: could not read the index at "
                                            f"{sample_site}/civic-ledger/cdx: HTTP 404")
    for source, words in (("ftp://example.org/cdx", "not an http(s) URL"),
                          ("https://example.org/search", "--replay")):
        assert_one_line_error(run_cli("backfill", "--site", SITE, "--source", source,
                                      "--db", db), words)
    assert Path(db).exists()


def test_an_index_without_replay_is_read_by_byte_range(crawled, archive, collection, tmp_path):
    """Common Crawl's way: the index says where each capture's WARC record is (file, offset,
    length), and the record's bytes are fetched with a Range request from where the files
    are served. Played here by pywb's index and the collection's own files."""
    live, _ = crawled
    db = tmp_path / "ranges.db"
    with serve_ranges(collection / "collections" / "news" / "archive") as files:
        result = backfill(db, archive, "--warc-prefix", files)
    assert "0 failures" in result.stdout
    assert records(db) == of_site(records(live))
    record_ids = rows(db, """select c.source, c.source_uri, c.source_record, c.source_offset
                             from articles a join captures c on c.id = a.capture_id""")
    assert len(record_ids) == 11
    for source, uri, record_id, offset in record_ids:
        assert source == "web-archive" and uri.startswith(files)
        assert record_id.startswith("<urn:uuid:") and offset is not None
    assert rows(db, """select substr(v.fetched_at, 1, 10) from article_versions v
                       join articles a on a.id = v.article_id where a.url = ?
                       order by v.version""", [HOST + PIECE]) == [("2023-03-01",),
                                                                  ("2023-06-01",)]
