"""The fault suite: a real crawl of a site where everything goes wrong (faultsite).

Every fault is handled: bounded retries where it makes sense, the crawl goes on, each failure is
recorded with its reason word, the summary and exit status say what failed, and nothing already
archived is touched when pages that were good turn bad.
"""

from urllib.parse import urlsplit

import pytest
from conftest import rows, run_cli, run_cli_measured
from faultsite import (
    ALIAS_COPIES,
    ALIAS_PIECE,
    ALIAS_TITLE,
    BROKEN_DISCOVERY,
    CALENDAR,
    DUPLICATES,
    FAULTS,
    OFFSITE_LINKS,
    REFUSED_LINKS,
    TEXT,
    serve_faults,
)

from crawler.fetch import clean_url

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=2",
        "-s", "TRADEPRESS_RETRY_AFTER_MAX=5"]


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    """The fault site, and an archive after one crawl of it."""
    folder = tmp_path_factory.mktemp("faults")
    with serve_faults() as site:
        site.write_profile(folder / "sites")
        db = folder / "archive.db"
        result, result.maxrss = run_cli_measured(  # type: ignore[attr-defined]
            "crawl", "--site", "faulty", "--sites-dir", folder / "sites", "--db", db, *FAST,
            timeout=300)
        yield site, db, result, folder


def by_path(db, table, column="url"):
    return {urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else ""): row
            for url, *row in rows(db, f"select {column}, * from {table}")}


def test_every_fault_ends_archived_or_recorded_with_its_reason(faulty):
    site, db, result, _ = faulty
    articles = {urlsplit(u).path for (u,) in rows(db, "select url from articles")}
    failures = {urlsplit(u).path: (reason, kind, error) for u, reason, kind, error in
                rows(db, "select url, reason, kind, error from failures")}
    for fault in FAULTS:
        if fault.expect == "archived":
            assert fault.path in articles, (fault, failures.get(fault.path))
            assert fault.path not in failures, (fault, failures[fault.path])
        else:
            assert fault.path in failures, (fault, result.stdout, result.stderr)
            assert failures[fault.path][0] == fault.expect, (fault, failures[fault.path])
            assert fault.path not in articles, fault
    # every failure got a reason word more precise than the catch-all
    assert rows(db, "select url, error from failures where reason is null or reason = 'error'"
                ) == []
    assert rows(db, "pragma integrity_check") == [("ok",)]


def test_bounded_retries_and_retry_after(faulty):
    site, *_ = faulty
    assert site.hits["/comment/e503-retry"] == 2      # waited 1 s as asked, then got it
    assert site.hits["/comment/e429"] == 2
    assert site.hits["/comment/e503-later"] == 1      # an hour's wait is not waited for
    assert site.hits["/comment/e500"] == 3            # the first try and two retries
    assert site.hits["/comment/e503"] == 3
    assert site.hits["/comment/e404"] == site.hits["/comment/e403"] == 1  # not retried
    assert site.hits["/comment/timeout"] == 3


def test_the_crawl_summary_and_exit_status_say_what_failed(faulty):
    _, db, result, _ = faulty
    assert result.returncode == 3, result.stdout + result.stderr  # finished, some URLs failed
    assert "Traceback" not in result.stderr
    recorded = dict(rows(db, "select reason, count(*) from failures group by reason"))
    for reason, count in recorded.items():
        assert f"{reason} {count}" in result.stdout, (reason, result.stdout)
    (status, failures), = rows(db, "select status, failures from crawls")
    assert status == "finished" and failures == sum(recorded.values())


def test_one_article_under_many_urls_is_one_record(faulty):
    site, db, *_ = faulty
    urls = [u for (u,) in rows(db, "select url from articles where url like '%dup-piece%'")]
    assert urls == [f"{site.url}comment/dup-piece"]
    assert site.hits["/comment/dup-piece"] == 1
    assert not any(k.startswith("/comment/dup-piece?utm") for k in site.hits)  # cleaned first
    assert rows(db, "select count(*) from failures where url like '%dup-piece%'") == [(0,)]
    assert len(DUPLICATES) == 3


def test_mislabelled_charsets_are_read_right(faulty):
    _, db, *_ = faulty
    for path in ("cp1252-as-utf8", "latin1-as-utf8", "utf8-as-latin1", "no-charset"):
        (title, body, authors), = rows(
            db, "select a.title, a.body, group_concat(au.name) from articles a join "
                "article_authors aa on aa.article_id = a.id join authors au on au.id = "
                "aa.author_id where a.url like ?", [f"%/comment/{path}"])
        assert "Café society" in title and "\ufffd" not in body + title and "Ã" not in title
        assert authors == "Zoë Brontë"
    assert TEXT.startswith("Café")


def test_the_crawl_never_leaves_the_site_or_http(faulty):
    site, db, *_ = faulty
    refused = {u for (u,) in rows(db, "select url from failures where reason = 'refused'")}
    assert {clean_url(u) for u in REFUSED_LINKS} <= refused
    assert rows(db, "select count(*) from failures where url like 'http://elsewhere%'") == [(0,)]
    assert not any("elsewhere" in u for (u,) in rows(db, "select url from captures"))
    assert OFFSITE_LINKS and site.hits["/private/secret-piece"] == 0  # robots.txt obeyed
    assert all(ua.startswith("tradepress/") for ua in site.user_agents)


def test_traps_and_broken_discovery_documents(faulty):
    site, db, *_ = faulty
    calendar = [p for p in site.hits if p.startswith("/events/")]
    assert CALENDAR in calendar and len(calendar) == 5  # max_listing_pages in the profile
    for path, reason in BROKEN_DISCOVERY.items():
        assert rows(db, "select reason from failures where url like ?", [f"%{path}"]) == \
            [(reason,)], path
    assert rows(db, "select kind from failures where url like '%feed-broken.xml'") == [("feed",)]


def test_huge_bodies_and_bombs_are_cut_off_without_the_memory(faulty):
    _, db, result, _ = faulty
    errors = dict(rows(db, "select substr(url, instr(url, '/comment/')), error from failures "
                           "where reason = 'too-large'"))
    assert set(errors) == {"/comment/huge", "/comment/huge-chunked", "/comment/gzip-bomb"}
    # the crawl (and its extraction workers) never held the 1 GB the bomb unpacks to
    assert 0 < result.maxrss < 700 * 1024


def test_a_commands_peak_memory_is_its_own_not_the_test_sessions():
    """The measure above is the command's: this process's own peak (the whole session's, by
    then) used to come with it (a vfork child's rusage starts from its parent's high water)."""
    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])  # resident, not just reserved
    del ballast
    _, peak_kb = run_cli_measured("--help")
    assert 0 < peak_kb < 300 * 1024


def test_good_pages_turning_bad_leave_the_archive_untouched(faulty):
    site, db, _, folder = faulty
    before = rows(db, "select url, content_hash, version, body, gone_at from articles "
                      "order by url")
    site.break_page("/comment/ok-1", like="/comment/empty")
    site.break_page("/comment/ok-2", like="/comment/pdf")
    site.break_page("/comment/dup-piece", like="/comment/e500")
    site.break_page("/comment/malformed", like="/comment/reset")
    site.break_page("/comment/no-charset", like="/comment/huge")
    result = run_cli("crawl", "--site", "faulty", "--sites-dir", folder / "sites", "--db", db,
                     "--recheck", *FAST, timeout=300)
    assert result.returncode == 3, result.stderr
    assert rows(db, "select url, content_hash, version, body, gone_at from articles "
                    "order by url") == before
    second = dict(rows(db, "select substr(url, instr(url, '/comment/')), reason from failures "
                           "where crawl_id = (select max(id) from crawls)"))
    assert second["/comment/ok-1"] == "empty" and second["/comment/ok-2"] == "not-html"
    assert second["/comment/dup-piece"] == "http" and second["/comment/malformed"] == "connection"
    assert second["/comment/no-charset"] == "too-large"
    assert rows(db, "pragma integrity_check") == [("ok",)]


def test_deep_markup_and_stray_nul_bytes_are_archived_whole(faulty):
    """libxml2 stops at 256 levels of nesting unless told otherwise, and one NUL byte once made
    a page "binary": both pages are articles, every paragraph kept."""
    _, db, _, _ = faulty
    for path in ("/comment/deep-nesting", "/comment/nul-attribute"):
        (is_article, body), = rows(db, "select is_article, body from articles where url like ?",
                                   (f"%{path}",))
        assert is_article == 1, path
        assert body.count("grants alone do not bring shoppers back") == 8, (path, body)
    for path, words in (("too-deep", "nested too deeply"), ("lying-gzip", "Content-Encoding")):
        (error,), = rows(db, "select distinct error from failures where url like ?",
                         (f"%/comment/{path}",))
        assert words in error, path


def test_one_article_at_five_addresses_without_canonical_is_one_record(faulty):
    """Its URL, tracking parameters, a print path, re-encoded bytes, a mirror after a 503, and
    only an og:url on another host: one article with four URLs (the tracking copy is folded
    before it is asked for), each 200 capture linked to it; the re-check crawl above fetched
    them all again and added nothing; `show` and `history` list every URL."""
    site, db, _, folder = faulty
    (article_id, url, versions), = rows(db, "select id, url, version from articles "
                                            "where title = ?", [ALIAS_TITLE])
    assert url == f"{site.url}comment/alias-piece" and versions == 1
    urls = [site.url.rstrip("/") + p for p in (ALIAS_PIECE, *ALIAS_COPIES[1:])]
    assert sorted(u for (u,) in rows(db, "select url from article_urls where article_id = ?",
                                     [article_id])) == sorted(urls)
    assert not any("utm_" in path for path in site.hits if "alias-piece" in path)
    assert site.hits["/comment/alias-piece-mirror"] >= 2  # a 503, then the page
    crawls = rows(db, "select count(*) from crawls")[0][0]
    assert crawls == 2 and all(site.hits[urlsplit(u).path] == 2 for u in urls[:3])
    # every article capture at these URLs: kept, and linked to the article
    linked = rows(db, "select article_id, count(*) from captures where status = 200 and "
                      f"url in ({', '.join('?' for _ in urls)}) group by article_id", urls)
    assert linked == [(article_id, 8)]  # four URLs, two crawls
    assert rows(db, "select count(*) from article_versions where article_id = ?",
                [article_id]) == [(1,)]
    tracked = site.url.rstrip("/") + ALIAS_COPIES[0]  # the fifth: found as a crawl asks for it
    for command, key in (("show", urls[2]), ("history", urls[1]), ("show", tracked),
                         ("history", tracked)):
        result = run_cli(command, key, "--db", db)
        assert result.returncode == 0, result.stderr
        assert all(u in result.stdout for u in urls), (command, result.stdout)
