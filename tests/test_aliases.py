"""One article, several URLs (issue 16): the same title and body on one site, at URLs no
rel=canonical ties together, is one article whose URLs are all in ``article_urls``, with every
capture kept and linked to it; what must not merge stays apart. Real SQLite files throughout;
the pages are the fault site's five-address piece, read by the real extractor."""

import sqlite3

import pytest
import sqlite_utils
from faultsite import ALIAS_COPIES, ALIAS_PIECE, alias_page

from crawler.fetch import clean_url
from pipelines.archive.captures import insert_capture
from pipelines.archive.history import versions
from pipelines.archive.migrations import MIGRATIONS
from pipelines.archive.store import Archive, known_articles
from pipelines.extract import extract_article
from pipelines.items import Page
from tradepress.research import queries

BASE = "https://gazette.example"
FETCHED = "2024-05-02T10:00:00+00:00"
# what each of the five addresses serves: (path, view of alias_page, encoding)
FIVE = [(ALIAS_PIECE, "web", "utf-8"), (ALIAS_COPIES[0], "web", "utf-8"),
        (ALIAS_COPIES[1], "print", "utf-8"), (ALIAS_COPIES[2], "cp1252", "cp1252"),
        (ALIAS_COPIES[3], "web", "utf-8")]
LONG = " ".join(f"Paragraph word{i} about councils and their budgets." for i in range(20))
SHORT = ("Sorry, the page you are looking for cannot be found. It may have been moved or "
         "deleted. Try the search box or go back to the home page.")


def fetched(archive, url, html: bytes, record, *, site="faulty", etag=None) -> Page:
    """A page as the crawl hands it to storage, with its capture row."""
    headers = {"ETag": etag} if etag else {}
    capture_id = insert_capture(archive.db, crawl_id=None, site=site, kind="article", url=url,
                                requested_url=url, status=200, reason="",
                                headers=list(headers.items()), redirects=[], body=html,
                                fetched_at=FETCHED)
    return Page(url=url, requested_url=url, status=200, headers=headers, body=html,
                encoding="utf-8", fetched_at=FETCHED, site=site, source="feed", record=record,
                capture_id=capture_id)


def real_page(archive, path, view, encoding, **kw) -> Page:
    url = clean_url(BASE + path)  # what the spider does to every URL before asking for it
    html = alias_page(view).encode(encoding)
    record = extract_article(html, url, fetched_at=FETCHED, article_url=True)
    return fetched(archive, url, html, record, **kw)


def made_page(archive, url, title, body, *, site="faulty", is_article=True) -> Page:
    record = {"url": url, "title": title, "body": body, "is_article": is_article,
              "not_article_reason": None if is_article else "short", "genre": "opinion"}
    return fetched(archive, url, body.encode(), record, site=site)


def write(archive, page) -> str:
    return archive.write_batch(None, [page])[0]


def count(archive, sql, params=()):
    return archive.db.execute(sql, params).fetchone()[0]


@pytest.mark.parametrize(("one", "other", "same"), [
    ("Café “bold” plan — costs…", "CAFÉ \"bold\" plan - costs...", True),  # case, typography
    ("Cafe\u0301 society", "Café society", True),            # decomposed accent (NFD)
    ("Coun\u00adcils\u200b act", "Councils act", True),      # soft hyphen, zero-width space
    ("the  ﬁrst\u00a0step\n\nnext", "the first step next", True),  # ligature, nbsp, breaks
    ("Councils act", "Councils acted", False),               # another word
    ("Councils act", "Councils, act", False),                # punctuation is text
])
def test_the_content_key_folds_what_a_reader_does_not_see(one, other, same):
    from pipelines.archive.aliases import content_key
    keys = [content_key({"title": text, "body": f"{text} {LONG}"}) for text in (one, other)]
    assert None not in keys and (keys[0] == keys[1]) is same


def test_no_key_for_a_non_article_or_a_short_body():
    from pipelines.archive.aliases import MIN_KEY_WORDS, content_key
    words = " ".join(["word"] * MIN_KEY_WORDS)
    assert content_key({"title": "t", "body": words}) is not None
    assert content_key({"title": "t", "body": words.rsplit(" ", 1)[0]}) is None
    assert content_key({"title": "t", "body": words, "is_article": False}) is None


def test_five_addresses_of_one_article_are_one_record_with_four_urls(tmp_path):
    """Its URL, tracking parameters (folded by clean_url into the same URL: exactly four URLs),
    the print path, re-encoded bytes, a mirror after a 503: one article, one version, four
    URLs, five captures all linked to it; a second round adds no article, URL or version."""
    archive = Archive(tmp_path / "a.db")
    outcomes = [write(archive, real_page(archive, *five)) for five in FIVE]
    assert count(archive, "select count(*) from articles") == 1
    assert outcomes == ["new", "unchanged", "unchanged", "unchanged", "unchanged"]
    (article_id, url, version), = archive.db.execute("select id, url, version from articles")
    assert url == BASE + ALIAS_PIECE and version == 1
    assert dict(archive.db.execute("select url, found_by from article_urls "
                                   "where article_id = ?", [article_id])) == {
        BASE + ALIAS_PIECE: "canonical", BASE + ALIAS_COPIES[1]: "content",
        BASE + ALIAS_COPIES[2]: "content", BASE + ALIAS_COPIES[3]: "content"}
    assert archive.db.execute("select count(*), count(distinct article_id), min(article_id) "
                              "from captures").fetchone() == (5, 1, article_id)
    # the same five again: nothing new but the captures, each linked
    assert [write(archive, real_page(archive, *five)) for five in FIVE] == ["unchanged"] * 5
    assert [count(archive, f"select count(*) from {t}") for t in (
        "articles", "article_urls", "article_versions")] == [1, 4, 1]
    assert count(archive, "select count(*) from captures where article_id = ?",
                 [article_id]) == 10
    # found by any of its URLs; show and history list them all
    for path, *_ in FIVE:
        assert queries.record(archive.db, clean_url(BASE + path))["id"] == article_id
        assert versions(archive.db, clean_url(BASE + path))[0]["url"] == url
    assert [u["url"] for u in queries.record(archive.db, str(article_id))["urls"]][0] == url
    assert len(queries.record(archive.db, url)["urls"]) == 4


def test_a_later_fetch_of_another_url_updates_the_same_article(tmp_path):
    archive = Archive(tmp_path / "a.db")
    write(archive, made_page(archive, f"{BASE}/comment/a", "A title", LONG))
    assert write(archive, made_page(archive, f"{BASE}/print/a", "A title", LONG)) == "unchanged"
    edited = LONG + " A correction was added."
    assert write(archive, made_page(archive, f"{BASE}/print/a", "A title", edited)) == "updated"
    assert archive.db.execute("select url, version, body from articles").fetchall() == [
        (f"{BASE}/comment/a", 2, edited)]
    assert count(archive, "select count(*) from article_urls") == 2


def test_a_url_never_moves_to_another_article(tmp_path):
    """A page asked for at one article's URL that now names another URL and has other
    content is another article; the URL it was asked for stays the first one's."""
    archive = Archive(tmp_path / "a.db")
    write(archive, made_page(archive, f"{BASE}/comment/latest", "First", LONG))
    page = made_page(archive, f"{BASE}/comment/second", "Second", LONG + " Other.")
    page.requested_url = page.url = f"{BASE}/comment/latest"
    assert write(archive, page) == "new"
    assert archive.db.execute("select a.url from article_urls u join articles a on "
                              "a.id = u.article_id where u.url = ?",
                              [f"{BASE}/comment/latest"]).fetchall() == [
        (f"{BASE}/comment/latest",)]
    assert count(archive, "select count(*) from articles") == 2


def test_same_title_different_bodies_stay_two(tmp_path):
    archive = Archive(tmp_path / "a.db")
    write(archive, made_page(archive, f"{BASE}/comment/a", "Letters", LONG))
    other = LONG.replace("word7", "different")
    assert write(archive, made_page(archive, f"{BASE}/comment/b", "Letters", other)) == "new"
    # control: the first body again, at a third URL, is the first article
    assert write(archive, made_page(archive, f"{BASE}/comment/c", "letters ", LONG)) == (
        "unchanged")
    assert count(archive, "select count(*) from articles") == 2


def test_a_short_not_found_page_on_many_urls_does_not_merge(tmp_path):
    archive = Archive(tmp_path / "a.db")
    for n in range(5):
        write(archive, made_page(archive, f"{BASE}/comment/missing-{n}", "Page not found",
                                 SHORT))
    assert count(archive, "select count(*) from articles where title = 'Page not found'") == 5
    # control: a long piece at two URLs is one
    write(archive, made_page(archive, f"{BASE}/comment/a", "A piece", LONG))
    write(archive, made_page(archive, f"{BASE}/print/a", "A piece", LONG))
    assert count(archive, "select count(*) from articles where title = 'A piece'") == 1


def test_the_same_content_on_two_sites_stays_two(tmp_path):
    archive = Archive(tmp_path / "a.db")
    write(archive, made_page(archive, f"{BASE}/comment/a", "Syndicated", LONG))
    assert write(archive, made_page(archive, "https://other.example/x", "Syndicated", LONG,
                                    site="other")) == "new"
    write(archive, made_page(archive, "https://other.example/print/x", "Syndicated", LONG,
                             site="other"))  # control: the second site's own copy joins it
    assert archive.db.execute("select site, count(*) from articles group by site order by site"
                              ).fetchall() == [("faulty", 1), ("other", 1)]


def test_a_non_article_never_merges_with_an_article(tmp_path):
    archive = Archive(tmp_path / "a.db")
    for url in (f"{BASE}/comment/list-1", f"{BASE}/comment/list-2"):
        write(archive, made_page(archive, url, "Latest", LONG, is_article=False))
    assert write(archive, made_page(archive, f"{BASE}/comment/a", "Latest", LONG)) == "new"
    write(archive, made_page(archive, f"{BASE}/print/a", "Latest", LONG))  # control
    assert archive.db.execute("select is_article, count(*) from articles group by is_article"
                              ).fetchall() == [(0, 2), (1, 1)]


def test_recrawl_knows_every_url_with_its_own_validators_and_gone_dates(tmp_path):
    db_path = tmp_path / "a.db"
    archive = Archive(db_path)
    for (path, view, encoding), etag in zip(FIVE[:3], ('"w1"', None, '"p1"'), strict=True):
        write(archive, real_page(archive, path, view, encoding, etag=etag))
    known = known_articles(str(db_path), "faulty")
    assert {u: k["etag"] for u, k in known.items()} == {
        BASE + ALIAS_PIECE: '"w1"', BASE + ALIAS_COPIES[1]: '"p1"'}
    # the print view taken down: that URL is gone, the article is not
    gone = Page(url=BASE + ALIAS_COPIES[1], requested_url=BASE + ALIAS_COPIES[1], status=404,
                headers={}, body=b"", encoding="utf-8", fetched_at=FETCHED, site="faulty",
                source="recheck", record={"gone": True})
    assert write(archive, gone) == "gone"
    assert count(archive, "select count(*) from articles where gone_at is not null") == 0
    assert known_articles(str(db_path), "faulty")[BASE + ALIAS_COPIES[1]]["gone_at"] == FETCHED
    gone.url = gone.requested_url = BASE + ALIAS_PIECE
    write(archive, gone)
    assert count(archive, "select count(*) from articles where gone_at is not null") == 1


def test_an_old_archive_gets_its_urls_keys_and_capture_links(tmp_path):
    """An archive from before article_urls opens, each article gets its URL (and the one it
    was asked for), its content key and its captures; a second open changes nothing; a new
    URL with the same content then joins the old article."""
    db_path = tmp_path / "old.db"
    db = sqlite_utils.Database(db_path)
    db.execute("create table _migrations (name text primary key, applied_at text)")
    for name, step in MIGRATIONS[:[n for n, _ in MIGRATIONS].index("0007_non_articles") + 1]:
        step(db)
        db.execute("insert into _migrations values (?, '2026-01-01')", [name])
    db.execute("insert into captures (kind, url, requested_url, status, fetched_at) values "
               "('article', ?, ?, 200, '2025-01-01')", [f"{BASE}/a", f"{BASE}/a?from=feed"])
    db.execute("insert into articles (url, requested_url, site, title, body, content_hash, "
               "fetched_at, capture_id) values (?, ?, 'faulty', 'Old piece', ?, 'abc', "
               "'2025-01-01', 1)", [f"{BASE}/a", f"{BASE}/a?from=feed", LONG])
    db.close()
    for _ in range(2):
        archive = Archive(db_path)
        assert archive.db.execute("select url, found_by from article_urls order by id"
                                  ).fetchall() == [(f"{BASE}/a", "canonical"),
                                                   (f"{BASE}/a?from=feed", "fetched")]
        assert count(archive, "select count(*) from articles where content_key is null") == 0
        assert count(archive, "select article_id from captures") == 1
        archive.close()
    archive = Archive(db_path)
    assert write(archive, made_page(archive, f"{BASE}/print/a", "Old piece", LONG)) == (
        "unchanged")
    assert count(archive, "select count(*) from articles") == 1
    conn = sqlite3.connect(db_path)
    assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    conn.close()


def test_copies_met_in_one_crawl_give_the_plainest_url_whatever_the_order(tmp_path):
    """In the crawl that first archives it, the article's own URL is the plainest of its copies
    (not the print path nor whichever answered first) and its first version is read there;
    in a later crawl a plainer copy joins without taking the article's URL."""
    archive = Archive(tmp_path / "a.db")
    crawl = archive.start_crawl("faulty", "manual", {})
    pages = [real_page(archive, *five) for five in reversed(FIVE)]
    assert [archive.write_batch(crawl, [p])[0] for p in pages] == ["new"] + ["unchanged"] * 4
    assert archive.db.execute("select url, title, version from articles").fetchall() == [
        (BASE + ALIAS_PIECE, pages[-1].record["title"], 1)]
    assert "’" in pages[-1].record["title"]  # the page at its own URL, not the cp1252 copy
    assert archive.db.execute("select title from article_versions").fetchall() == [
        (pages[-1].record["title"],)]
    later = archive.start_crawl("faulty", "manual", {})
    write_later = archive.write_batch(later, [made_page(archive, f"{BASE}/x", pages[-1].record[
        "title"], pages[-1].record["body"])])
    assert write_later == ["unchanged"]
    assert archive.db.execute("select url from articles").fetchall() == [(BASE + ALIAS_PIECE,)]
