"""The archive's schema, as an ordered, append-only list of migrations.

Each migration runs once and is recorded in ``_migrations``; running
:func:`migrate` again changes nothing, and a migration cut short by a crash is safe to re-run
(every step is written "if not exists"). Never edit a migration that has shipped: add a new one.
``tests/golden/schema.sql`` holds the resulting schema so that every change is a reviewed diff.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlite_utils import Database

from pipelines.archive.aliases import content_key

MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = []


def migration(name: str):
    def register(fn: Callable[[Database], None]):
        MIGRATIONS.append((name, fn))
        return fn
    return register


@migration("0001_initial")
def initial(db: Database) -> None:
    db.table("sites").create({
        "name": str, "title": str, "base_url": str, "language": str, "country": str,
        "first_crawled_at": str, "last_crawled_at": str,
    }, pk="name", if_not_exists=True)
    db.table("crawls").create({
        "id": int, "site": str, "trigger": str, "args": str, "started_at": str,
        "finished_at": str, "status": str, "pages_fetched": int, "articles_new": int,
        "articles_updated": int, "articles_unchanged": int, "non_articles": int,
        "failures": int, "tradepress_version": str,
    }, pk="id", if_not_exists=True)
    db.table("articles").create({
        "id": int, "url": str, "requested_url": str, "site": str, "title": str,
        "standfirst": str, "body": str, "published": str, "updated": str,
        "published_raw": str, "byline_raw": str, "genre": str, "language": str,
        "paywalled": int, "word_count": int, "content_hash": str, "fetched_at": str,
        "first_seen_at": str, "last_checked_at": str, "crawl_id": int,
        "extractor_version": str,
    }, pk="id", not_null={"url"}, foreign_keys=[("crawl_id", "crawls", "id")],
        if_not_exists=True)
    db.table("articles").create_index(["url"], unique=True, if_not_exists=True)
    db.table("articles").create_index(["site", "published"], if_not_exists=True)
    db.table("authors").create({"id": int, "name": str, "name_key": str}, pk="id",
                         not_null={"name", "name_key"}, if_not_exists=True)
    db.table("authors").create_index(["name_key"], unique=True, if_not_exists=True)
    db.table("article_authors").create({
        "article_id": int, "position": int, "author_id": int, "role": str, "organisation": str,
    }, pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id"), ("author_id", "authors", "id")],
        if_not_exists=True)
    db.table("article_authors").create_index(["author_id"], if_not_exists=True)
    db.table("failures").create({
        "id": int, "crawl_id": int, "site": str, "url": str, "status": int, "error": str,
        "failed_at": str,
    }, pk="id", foreign_keys=[("crawl_id", "crawls", "id")], if_not_exists=True)
    db.table("failures").create_index(["crawl_id"], if_not_exists=True)
    db.table("articles").enable_fts(["title", "standfirst", "body"], create_triggers=True,
                                    replace=True, tokenize="porter unicode61 remove_diacritics 2")


@migration("0002_captures_and_versions")
def captures_and_versions(db: Database) -> None:
    """Raw captures of every response (bodies stored once, by digest), WARC pointers, article
    versions, and what a recrawl needs: validators, the page's last capture, when it went."""
    db.table("bodies").create({"sha256": str, "length": int, "data": bytes}, pk="sha256",
                              if_not_exists=True)
    db.table("captures").create({
        "id": int, "crawl_id": int, "site": str, "kind": str, "url": str, "requested_url": str,
        "status": int, "reason": str, "headers": str, "redirects": str, "content_type": str,
        "body_sha256": str, "fetched_at": str, "warc_file": str, "warc_offset": int,
        "hints": str,  # what discovery said of the page (a feed's date), used by extraction
    }, pk="id", foreign_keys=[("crawl_id", "crawls", "id"), ("body_sha256", "bodies", "sha256")],
        if_not_exists=True)
    db.table("captures").create_index(["url"], if_not_exists=True)
    db.table("captures").create_index(["crawl_id"], if_not_exists=True)
    db.table("article_versions").create({
        "id": int, "article_id": int, "version": int, "fetched_at": str, "content_hash": str,
        "title": str, "standfirst": str, "body": str, "authors": str, "published": str,
        "updated": str, "capture_id": int, "extractor_version": str,
    }, pk="id", foreign_keys=[("article_id", "articles", "id"), ("capture_id", "captures", "id")],
        if_not_exists=True)
    db.table("article_versions").create_index(["article_id", "version"], unique=True,
                                              if_not_exists=True)
    crawl_columns = {c.name for c in db.table("crawls").columns}
    for name in ("articles_gone", "captures"):
        if name not in crawl_columns:
            db.table("crawls").add_column(name, int)
    columns = {c.name for c in db.table("articles").columns}
    for name, kind in (("capture_id", int), ("version", int), ("gone_at", str), ("etag", str),
                       ("last_modified", str)):
        if name not in columns:
            db.table("articles").add_column(name, kind)
    # articles archived before versions existed become version 1
    db.execute("""insert or ignore into article_versions (article_id, version, fetched_at,
                      content_hash, title, standfirst, body, authors, published, updated,
                      extractor_version)
                  select a.id, 1, a.fetched_at, a.content_hash, a.title, a.standfirst, a.body,
                      (select json_group_array(json_object('name', au.name, 'role', aa.role,
                                                           'organisation', aa.organisation))
                       from article_authors aa join authors au on au.id = aa.author_id
                       where aa.article_id = a.id order by aa.position),
                      a.published, a.updated, a.extractor_version
                  from articles a""")
    db.execute("update articles set version = 1 where version is null")


@migration("0003_schedules")
def schedules(db: Database) -> None:
    """Crawl schedules that travel with the archive, and what the scheduler knows of a run."""
    db.table("schedules").create({
        "id": int, "site": str, "cron": str, "options": str, "paused": int, "created_at": str,
        "last_run_at": str, "next_run_at": str, "last_crawl_id": int,
    }, pk="id", if_not_exists=True)
    columns = {c.name for c in db.table("crawls").columns}
    for name, kind in (("schedule_id", int), ("pid", int), ("exit_status", int),
                       ("flags", str), ("log_file", str)):
        if name not in columns:
            db.table("crawls").add_column(name, kind)


@migration("0004_research_view")
def research_view(db: Database) -> None:
    """One row per article with its authors, roles and organisations, for simple questions."""
    db.execute("drop view if exists article_records")
    db.execute("""
        create view article_records as
        select a.id, a.url, a.site, a.title, a.standfirst, a.published,
               substr(a.published, 1, 4) as year, substr(a.published, 1, 7) as month,
               a.genre, a.language, a.word_count, a.paywalled, a.version, a.gone_at,
               (select group_concat(au.name || coalesce(' (' || nullif(trim(
                           coalesce(aa.role, '') || case when aa.role is not null and
                           aa.organisation is not null then ', ' else '' end ||
                           coalesce(aa.organisation, '')), '') || ')', ''), '; ')
                from article_authors aa join authors au on au.id = aa.author_id
                where aa.article_id = a.id order by aa.position) as authors,
               (select group_concat(aa.role, '; ') from article_authors aa
                where aa.article_id = a.id and aa.role is not null) as roles,
               (select group_concat(aa.organisation, '; ') from article_authors aa
                where aa.article_id = a.id and aa.organisation is not null) as organisations,
               a.body
        from articles a""")


@migration("0005_failure_reasons")
def failure_reasons(db: Database) -> None:
    """Why a URL failed, as a word to count by (``http``, ``timeout``, ``robots``, ``offsite``,
    ``too-large``, ``not-html``, ...), and what kind of page it was (article, feed, sitemap,
    listing); the readable message stays in ``error``."""
    columns = {c.name for c in db.table("failures").columns}
    for name in ("reason", "kind"):
        if name not in columns:
            db.table("failures").add_column(name, str)


@migration("0006_tasks")
def tasks(db: Database) -> None:
    """Runs of the archive's own work other than crawls (``reprocess``): what, with which
    options, when, by which process, how it ended (``running``, ``finished``, ``failed``,
    ``interrupted``) and how many articles it got through."""
    db.table("tasks").create({
        "id": int, "kind": str, "args": str, "started_at": str, "finished_at": str,
        "status": str, "pid": int, "rows": int, "error": str,
    }, pk="id", if_not_exists=True)


@migration("0007_non_articles")
def non_articles(db: Database) -> None:
    """Pages fetched as articles that extraction judges not to be (a listing, a search page,
    too short...) are kept as rows of ``articles`` too: ``is_article`` 0 with the reason word
    in ``not_article_reason`` (rows from before are articles: 1). ``article_records`` shows
    articles only; the partial index finds the few non-articles for queries that leave them
    out."""
    columns = {c.name for c in db.table("articles").columns}
    if "is_article" not in columns:
        db.table("articles").add_column("is_article", int, not_null_default=1)
    if "not_article_reason" not in columns:
        db.table("articles").add_column("not_article_reason", str)
    db.execute("create index if not exists idx_articles_non_articles on articles (id) "
               "where is_article = 0")
    records_view(db)


@migration("0008_article_urls")
def article_urls(db: Database) -> None:
    """One article, several URLs (issue 16): ``article_urls`` holds every URL an article was
    found at, with the URL's own validators and gone date; ``articles.content_key`` (the
    normalised title and body, :func:`pipelines.archive.aliases.content_key`) finds the same
    article at a new URL; ``captures.article_id`` points each capture of an article at it.
    Existing articles get their URL (and the URL they were asked for) as rows, their key, and
    their captures linked; articles already stored twice stay two (nothing is merged here)."""
    db.execute("""create table if not exists article_urls (
        id integer primary key, article_id integer not null references articles(id),
        url text not null, found_by text, first_seen_at text, last_seen_at text,
        gone_at text, capture_id integer references captures(id), etag text,
        last_modified text)""")
    db.execute("create unique index if not exists idx_article_urls_url on article_urls (url)")
    db.execute("create index if not exists idx_article_urls_article_id "
               "on article_urls (article_id)")
    if "content_key" not in {c.name for c in db.table("articles").columns}:
        db.execute("alter table articles add column content_key text")
    db.execute("create index if not exists idx_articles_content_key on articles "
               "(content_key, site) where content_key is not null")
    if "article_id" not in {c.name for c in db.table("captures").columns}:
        db.execute("alter table captures add column article_id integer references articles(id)")
    db.execute("create index if not exists idx_captures_article_id on captures (article_id)")
    for column, found_by in (("url", "canonical"), ("requested_url", "fetched")):
        db.execute(f"""insert into article_urls (article_id, url, found_by, first_seen_at,
                           last_seen_at, gone_at, capture_id, etag, last_modified)
                       select id, {column}, ?, first_seen_at, last_checked_at, gone_at,
                           capture_id, etag, last_modified
                       from articles where {column} is not null order by id
                       on conflict(url) do nothing""", [found_by])
    last_id = 0
    while rows := db.execute("select id, title, body, is_article from articles where id > ? "
                             "order by id limit 500", [last_id]).fetchall():
        db.conn.executemany("update articles set content_key = ? where id = ?", [
            (content_key({"title": title, "body": body, "is_article": is_article}), article_id)
            for article_id, title, body, is_article in rows])
        last_id = rows[-1][0]
    db.execute("""update captures set article_id = coalesce(
                      (select a.id from articles a where a.capture_id = captures.id),
                      (select v.article_id from article_versions v
                       where v.capture_id = captures.id limit 1),
                      (select u.article_id from article_urls u
                       where u.url = captures.requested_url))
                  where article_id is null and kind = 'article'""")


@migration("0009_provenance")
def provenance(db: Database) -> None:
    """Where each capture came from (issue 18): ``source`` is ``crawl`` (every capture from
    before), ``warc`` (``tradepress import-warc``) or ``web-archive`` (``tradepress
    backfill``), with the file or memento URL it was read from, the WARC record's id and its
    offset in that file. ``article_records`` shows the source of each article's current
    version."""
    columns = {c.name for c in db.table("captures").columns}
    if "source" not in columns:
        db.table("captures").add_column("source", str, not_null_default="crawl")
    for name, kind in (("source_uri", str), ("source_record", str), ("source_offset", int)):
        if name not in columns:
            db.table("captures").add_column(name, kind)
    db.execute("create index if not exists idx_captures_source_record on captures "
               "(source_record) where source_record is not null")
    records_view(db, "coalesce((select c.source from captures c where c.id = a.capture_id), "
                     "'crawl') as source")


@migration("0010_paywall_reason")
def paywall_reason(db: Database) -> None:
    """Why a page is taken for a subscriber's teaser (issue 19): ``articles.paywall_reason``,
    a reason word beside ``paywalled``; ``crawls.teasers``, how many of a run's articles were
    teasers (a run of teasers where there was full text says a session has ended)."""
    if "paywall_reason" not in {c.name for c in db.table("articles").columns}:
        db.table("articles").add_column("paywall_reason", str)
    if "teasers" not in {c.name for c in db.table("crawls").columns}:
        db.table("crawls").add_column("teasers", int)


def records_view(db: Database, *extra: str) -> None:
    """(Re)create ``article_records``: one row per article (non-articles left out) with its
    authors, roles and organisations joined in, then the ``extra`` columns."""
    more = "".join(f",\n               {column}" for column in extra)
    db.execute("drop view if exists article_records")
    db.execute(f"""
        create view article_records as
        select a.id, a.url, a.site, a.title, a.standfirst, a.published,
               substr(a.published, 1, 4) as year, substr(a.published, 1, 7) as month,
               a.genre, a.language, a.word_count, a.paywalled, a.version, a.gone_at,
               (select group_concat(au.name || coalesce(' (' || nullif(trim(
                           coalesce(aa.role, '') || case when aa.role is not null and
                           aa.organisation is not null then ', ' else '' end ||
                           coalesce(aa.organisation, '')), '') || ')', ''), '; ')
                from article_authors aa join authors au on au.id = aa.author_id
                where aa.article_id = a.id order by aa.position) as authors,
               (select group_concat(aa.role, '; ') from article_authors aa
                where aa.article_id = a.id and aa.role is not null) as roles,
               (select group_concat(aa.organisation, '; ') from article_authors aa
                where aa.article_id = a.id and aa.organisation is not null) as organisations,
               a.body{more}
        from articles a
        where a.is_article = 1""")


def migrate(db: Database) -> list[str]:
    """Apply the migrations not yet recorded; return the names of those applied."""
    db.execute("create table if not exists _migrations (name text primary key, applied_at text)")
    done = {row[0] for row in db.execute("select name from _migrations").fetchall()}
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with db.atomic():
            fn(db)
            db.execute("insert into _migrations (name, applied_at) values (?, ?)",
                       [name, datetime.now(UTC).isoformat(timespec="seconds")])
        applied.append(name)
    return applied
