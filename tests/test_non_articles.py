"""A crawl never loses a page fetched as an article (issue #14): real crawls of the sample site
over HTTP, with pages the classifier rejects served at run time. They are kept as rows with
`is_article = 0` and a reason, counted, left out of what researchers see, and judged again by
later crawls and by reprocess."""

import json
import sqlite3

import pytest
from conftest import rows, run_cli

from crawler.samplesite.server import serve_site
from crawler.siteconfig import SAMPLE_SITES_DIR

SITE = "build-review"
# an article URL that the feed, the sitemap and the listing all link to, serving a list of teasers
LISTING = "/build-review/opinion/modular-housing-needs-a-common-rulebook"
COLLECTION = "/build-review/collections/best-of-the-year"  # --url: JSON-LD CollectionPage
NOTE = "/build-review/opinion/a-short-note"  # --url: short, at an address the profile calls
BRIEF = "/build-review/notes/a-brief-note"   # an article's; the same text where it does not


def listing_page(word: str = "Quokka") -> str:
    """A page of six linked teaser headlines: a listing, wherever it is served."""
    teasers = "".join(
        f'<div class="teaser"><h2><a href="/build-review/opinion/piece-{i}">Piece number {i} on '
        f'the state of the construction industry</a></h2><p>A short teaser for piece {i}, about '
        f'skills and retrofit.</p></div>\n' for i in range(1, 7))
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{word} '
            f'roundup: the week in opinion</title></head><body><header><nav><a href="/">Home'
            f'</a></nav></header><main><h1>{word} roundup: the week in opinion</h1>\n{teasers}'
            f'</main><footer><p>Build Review</p></footer></body></html>')


COLLECTION_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>The best of the year</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "CollectionPage",
"name": "The best of the year"}</script></head><body><main><h1>The best of the year</h1>
<p>Our editors chose the pieces that mattered most this year, from the golden thread to the
long argument over embodied carbon and the skills that retrofit will need. Each of them is
worth reading again, and each says something about where the industry goes next, whatever the
next government decides about planning, procurement and the building safety regime.</p>
<p>Read them all below, and tell us which ones we missed.</p></main></body></html>"""


def short_page(title: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title></head><body><main><article><h1>{title}</h1>
<p>Scaffolders in the north-west say the new inspection regime has doubled the paperwork on
every job without making anyone safer, and that smaller firms are quietly turning work away
rather than face another round of audits they cannot afford.</p></article></main></body></html>"""


def crawl(site, db, *extra):
    return run_cli("crawl", "--site", SITE, "--sites-dir", SAMPLE_SITES_DIR, "--base-url",
                   f"{site.url}/{SITE}/", "--db", db, "-s", "DOWNLOAD_DELAY=0",
                   "-s", "AUTOTHROTTLE_START_DELAY=0", *extra)


def kept(db):
    """{path: reason} of the pages kept as non-articles."""
    return {url.split("://", 1)[1].split("/", 1)[1]: reason for url, reason in rows(
        db, "select url, not_article_reason from articles where is_article = 0")}


def copy_archive(db, to):
    source, target = sqlite3.connect(db), sqlite3.connect(to)
    source.backup(target)
    source.close()
    target.close()
    return to


@pytest.fixture(scope="module")
def site():
    with serve_site() as running:
        running.replace(LISTING, listing_page())
        running.replace(COLLECTION, COLLECTION_PAGE)
        running.replace(NOTE, short_page("A short note"))
        running.replace(BRIEF, short_page("A brief note"))
        yield running


@pytest.fixture(scope="module")
def crawled(site, tmp_path_factory):
    db = tmp_path_factory.mktemp("kept") / "archive.db"
    result = crawl(site, db, *[a for p in (COLLECTION, NOTE, BRIEF)
                               for a in ("--url", site.url + p)])
    assert result.returncode == 0, result.stderr
    return db, result


def test_pages_judged_not_articles_are_kept_with_their_reason(crawled):
    db, _ = crawled
    assert kept(db) == {LISTING[1:]: "listing", COLLECTION[1:]: "page-type", BRIEF[1:]: "short"}
    # the profile's word is evidence: the same short text is an article at an article URL
    assert rows(db, "select is_article, title from articles where url like ?",
                [f"%{NOTE}"]) == [(1, "A short note")]
    # kept like any article: a version, the capture it was read from, its text
    for version, capture, title, body in rows(
            db, "select a.version, c.status, a.title, a.body from articles a join captures c "
                "on c.id = a.capture_id where a.is_article = 0"):
        assert version == 1 and capture == 200 and title and body
    assert rows(db, "select count(*) from article_versions v join articles a "
                    "on a.id = v.article_id where a.is_article = 0") == [(3,)]


def test_the_summary_and_runs_count_them(crawled):
    db, result = crawled
    (articles,), = rows(db, "select count(*) from articles where is_article = 1")
    assert articles == 11  # the site's 11, less the one that became a listing, plus the note
    assert (f"{SITE}: " in result.stdout and f"{articles} articles archived, 3 kept as "
            f"non-articles (listing 1, page-type 1, short 1), no failures [finished]"
            in result.stdout), result.stdout
    assert rows(db, "select articles_new, non_articles from crawls") == [(articles, 3)]
    runs = run_cli("runs", "--db", db)
    assert runs.returncode == 0 and f"{articles} new / " in runs.stdout
    assert "3 non-articles kept" in runs.stdout, runs.stdout


def test_researchers_see_articles_only(crawled, tmp_path):
    db, _ = crawled
    (articles,), = rows(db, "select count(*) from articles where is_article = 1")
    assert rows(db, "select count(*) from article_records") == [(articles,)]
    assert not rows(db, "select 1 from article_records where title like 'Quokka%'")

    missed = run_cli("search", "quokka", "--db", db)
    assert missed.returncode == 0 and missed.stdout == "" and "No matches" in missed.stderr
    found = run_cli("search", "quokka", "--all-pages", "--db", db, "--format", "json")
    assert found.returncode == 0, found.stderr
    (hit,) = json.loads(found.stdout)
    assert hit["url"].endswith(LISTING) and hit["not_article_reason"] == "listing"
    table = run_cli("search", "quokka", "--all-pages", "--db", db).stdout
    assert "[not an article: listing]" in table

    out = tmp_path / "all.jsonl"
    assert run_cli("export", "--format", "jsonl", "--out", out, "--db", db).returncode == 0
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(exported) == articles and "is_article" not in exported[0]
    result = run_cli("export", "--format", "csv", "--out", tmp_path / "pages.csv",
                     "--all-pages", "--db", db)
    assert result.returncode == 0 and f"{articles + 3} pages written" in result.stdout
    header = (tmp_path / "pages.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "is_article,not_article_reason" in header

    stats = run_cli("stats", "--by", "site", "--db", db).stdout
    assert stats.split() == [SITE, str(articles)]

    (listing_id,), = rows(db, "select id from articles where url like ?", [f"%{LISTING}"])
    shown = run_cli("show", listing_id, "--db", db).stdout
    assert shown.startswith("NOT AN ARTICLE (listing:") and "Quokka roundup" in shown


def test_reprocess_judges_them_again_with_the_profile(crawled, tmp_path):
    db = copy_archive(crawled[0], tmp_path / "archive.db")
    before = rows(db, "select * from articles order by id")
    # the same profile as the crawl: the same judgement, nothing rewritten
    same = run_cli("reprocess", "--db", db, "--sites-dir", SAMPLE_SITES_DIR, "--workers", 0)
    assert same.returncode == 0, same.stderr
    assert "updated" not in same.stdout and "article" not in same.stdout, same.stdout
    assert rows(db, "select * from articles order by id") == before
    # a profile that calls the notes' address an article's, and no longer the short note's
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    text = (SAMPLE_SITES_DIR / f"{SITE}.toml").read_text(encoding="utf-8")
    changed = text.replace("(opinion|letters|news)", "(opinion|letters|news|notes)").replace(
        "skip = ['/search']", "skip = ['/search', '/a-short-note$']")
    assert changed.count("notes") == 1 and "a-short-note" in changed
    (profiles / f"{SITE}.toml").write_text(changed, encoding="utf-8")
    result = run_cli("reprocess", "--db", db, "--sites-dir", profiles, "--workers", 0)
    assert result.returncode == 0, result.stderr
    assert "1 now an article" in result.stdout and "1 no longer an article" in result.stdout
    # the page now judged an article is one; the article now judged short is left as it was
    assert kept(db) == {LISTING[1:]: "listing", COLLECTION[1:]: "page-type"}
    assert rows(db, "select is_article, title from articles where url like ?",
                [f"%{BRIEF}"]) == [(1, "A brief note")]
    assert rows(db, "select title from article_records where url like ?", [f"%{BRIEF}"]) == [
        ("A brief note",)]
    note = "select * from articles where url like ?"
    assert rows(db, note, [f"%{NOTE}"]) == [r for r in before if r[1].endswith(NOTE)]
    assert "now reads as a non-article (short)" in result.stderr and NOTE in result.stderr
    again = run_cli("reprocess", "--db", db, "--sites-dir", profiles, "--workers", 0)
    assert "now an article" not in again.stdout and "updated" not in again.stdout


def test_a_recrawl_makes_a_kept_page_an_article_and_never_hides_one(site, crawled, tmp_path):
    db = copy_archive(crawled[0], tmp_path / "archive.db")
    edited = "/build-review/opinion/embodied-carbon-belongs-in-the-planning-application"
    (title,), = rows(db, "select title from articles where url like ?", [f"%{edited}"])
    site.restore(LISTING)  # the listing's address serves its article again
    site.replace(edited, listing_page("Wombat"))  # and an archived article turns into a listing
    try:
        result = crawl(site, db, "--recheck")
    finally:
        site.restore(edited)
        site.replace(LISTING, listing_page())
    assert result.returncode == 0, result.stderr
    assert "1 archived article reads as a non-article now (left as it was)" in result.stdout
    assert "1 articles archived" in result.stdout, result.stdout
    assert kept(db) == {COLLECTION[1:]: "page-type", BRIEF[1:]: "short"}
    assert rows(db, "select is_article, version from articles where url like ?",
                [f"%{LISTING}"]) == [(1, 2)]  # now an article, its listing kept as version 1
    assert rows(db, "select is_article, title from articles where url like ?",
                [f"%{edited}"]) == [(1, title)]
