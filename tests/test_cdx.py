"""The CDX client's pure functions: the three shapes of an index's answer, collapsing by
digest, where captures are replayed or fetched by byte range. (Against a real pywb:
tests/test_backfill.py.)"""

import json

import pytest

from crawler.cdx import (
    COMMON_CRAWL_DATA,
    Memento,
    collapse,
    http_date_iso,
    memento_url,
    parse_cdx,
    query_url,
    record_range,
    replay_base,
    url_prefix,
    warc_prefix_for,
)

URL = "http://www.example.co.uk/comment/a-piece/123.article"


def test_the_wayback_machines_json_array_with_its_resume_key():
    answer = json.dumps([
        ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"],
        ["uk,co,example)/comment/a-piece/123.article", "20170301100000", URL, "text/html",
         "200", "AAAA", "5000"],
        ["uk,co,example)/comment/a-piece/123.article", "20180301100000", URL, "text/html",
         "-", "AAAA", "120"],
        [], ["uk%2Cco%2Cexample%29%2Fcomment+20180301100000"]])
    mementos, resume = parse_cdx(answer)
    assert resume == "uk%2Cco%2Cexample%29%2Fcomment+20180301100000"
    assert mementos == [Memento(URL, "20170301100000", "text/html", 200, "AAAA", length=5000),
                        Memento(URL, "20180301100000", "text/html", None, "AAAA", length=120)]
    assert mementos[0].when == "2017-03-01T10:00:00+00:00"


def test_pywb_and_common_crawl_json_lines_and_plain_cdx_lines():
    line = {"urlkey": "x", "timestamp": "20240101000000", "url": URL, "mime": "text/html",
            "status": "200", "digest": "BBBB", "length": "900", "offset": "1234",
            "filename": "crawl-data/CC-MAIN-2024-10/segments/1/warc/a.warc.gz"}
    mementos, resume = parse_cdx(json.dumps(line) + "\n" + json.dumps(line) + "\n")
    assert resume is None and len(mementos) == 2
    assert (mementos[0].offset, mementos[0].length, mementos[0].filename) == (
        1234, 900, line["filename"])
    plain, _ = parse_cdx(f"x 20170301 {URL} text/html 301 CCCC 300\n")
    assert plain == [Memento(URL, "20170301000000", "text/html", 301, "CCCC", length=300)]
    assert parse_cdx("") == ([], None)
    for junk in ("<html>not an index</html>", "[1, 2"):
        with pytest.raises(ValueError):
            parse_cdx(junk)


def test_collapse_keeps_each_content_once_in_time_order():
    def at(stamp, digest, url=URL):
        return Memento(url, stamp, "text/html", 200, digest)
    found = [at("20190101000000", "B"), at("20170101000000", "A"), at("20180101000000", "A"),
             at("20200101000000", "A"), at("20180101000000", "A", URL + "?print")]
    assert [(m.timestamp[:4], m.digest, m.url == URL) for m in collapse(found)] == [
        ("2017", "A", True), ("2018", "A", False), ("2019", "B", True), ("2020", "A", True)]


def test_where_captures_are_asked_for_and_fetched():
    query = query_url("https://web.archive.org/cdx/search/cdx", url_prefix(
        "https://www.example.co.uk/comment/"), "2016-01-01", "2018-12-31", 100, "KEY")
    assert query == ("https://web.archive.org/cdx/search/cdx?url=www.example.co.uk%2Fcomment"
                     "%2F%2A&output=json&from=20160101&to=20181231&limit=100"
                     "&showResumeKey=true&resumeKey=KEY")
    assert replay_base("https://web.archive.org/cdx/search/cdx") == "https://web.archive.org/web/"
    assert replay_base("http://127.0.0.1:8080/news/cdx") == "http://127.0.0.1:8080/news/"
    with pytest.raises(ValueError, match="--replay"):
        replay_base("https://index.commoncrawl.org/CC-MAIN-2024-10-index")
    memento = Memento(URL, "20170301100000", filename="a/b.warc.gz", offset=10, length=5)
    assert memento_url("https://web.archive.org/web/", memento) == (
        f"https://web.archive.org/web/20170301100000id_/{URL}")
    assert record_range(COMMON_CRAWL_DATA, memento) == (
        "https://data.commoncrawl.org/a/b.warc.gz", "bytes=10-14")
    assert record_range(COMMON_CRAWL_DATA, Memento(URL, "20170301100000")) is None
    assert warc_prefix_for("https://index.commoncrawl.org/CC-MAIN-2024-10-index") == (
        COMMON_CRAWL_DATA)
    assert warc_prefix_for("https://web.archive.org/cdx/search/cdx") is None
    assert http_date_iso("Wed, 01 Mar 2017 10:00:00 GMT") == "2017-03-01T10:00:00+00:00"
    assert http_date_iso("yesterday") is None
