"""`tradepress import-warc`: WARC and ARC files made by other tools become records, as a crawl's.

Real files: the WARCs a real crawl of the sample site wrote, a WARC written by Debian's wget
against the sample site, and WARCs written here with warcio (revisits, pages at several dates,
records cut short, non-HTML payloads), all imported by the real command into real archives.
"""

import gzip
import sqlite3
import subprocess
import time
from io import BytesIO
from pathlib import Path

import pytest
from conftest import _cli, assert_one_line_error, rows, run_cli, system_program
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
from webarchive import wget_warc

from pipelines.archive.warcread import Entry, Problem, read_warc

SITE = Path(__file__).parent.parent / "crawler" / "samplesite" / "site"
HOST = "http://sample.tradepress.example"
PIECE = "/civic-ledger/comment/devolution-deals-must-come-with-fiscal-freedom/1408733.article"
OTHER = "/civic-ledger/comment/net-zero-is-a-procurement-problem-first/1372458.article"


def page(path: str) -> bytes:
    """A sample page as the sample site serves it at HOST."""
    return (SITE / path.lstrip("/")).read_bytes().replace(b"{{BASE}}", HOST.encode())


def edited(html: bytes, n: int) -> bytes:
    """The page with its first paragraph changed: another version of the piece."""
    return html.replace(b"\n<p>", f"\n<p>Edit number {n} of this piece. ".encode(), 1)


def write_warc(path: Path, records: list[dict], gz: bool = True) -> Path:
    """A WARC written with warcio: responses (url, date, body, status, content_type) and
    revisits (kind "revisit", refers to the payload digest of an earlier response)."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for r in records:
            status = r.get("status", 200)
            kind = r.get("type", "text/html; charset=utf-8")
            headers = StatusAndHeaders(f"{status} {'OK' if status == 200 else 'Other'}",
                                       [("Content-Type", kind)], protocol="HTTP/1.1")
            if r.get("kind") == "revisit":
                record = writer.create_revisit_record(
                    r["url"], digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                    refers_to_uri=r["url"], refers_to_date=r["refers_to"],
                    http_headers=headers, warc_headers_dict={"WARC-Date": r["date"]})
            else:
                body = r["body"]
                record = writer.create_warc_record(
                    r["url"], "response", payload=BytesIO(body), length=len(body),
                    http_headers=headers, warc_headers_dict={"WARC-Date": r["date"]})
            writer.write_record(record)
    return path


def records(db) -> dict:
    """Each article's fields and authors, by URL (the comparable part of a record)."""
    out = {}
    for row in rows(db, "select url, title, standfirst, body, published, updated, genre, "
                        "language, paywalled, byline_raw, published_raw, content_hash, "
                        "is_article, site from articles"):
        out[row[0]] = list(row[1:])
    for url, name, role, org in rows(db, """
            select a.url, au.name, aa.role, aa.organisation from article_authors aa
            join articles a on a.id = aa.article_id join authors au on au.id = aa.author_id
            order by a.url, aa.position"""):
        out[url].append((name, role, org))
    return out


def import_warc(db, *files, expect=0, extra=()):
    result = run_cli("import-warc", *files, "--db", db, "--workers", "0", *extra)
    assert result.returncode == expect, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The sample site crawled live (`tradepress demo`): its archive and the WARCs it wrote."""
    folder = tmp_path_factory.mktemp("live")
    result = run_cli("demo", "--db", folder / "live.db", cwd=folder)
    assert result.returncode == 0, result.stderr
    warcs = sorted((folder / "warc").glob("*.warc.gz"))
    assert len(warcs) == 3
    return folder / "live.db", warcs


def test_a_crawls_own_warcs_import_to_the_crawls_records(crawled, tmp_path):
    live, warcs = crawled
    db = tmp_path / "imported.db"
    result = import_warc(db, *warcs, expect=3)  # the crawl's two 404s are failures again
    assert records(db) == records(live)
    assert len(records(db)) == 32
    assert rows(db, "select url, reason, status from failures order by url") == rows(
        live, "select url, reason, status from failures order by url")
    assert "32 new" in result.stdout and "2 failures" in result.stdout
    assert rows(db, "select trigger, status, articles_new, failures from crawls") == [
        ("import", "finished", 32, 2)]
    # provenance: the file, the record's id and offset, the capture's own date
    fetched = dict(rows(live, "select url, fetched_at from articles"))
    for url, source, uri, record_id, offset, when in rows(db, """
            select c.url, c.source, c.source_uri, c.source_record, c.source_offset,
                   c.fetched_at from articles a join captures c on c.id = a.capture_id"""):
        assert source == "warc" and Path(uri) in warcs and record_id.startswith("<urn:uuid:")
        assert fetched[url] == when
        found = next(e for e in read_warc(uri) if isinstance(e, Entry) and e.offset == offset)
        assert found.url == url and found.record_id == record_id
    assert rows(db, "select distinct source from article_records") == [("warc",)]
    assert rows(live, "select distinct source from article_records") == [("crawl",)]
    # re-extraction reads imported captures as any other: nothing changes
    again = run_cli("reprocess", "--db", db, "--workers", "0")
    assert again.returncode == 0 and "32 unchanged" in again.stdout, again.stdout + again.stderr
    assert records(db) == records(live)


def test_a_second_import_adds_nothing(crawled, tmp_path):
    _, warcs = crawled
    db = tmp_path / "twice.db"
    import_warc(db, *warcs, expect=3)
    tables = ("articles", "article_versions", "captures", "failures", "article_authors",
              "bodies")
    before = {t: rows(db, f"select count(*) from {t}") for t in tables}
    again = import_warc(db, *warcs)
    assert {t: rows(db, f"select count(*) from {t}") for t in tables} == before
    assert "0 captures kept" in again.stdout and "0 failures" in again.stdout
    # the import's own copy of each response, in the archive's warc folder
    copies = list((tmp_path / "warc").glob("tradepress-import-*.warc.gz"))
    assert len(copies) == 1
    kept = [e for e in read_warc(copies[0]) if isinstance(e, Entry)]
    assert len(kept) == before["captures"][0][0]


@pytest.fixture
def wget():
    """Debian's wget (skipped at once where it is missing, before the crawl)."""
    return system_program("wget", package="wget")


def test_a_wget_warc_imports_like_the_crawl(wget, request, sample_site, tmp_path):
    live, _ = request.getfixturevalue("crawled")
    urls = [HOST + PIECE, HOST + OTHER, HOST + "/civic-ledger/static/ledger.css",
            HOST + "/civic-ledger/comment/why-we-scrapped-the-citizens-panel/1361180.article"]
    warc = wget_warc(urls, tmp_path / "wget", proxy=sample_site)
    db = tmp_path / "wget.db"
    result = import_warc(db, warc, expect=3)  # the 404
    assert "2 new" in result.stdout and "1 not wanted" in result.stdout
    got, want = records(db), records(live)
    assert set(got) == {HOST + PIECE, HOST + OTHER}
    for url in got:  # no feed in this WARC: the date is the page's own reading of it
        title, standfirst, body, published = got[url][:4]
        assert [title, standfirst, body] == want[url][:3]
        assert published[:10] == want[url][3][:10]
        assert got[url][13:] == want[url][13:]  # authors, roles, organisations
    everything = import_warc(tmp_path / "all.db", warc, expect=3, extra=["--all"])
    assert "1 not HTML" in everything.stdout


def test_versions_follow_capture_time_whatever_the_order(tmp_path):
    html = page(PIECE)
    url = HOST + PIECE
    later = write_warc(tmp_path / "later.warc.gz", [
        {"url": url, "date": "2024-05-01T10:00:00Z", "body": edited(html, 1)},
        {"url": url, "date": "2024-09-01T10:00:00Z", "kind": "revisit",
         "refers_to": "2024-05-01T10:00:00Z"},
        {"url": url, "date": "2025-05-01T10:00:00Z", "body": edited(html, 2)}])
    db = tmp_path / "a.db"
    import_warc(db, later)
    assert rows(db, "select version, fetched_at from article_versions order by version") == [
        (1, "2024-05-01T10:00:00+00:00"), (2, "2025-05-01T10:00:00+00:00")]
    current = rows(db, "select body, version, fetched_at from articles")
    assert "Edit number 2" in current[0][0]
    # an older capture met afterwards finds its place in time; today's record stands
    earlier = write_warc(tmp_path / "earlier.warc", [
        {"url": url, "date": "2023-03-01T10:00:00Z", "body": html},
        {"url": url, "date": "2024-08-01T10:00:00Z", "body": edited(html, 1)}], gz=False)
    result = import_warc(db, earlier)
    assert "1 new version," in result.stdout
    versions = rows(db, "select version, fetched_at, body like '%Edit number%' "
                        "from article_versions order by version")
    assert versions == [(1, "2023-03-01T10:00:00+00:00", 0), (2, "2024-05-01T10:00:00+00:00", 1),
                        (3, "2025-05-01T10:00:00+00:00", 1)]
    assert rows(db, "select body, version, fetched_at from articles") == [
        (current[0][0], 3, current[0][2])]
    assert rows(db, "select first_seen_at from article_urls where url = ?", [url]) == [
        ("2023-03-01T10:00:00+00:00",)]
    assert rows(db, "select count(*) from captures where article_id is not null") == [(5,)]


@pytest.mark.parametrize("gz", [True, False])
def test_a_record_cut_short_is_a_failure_and_the_rest_stands(tmp_path, gz):
    html = page(PIECE)
    whole = write_warc(tmp_path / "whole.warc", [
        {"url": HOST + PIECE, "date": "2019-05-01T10:00:00Z", "body": html},
        {"url": HOST + OTHER, "date": "2019-05-01T10:00:01Z", "body": page(OTHER)}], gz=gz)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[:len(data) - 2000])
    problems = [e for e in read_warc(cut) if isinstance(e, Problem)]
    assert len(problems) == 1 and "cut short" in problems[0].error
    db = tmp_path / "a.db"
    import_warc(db, cut, expect=3)
    assert rows(db, "select url from articles") == [(HOST + PIECE,)]
    (where, reason, error), = rows(db, "select url, reason, error from failures")
    assert where == str(cut.resolve()) and reason == "warc"
    assert error.startswith(f"offset {problems[0].offset}: ")
    import_warc(db, cut, expect=3)  # the same failure is not recorded twice
    assert rows(db, "select count(*) from failures") == [(1,)]


def test_a_file_that_is_no_warc_is_one_failure_and_the_others_are_imported(tmp_path):
    junk = tmp_path / "notes.warc.gz"
    junk.write_bytes(gzip.compress(b"<html>not an archive</html>"))
    good = write_warc(tmp_path / "good.warc.gz", [
        {"url": HOST + PIECE, "date": "2019-05-01T10:00:00Z", "body": page(PIECE)},
        {"url": HOST + OTHER, "date": "2019-05-01T10:00:00Z", "body": b"\x89PNG....",
         "type": "image/png"}])
    db = tmp_path / "a.db"
    result = import_warc(db, junk, good, expect=3)
    assert rows(db, "select url from articles") == [(HOST + PIECE,)]
    assert "1 not HTML" in result.stdout
    assert rows(db, "select reason, error from failures") == [
        ("warc", "offset 0: not a WARC or ARC file (it starts with '<html>not an archive')")]
    missing = run_cli("import-warc", tmp_path / "nowhere.warc", "--db", db)
    assert_one_line_error(missing, "nowhere.warc")
    assert rows(db, "select count(*) from articles") == [(1,)]  # nothing lost


def test_an_arc_file_imports(tmp_path):
    html = page(PIECE)
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
            % len(html) + html)
    desc = b"1 0 tradepress\nURL IP-address Archive-date Content-type Archive-length\n"
    head = b"filedesc://old.arc 0.0.0.0 20090301100000 text/plain %d\n" % len(desc) + desc
    record = (b"%s 192.0.2.1 20090301100000 text/html %d\n" % ((HOST + PIECE).encode(),
                                                               len(http)) + http)
    arc = tmp_path / "old.arc.gz"
    arc.write_bytes(gzip.compress(head + b"\n") + gzip.compress(record + b"\n"))
    db = tmp_path / "a.db"
    import_warc(db, arc)
    assert rows(db, "select url, fetched_at from articles") == [
        (HOST + PIECE, "2009-03-01T10:00:00+00:00")]
    assert rows(db, "select source, source_record from captures") == [("warc", None)]


def many_pages(path: Path, n: int) -> Path:
    """A WARC of ``n`` distinct pieces (the sample piece, each with a paragraph of its own)."""
    html = page(PIECE)
    return write_warc(path, [
        {"url": HOST + PIECE.replace("1408733", str(2000000 + i)),
         "date": f"2024-05-01T10:{i // 60 % 60:02d}:{i % 60:02d}Z", "body": edited(html, i)}
        for i in range(n)])


def test_a_killed_import_finishes_when_run_again(tmp_path):
    warc = many_pages(tmp_path / "many.warc.gz", 300)
    db = tmp_path / "a.db"
    command, env = _cli(["import-warc", warc, "--db", db, "--workers", "0"])
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        deadline = time.monotonic() + 120
        while not rows_or_none(db, "select count(*) from articles") and (
                time.monotonic() < deadline):
            time.sleep(0.05)
        process.kill()
    kept = rows(db, "select count(*) from articles")[0][0]
    assert 0 < kept < 300
    import_warc(db, warc)
    clean = tmp_path / "clean.db"
    import_warc(clean, warc)
    assert records(db) == records(clean)
    assert rows(db, "select count(*) from captures") == [(300,)]
    assert rows(db, "select status from crawls order by id") == [("interrupted",), ("finished",)]


def rows_or_none(db, sql):
    try:
        return rows(db, sql)[0][0] if Path(db).exists() else None
    except sqlite3.Error:
        return None

