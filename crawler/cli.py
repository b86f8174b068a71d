"""The ``tradepress`` command: one click group, thin over the library."""

from __future__ import annotations

import json
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import click
import dateparser

from crawler.siteconfig import (
    SAMPLE_SITES_DIR,
    ProfileError,
    find_profile,
    list_profiles,
    profile_dirs,
)
from pipelines.store import Archive, ArchiveError

DEFAULT_DB = str(Path("data") / "archive.db")


def db_option(fn):
    return click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
                        type=click.Path(dir_okay=False),
                        help="The archive database.")(fn)


def sites_dir_option(fn):
    return click.option("--sites-dir", "sites_dirs", multiple=True,
                        type=click.Path(file_okay=False),
                        help="Extra folder of site profiles, searched before the bundled ones "
                             "(repeatable).")(fn)


def busy_timeout() -> float:
    """Seconds to wait for another process's write: ``TRADEPRESS_BUSY_TIMEOUT`` (default 30)."""
    from pipelines.store import BUSY_TIMEOUT

    value = os.environ.get("TRADEPRESS_BUSY_TIMEOUT", "")
    if not value:
        return BUSY_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 86_400:
        raise click.ClickException(f"TRADEPRESS_BUSY_TIMEOUT must be a number of seconds, "
                                   f"got {value!r}")
    return seconds


def open_archive(path: str, create: bool = True, read_only: bool = False) -> Archive:
    """Open the archive, or fail with one line. Commands that only read pass ``read_only``:
    they then never write to the file (nor migrate someone else's database)."""
    try:
        return Archive(path, create=create, read_only=read_only, timeout=busy_timeout())
    except ArchiveError as e:
        raise click.ClickException(str(e)) from None


def archive_errors(fn):
    """The archive failing under a command once open (locked past the busy timeout, the disk
    full, the file read-only) is one line, not a traceback. Put it under the options."""
    import functools
    import sqlite3

    from pipelines.store import error_line

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except sqlite3.Error as e:
            raise click.ClickException(error_line(kwargs.get("db_path") or DEFAULT_DB, e,
                                                  busy_timeout())) from None
    return wrapper


def parse_since(value: str | None) -> str | None:
    if not value:
        return None
    parsed = dateparser.parse(value, settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        raise click.ClickException(f"cannot read {value!r} as a date (try 2024-01-31)")
    return parsed.date().isoformat()


def load_profile(site_name: str, sites_dirs, base_url: str | None = None):
    """A site's profile (re-rooted at ``base_url`` if given), or one line if there is none."""
    try:
        profile = find_profile(site_name, profile_dirs(sites_dirs))
        return profile.with_base_url(base_url) if base_url else profile
    except ProfileError as e:
        raise click.ClickException(str(e)) from None


def parse_settings(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.ClickException(f"-s expects NAME=VALUE, got {pair!r}")
        out[key.strip()] = value
    return out


@click.group()
@click.version_option(package_name="tradepress")
def cli():
    """tradepress: archive trade-press opinion pieces into SQLite.

    Start with `tradepress demo`, which crawls a bundled sample site into data/archive.db.
    """


@cli.command()
@db_option
@click.option("--keep-serving", is_flag=True, help="Leave the sample site running until Ctrl-C.")
def demo(db_path, keep_serving):
    """Crawl the bundled sample trade-press site into an archive.

    Starts the sample site (three fictional publications) on 127.0.0.1 at a free port, crawls
    every publication with the real spider and pipelines, and prints a summary.

    Example:

        tradepress demo && tradepress search "social care"
    """
    from crawler.runner import CrawlJob, run_crawls
    from crawler.samplesite import serve

    archive = open_archive(db_path)
    archive.close()
    try:
        profiles = list_profiles([SAMPLE_SITES_DIR])
    except ProfileError as e:
        raise click.ClickException(str(e)) from None
    with serve() as origin, through_proxy(origin):
        host = urlsplit(profiles[0].base_url).netloc if profiles else "?"
        click.echo(f"Sample site running at {origin}/ (crawled as http://{host}/ through it, "
                   f"so the archive's URLs do not change with the port)", err=True)
        jobs = [CrawlJob(profile=p) for p in profiles]
        # The sample site is ours and local: no need to wait between requests.
        results = run_crawls(jobs, {"TRADEPRESS_DB": db_path, "DOWNLOAD_DELAY": 0,
                                    "AUTOTHROTTLE_START_DELAY": 0, "TRADEPRESS_TRIGGER": "demo",
                                    "LOG_LEVEL": "CRITICAL", "TRADEPRESS_PROGRESS_INTERVAL": 2})
        print_results(results)
        print_summary(db_path, results)
        if keep_serving:
            click.echo(f"Serving {origin}/ until Ctrl-C", err=True)
            try:
                import time
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass


@contextmanager
def through_proxy(origin: str):
    """Send this process's HTTP requests through ``origin`` (Scrapy reads ``http_proxy``)."""
    saved = {k: os.environ.get(k) for k in ("http_proxy", "no_proxy")}
    os.environ["http_proxy"] = origin
    os.environ.pop("no_proxy", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@cli.command()
@click.option("--site", "site_name", help="Name of a configured publication (see `sites`).")
@click.option("--url", "urls", multiple=True, help="An article URL to archive (repeatable).")
@db_option
@click.option("--max-articles", type=click.IntRange(min=1), help="Stop after this many articles.")
@click.option("--since", help="Skip articles published before this date (e.g. 2024-01-01).")
@click.option("--base-url", help="Crawl the site's profile at another address (a mirror).")
@click.option("--recheck", is_flag=True,
              help="Re-check every archived article now, whatever the site's recrawl policy.")
@sites_dir_option
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting, e.g. -s DOWNLOAD_DELAY=2 (repeatable).")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@click.option("--distributed", is_flag=True,
              help="Only queue the site's discovery requests in Redis (--redis) for workers.")
@click.option("--redis", "redis_url", help="Redis URL of a distributed crawl "
              "(redis://HOST:6379/0).")
def crawl(site_name, urls, db_path, max_articles, since, base_url, recheck, sites_dirs, settings,
          verbose, distributed, redis_url):
    """Crawl a configured publication, or archive given article URLs.

    Progress goes to stderr while the crawl runs; a summary follows. Failed pages are logged,
    recorded in the archive's `failures` table, and the crawl goes on. Every response is kept
    as a capture (and in a WARC file under warc/ beside the database). Archived articles are
    re-checked with conditional requests when the site's recrawl policy says they are due; a
    page that has gone is marked so, never deleted. A site crawl that is killed resumes where
    it stopped when started again (its Scrapy job folder is jobs/SITE beside the database).

    Exit status: 0 when every URL was archived or skipped; 3 when the crawl finished but some
    URLs failed (the summary counts them by reason); 1 when it could not run or fetched nothing.

    Examples:

        tradepress crawl --site local-government-chronicle --max-articles 50

        tradepress crawl --site nursing-times --since 2024-01-01 --db nursing.db

        tradepress crawl --url https://www.example.co.uk/comment/some-piece/123.article
    """
    from crawler.runner import PARTIAL_EXIT, CrawlJob, run_crawls

    if not site_name and not urls:
        raise click.UsageError("give --site NAME or at least one --url URL")
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise click.BadParameter(f"not an http(s) URL: {url!r}", param_hint="--url")
    profile = load_profile(site_name, sites_dirs, base_url) if site_name else None
    overrides = parse_settings(settings)
    since_day = parse_since(since)
    if distributed or redis_url:
        seed_distributed(profile, redis_url, db_path, urls)
        return
    open_archive(db_path).close()  # fail now, with one line, if the archive cannot be written
    overrides.update({"TRADEPRESS_DB": db_path, "TRADEPRESS_SITES_DIRS": list(sites_dirs)})
    if not verbose:  # progress and failures are shown by crawler.progress instead
        overrides.setdefault("LOG_LEVEL", "CRITICAL")
    if profile is not None:
        overrides.setdefault("JOBDIR", str(Path(db_path).parent / "jobs" / profile.name))
        if recheck:
            profile = replace(profile, recent_every_days=0, older_every_days=0)
    job = CrawlJob(profile=profile, urls=list(urls), max_articles=max_articles, since=since_day)
    results = run_crawls([job], overrides)
    print_results(results)
    result = results[0]
    if result.stats.get("tradepress/storage_error"):
        raise click.ClickException(f"crawl stopped: {result.stats['tradepress/storage_error']}")
    if urls and result.failures:
        archive = open_archive(db_path, create=False)
        failed = archive.db.execute("select url, error from failures where crawl_id = ?",
                                    [result.get("tradepress/crawl_id")]).fetchall()
        archive.close()
        reasons = "; ".join(f"{url}: {error}" for url, error in failed)
        raise click.ClickException(f"could not archive {len(failed)} of {len(urls)} URL(s): "
                                   f"{reasons}")
    if result.pages == 0 and result.failures:
        raise click.ClickException(f"nothing could be fetched from {result.label}; "
                                   f"is the site reachable?")
    if result.failures:
        click.echo(f"{plural(result.failures, 'URL')} failed: see `tradepress runs` and the "
                   f"failures table; exit status {PARTIAL_EXIT}", err=True)
        sys.exit(PARTIAL_EXIT)


def seed_distributed(profile, redis_url, db_path, urls) -> None:
    """`crawl --distributed`: a crawls row in the archive, and the site's discovery requests in
    the shared queue, for workers to pick up."""
    from crawler.distributed import DistributedError, seed
    from crawler.spiders.opinion import OpinionSpider

    if not redis_url:
        raise click.ClickException("--distributed needs --redis URL (the shared queue)")
    if profile is None or urls:
        raise click.ClickException("a distributed crawl is of one site: give --site NAME, "
                                   "no --url")
    archive = open_archive(db_path)
    try:
        archive.upsert_site(profile)
        crawl_id = archive.start_crawl(profile.name, "distributed", {"site": profile.name})
        with archive.db.atomic():  # the crawl outlives this process: no pid to outlive
            archive.db.execute("update crawls set pid = null where id = ?", [crawl_id])
    finally:
        archive.close()
    try:
        queued = seed(redis_url, OpinionSpider(profile=profile), crawl_id)
    except DistributedError as e:
        archive = open_archive(db_path)
        archive.finish_crawl(crawl_id, "failed", {})
        archive.close()
        raise click.ClickException(str(e)) from None
    click.echo(f"{profile.name}: crawl {crawl_id}, {plural(queued, 'discovery request')} "
               f"queued in {redis_url}; start workers (`tradepress worker`) and one writer "
               f"(`tradepress ingest`)")


@cli.command()
@click.option("--redis", "redis_url", required=True, help="Redis URL of the shared queue.")
@click.option("--site", "site_name", required=True, help="The publication being crawled.")
@click.option("--base-url", help="The site's profile at another address (a mirror).")
@click.option("--idle", type=click.FloatRange(min=0), default=None,
              help="Stop after this many seconds with nothing left to do (default 30).")
@sites_dir_option
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting (repeatable).")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
def worker(redis_url, site_name, base_url, idle, sites_dirs, settings, verbose):
    """Work a distributed crawl's shared queue (seeded by `crawl --site NAME --distributed`).

    Any number of workers, on any machines, share the queue and the duplicate filter; what
    they fetch and extract goes to the record queue for `tradepress ingest`. A worker stops
    once the crawl has had nothing left to do for --idle seconds. Scrapyd runs the same as
    `scrapy crawl opinion -a site=NAME -s TRADEPRESS_REDIS_URL=URL`.

    Example:

        tradepress worker --redis redis://10.0.0.5:6379/0 --site civic-ledger
    """
    from crawler.distributed import DistributedError, connect
    from crawler.runner import CrawlJob, run_crawls

    profile = load_profile(site_name, sites_dirs, base_url)
    try:
        connect(redis_url).close()
    except DistributedError as e:
        raise click.ClickException(str(e)) from None
    overrides = parse_settings(settings)
    overrides.update({"TRADEPRESS_REDIS_URL": redis_url,
                      "TRADEPRESS_SITES_DIRS": list(sites_dirs)})
    if idle is not None:
        overrides["TRADEPRESS_WORKER_IDLE"] = idle
    if not verbose:
        overrides.setdefault("LOG_LEVEL", "CRITICAL")
    result = run_crawls([CrawlJob(profile=profile)], overrides)[0]
    click.echo(f"{result.label}: {result.pages} pages fetched, "
               f"{result.get('tradepress/records_queued')} records queued, "
               f"{result.get('tradepress/leases_requeued')} requests of dead workers requeued "
               f"[{result.finish_reason}]")


@cli.command()
@click.option("--redis", "redis_url", required=True, help="Redis URL of the record queue.")
@db_option
@click.option("--batch-size", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--idle", type=click.FloatRange(min=0), default=None,
              help="Stop once no crawl has had work left for this many seconds "
                   "(default: run until stopped).")
@archive_errors
def ingest(redis_url, db_path, batch_size, idle):
    """The one writer of distributed crawls: drain the record queue into the archive.

    Records are committed in batches and acknowledged only once committed: a writer that is
    killed loses nothing (start it again; writes are idempotent).

    Example:

        tradepress ingest --redis redis://127.0.0.1:6379/0 --db data/archive.db
    """
    import redis

    from crawler.distributed import DistributedError, connect
    from pipelines.ingest import Ingest

    try:
        server = connect(redis_url)
    except DistributedError as e:
        raise click.ClickException(str(e)) from None
    archive = open_archive(db_path)
    writer = Ingest(server, archive, Path(db_path).parent / "warc", batch_size)
    try:
        recovered = writer.recover()
        if recovered:
            click.echo(f"{plural(recovered, 'record')} of an interrupted writer queued again",
                       err=True)
        writer.run(idle)
    except redis.RedisError as e:
        raise click.ClickException(f"lost Redis at {redis_url}: {e}") from None
    except KeyboardInterrupt:
        pass
    finally:
        writer.close()
        archive.close()
    c = writer.counts
    click.echo(f"ingested {c['captures']} captures, {c['articles_new']} new articles, "
               f"{c['articles_updated']} updated, {c['articles_unchanged']} unchanged, "
               f"{c['failures']} failures ({c['captures_again']} captures already archived)"
               + (f"; {c['rejected']} messages that are not records moved to "
                  f"tradepress:records:rejected" if c["rejected"] else ""))


def print_results(results) -> None:
    for r in results:
        unchanged = f", {r.unchanged} unchanged" if r.unchanged else ""
        reasons = ", ".join(f"{reason} {n}" for reason, n in r.failure_reasons.items())
        failed = f"{r.failures} failed ({reasons})" if r.failures else "no failures"
        click.echo(f"{r.label}: {r.pages} pages fetched, {r.archived} articles archived"
                   f"{unchanged}, {failed} [{r.finish_reason}]")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def print_summary(db_path: str, results) -> None:
    archive = open_archive(db_path, create=False)
    s = archive.summary()
    example = archive.db.execute(
        "select title from articles where genre = 'opinion' order by published desc limit 1"
    ).fetchone()
    archive.close()
    errors = sum(r.failures for r in results)
    click.echo(f"\nArchive {db_path}: {s['sites']} sites, {s['articles']} articles, "
               f"{s['authors']} authors; {plural(errors, 'failed URL')} in this run "
               f"(recorded in the failures table)")
    words = [w for w in re.findall(r"[^\W\d_]+", example[0] if example else "") if len(w) > 3]
    word = max(words, key=len).lower() if words else "council"
    click.echo(f"Try: tradepress search {word} --db {db_path}")


@cli.command()
@sites_dir_option
def sites(sites_dirs):
    """List the configured publications.

    Example:

        tradepress sites --sites-dir my-profiles/
    """
    try:
        profiles = list_profiles(profile_dirs(sites_dirs))
    except ProfileError as e:
        raise click.ClickException(str(e)) from None
    width = max((len(p.name) for p in profiles), default=4)
    for p in profiles:
        click.echo(f"{p.name:<{width}}  {p.title}  {p.base_url}")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--manifest", type=click.Path(dir_okay=False),
              help='JSON Lines of {"file", "url", "fetched_at"}; paths relative to it.')
@click.option("--url", help="The URL the page was fetched from (one FILE).")
@click.option("--fetched-at", help="When it was fetched, ISO 8601 (one FILE).")
@click.option("--site", "site_name", help="Use this publication's profile hints.")
@sites_dir_option
def extract(files, manifest, url, fetched_at, site_name, sites_dirs):
    """Extract records from saved HTML pages; print one JSON object per page.

    Uses exactly the code path of a crawl. A page that cannot be read gives an object with
    an `error` key and the run goes on; the exit status is 1 if any page failed.

    Examples:

        tradepress extract page.html --url https://example.com/comment/x.article

        tradepress extract --manifest pages.jsonl > records.jsonl
    """
    from pipelines.extract import extract_article

    entries = [{"file": f, "url": url, "fetched_at": fetched_at} for f in files]
    if manifest:
        entries += read_manifest(manifest)
    if not entries:
        raise click.UsageError("give FILE... or --manifest FILE")
    profile = None
    if site_name:
        try:
            profile = find_profile(site_name, profile_dirs(sites_dirs))
        except ProfileError as e:
            raise click.ClickException(str(e)) from None
    failed = 0
    for entry in entries:
        out = {"file": entry["file"]}
        try:
            html = Path(entry["path"] if "path" in entry else entry["file"]).read_bytes()
            record = extract_article(
                html, entry.get("url"), fetched_at=entry.get("fetched_at"),
                language=profile.language if profile else None,
                date_order=profile.date_order if profile else None,
                genre=profile.genre if profile else None,
                remove=profile.remove if profile else ())
            out.update(record)
            out["url"] = entry.get("url") or record.get("url")
        except Exception as e:  # one bad page must not stop the run
            failed += 1
            out["error"] = f"{type(e).__name__}: {e}".splitlines()[0]
        click.echo(json.dumps(out, ensure_ascii=False))
    if failed:
        sys.exit(1)


def read_manifest(path: str) -> list[dict]:
    folder = Path(path).parent
    entries = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise click.ClickException(f"cannot read manifest {path}: {e.strerror}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            file = entry["file"]
        except (ValueError, KeyError, TypeError):
            raise click.ClickException(
                f"{path}:{number}: expected a JSON object with a \"file\" key") from None
        entry["path"] = str(folder / file)
        entries.append(entry)
    return entries


@cli.command()
@click.argument("url")
@db_option
@archive_errors
def history(url, db_path):
    """Show the archived versions of an article, with what changed between them.

    Example:

        tradepress history https://www.example.co.uk/comment/a-piece/7019234.article
    """
    from pipelines.history import diff_versions, versions

    archive = open_archive(db_path, read_only=True)
    try:
        found = versions(archive.db, url)
    finally:
        archive.close()
    if not found:
        raise click.ClickException(f"no archived article at {url}")
    click.echo(found[-1]["url"] + (f"  (gone since {found[-1]['gone_at']})"
                                    if found[-1]["gone_at"] else ""))
    previous = None
    for version in found:
        click.echo(f"\nversion {version['version']}  fetched {version['fetched_at']}  "
                   f"{version['content_hash'][:12]}  {version['title']}")
        if previous is not None:
            for line in diff_versions(previous, version) or ["(no visible change)"]:
                click.echo("  " + line)
        previous = version


@cli.command()
@db_option
@click.option("--site", "site_name", help="Only this publication's articles.")
@click.option("--since", help="Only articles published since this date.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Extraction processes (default: one per core; 0: in this process).")
@sites_dir_option
@archive_errors
def reprocess(db_path, site_name, since, workers, sites_dirs):
    """Re-run extraction over the stored captures, without the network.

    Records whose extraction changed are rewritten and stamped with the extractor's version;
    running it again changes nothing. Use it after upgrading tradepress. Each article is
    rewritten in its own transaction: a run that is killed loses nothing, and running it again
    finishes the work. Runs are listed by `tradepress runs`.

    Example:

        tradepress reprocess --site nursing-times --since 2024-01-01
    """
    from pipelines.reprocess import reprocess as run_reprocess

    dirs = profile_dirs(sites_dirs) + [SAMPLE_SITES_DIR]

    def hints_for(site):
        try:
            p = find_profile(site, dirs) if site else None
        except ProfileError:
            p = None
        return {} if p is None else {"language": p.language, "date_order": p.date_order,
                                     "genre": p.genre, "remove": p.remove}

    since_day = parse_since(since)
    try:  # a malformed profile would silently change what is extracted: refuse it up front
        list_profiles(dirs)
    except ProfileError as e:
        raise click.ClickException(str(e)) from None
    archive = open_archive(db_path, create=False)
    try:
        if site_name and not archive.db.execute("select 1 from articles where site = ? limit 1",
                                                [site_name]).fetchone():
            known = [s for (s,) in archive.db.execute(
                "select distinct site from articles where site is not null order by site")]
            raise click.ClickException(f"no archived articles of site {site_name!r} (sites in "
                                       f"the archive: {', '.join(known) or 'none'})")
        counts = run_reprocess(archive, site=site_name, since=since_day, hints_for=hints_for,
                               workers=os.cpu_count() or 1 if workers is None else workers)
    finally:
        archive.close()
    click.echo(", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(counts.items())))


@cli.command("export-warc")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False),
              help="The WARC file to write (.warc.gz).")
@db_option
@click.option("--site", "site_name", help="Only this publication's captures.")
@click.option("--since", help="Only captures fetched since this date.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@archive_errors
def export_warc(out_path, db_path, site_name, since, force):
    """Write stored captures to one WARC file, for other archives (pywb, replayweb.page).

    The file appears under its name only once complete; an existing file is not replaced
    without --force.

    Example:

        tradepress export-warc --site nursing-times --since 2024-01-01 --out nursing.warc.gz
    """
    from pipelines.captures import iter_captures
    from pipelines.export import check_outputs, replacing
    from pipelines.warc import Capture, WarcWriter

    since_day = parse_since(since)
    try:
        check_outputs([Path(out_path)], force)
    except OSError as e:
        raise click.ClickException(str(e)) from None
    archive = open_archive(db_path, read_only=True)
    written = 0
    try:
        with replacing(Path(out_path)) as partial, WarcWriter(partial) as writer:
            for c in iter_captures(archive.db, site=site_name, since=since_day):
                writer.write(Capture(url=c["url"], status=c["status"], reason=c["reason"] or "",
                                     headers=c["headers"], body=c["body"],
                                     fetched_at=c["fetched_at"]))
                written += 1
    except OSError as e:
        raise click.ClickException(f"cannot write {out_path}: {e.strerror or e}") from None
    finally:
        archive.close()
    click.echo(f"{written} captures written to {out_path}")


# -- schedules ---------------------------------------------------------------------------------

def local_time(value: str | None) -> str:
    """A stored UTC time shown in the user's local zone."""
    from pipelines.schedules import parse
    moment = parse(value)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %Z") if moment else "-"


@cli.group()
def schedule():
    """Crawl schedules, kept in the archive database (see `tradepress scheduler`).

    Example:

        tradepress schedule add nursing-times --cron "0 6 * * 1-5" && tradepress schedule list
    """


@schedule.command("add")
@click.argument("site_name", metavar="SITE")
@click.option("--cron", required=True, help='When to crawl, e.g. "0 6 * * 1-5" (UTC).')
@db_option
@sites_dir_option
@click.option("--max-articles", type=click.IntRange(min=1), help="Passed on to each crawl.")
@click.option("--base-url", help="Passed on to each crawl.")
@click.option("--recheck", is_flag=True, help="Passed on to each crawl.")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy setting for each crawl (repeatable).")
@archive_errors
def schedule_add(site_name, cron, db_path, sites_dirs, max_articles, base_url, recheck,
                 settings):
    """Crawl SITE on a cron schedule (times in UTC).

    Example:

        tradepress schedule add local-government-chronicle --cron "30 5 * * *" --max-articles 200
    """
    from pipelines.schedules import ScheduleError, add_schedule, next_run, utcnow

    try:
        profile = find_profile(site_name, profile_dirs(sites_dirs))
        if base_url:  # refused now (only http(s)), not at every scheduled run
            profile.with_base_url(base_url)
        next_run(cron, utcnow())
    except (ProfileError, ScheduleError) as e:
        raise click.ClickException(str(e)) from None
    options = [a for d in sites_dirs for a in ("--sites-dir", str(Path(d).resolve()))]
    if max_articles:
        options += ["--max-articles", str(max_articles)]
    if base_url:
        options += ["--base-url", base_url]
    if recheck:
        options.append("--recheck")
    for name, value in parse_settings(settings).items():
        options += ["-s", f"{name}={value}"]
    archive = open_archive(db_path)
    try:
        schedule_id = add_schedule(archive.db, site_name, cron, options)
        (next_at,) = archive.db.execute("select next_run_at from schedules where id = ?",
                                        [schedule_id]).fetchone()
    finally:
        archive.close()
    click.echo(f"schedule {schedule_id}: {site_name} at \"{cron}\", next run "
               f"{local_time(next_at)}")


@schedule.command("list")
@db_option
@archive_errors
def schedule_list(db_path):
    """List schedules: next run, last run and how it ended.

    Example:

        tradepress schedule list --db data/archive.db
    """
    from pipelines.schedules import list_schedules

    archive = open_archive(db_path, read_only=True)
    try:
        schedules = list_schedules(archive.db)
        outcomes = {cid: (status, flags) for cid, status, flags in archive.db.execute(
            "select id, status, flags from crawls where trigger = 'schedule'").fetchall()}
    finally:
        archive.close()
    if not schedules:
        click.echo("No schedules.", err=True)
    for s in schedules:
        status, flags = outcomes.get(s["last_crawl_id"], (None, None))
        last = (f"{local_time(s['last_run_at'])} ({status}{', ' + flags if flags else ''})"
                if s["last_run_at"] else "never")
        state = "paused" if s["paused"] else f"next {local_time(s['next_run_at'])}"
        click.echo(f"{s['id']:>3}  {s['site']:<28} {s['cron']:<16} {state:<30} last {last}")


def _schedule_change(db_path, key, action):
    from pipelines.schedules import ScheduleError

    archive = open_archive(db_path, create=False)
    try:
        return action(archive.db, key)
    except ScheduleError as e:
        raise click.ClickException(str(e)) from None
    finally:
        archive.close()


@schedule.command("remove")
@click.argument("key", metavar="ID|SITE")
@db_option
@archive_errors
def schedule_remove(key, db_path):
    """Remove a schedule (by id, or every schedule of a site).

    Example:

        tradepress schedule remove 3
    """
    from pipelines.schedules import remove_schedules
    click.echo(f"{_schedule_change(db_path, key, remove_schedules)} schedule(s) removed")


@schedule.command("pause")
@click.argument("key", metavar="ID|SITE")
@db_option
@archive_errors
def schedule_pause(key, db_path):
    """Pause a schedule until `schedule resume`.

    Example:

        tradepress schedule pause nursing-times
    """
    from pipelines.schedules import set_paused
    n = _schedule_change(db_path, key, lambda db, k: set_paused(db, k, True))
    click.echo(f"{n} schedule(s) paused")


@schedule.command("resume")
@click.argument("key", metavar="ID|SITE")
@db_option
@archive_errors
def schedule_resume(key, db_path):
    """Resume a paused schedule; its next run is counted from now.

    Example:

        tradepress schedule resume nursing-times
    """
    from pipelines.schedules import set_paused
    n = _schedule_change(db_path, key, lambda db, k: set_paused(db, k, False))
    click.echo(f"{n} schedule(s) resumed")


@schedule.command("crontab")
@db_option
@click.option("--install", is_flag=True, help="Put the lines into your crontab (replacing "
                                              "earlier tradepress lines).")
@archive_errors
def schedule_crontab(db_path, install):
    """Print the schedules as crontab lines, for the operating system's scheduler.

    Example:

        tradepress schedule crontab --install
    """
    import shlex
    import shutil
    import subprocess

    from pipelines.schedules import list_schedules

    archive = open_archive(db_path, read_only=True)
    try:
        schedules = [s for s in list_schedules(archive.db) if not s["paused"]]
    finally:
        archive.close()
    db = Path(db_path).resolve()
    program = shutil.which("tradepress") or f"{sys.executable} -m crawler.cli"
    lines = ["# tradepress begin (times are UTC: set CRON_TZ=UTC where cron supports it)",
             "CRON_TZ=UTC"]
    for s in schedules:
        log = db.parent / "logs" / f"{s['site']}-cron.log"
        command = " ".join([program, "crawl", "--site", shlex.quote(s["site"]), "--db",
                            shlex.quote(str(db)), "-s", "TRADEPRESS_TRIGGER=cron",
                            *map(shlex.quote, s["options"])])
        lines.append(f"{s['cron']} mkdir -p {shlex.quote(str(log.parent))} && {command} "
                     f">> {shlex.quote(str(log))} 2>&1")
    lines.append("# tradepress end")
    if not install:
        click.echo("\n".join(lines))
        return
    if not shutil.which("crontab"):
        raise click.ClickException("no crontab command on this machine; print the lines "
                                   "without --install and add them by hand")
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True).stdout
    kept = re.sub(r"# tradepress begin.*?# tradepress end\n?", "", current, flags=re.S)
    subprocess.run(["crontab", "-"], input=kept + "\n".join(lines) + "\n", text=True,
                   check=True)
    click.echo(f"{len(schedules)} schedule(s) installed in your crontab")


@cli.command()
@db_option
@sites_dir_option
@click.option("--tick", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds between looks at the schedules.")
@click.option("--on-stop", type=click.Choice(["finish", "stop"]), default="finish",
              show_default=True, help="On SIGTERM: let running crawls finish, or stop them.")
@click.option("--scrapyd", "scrapyd_url", help="Hand due crawls to this Scrapyd server.")
@click.option("--once", is_flag=True, help="Start what is due, wait for it, and exit.")
@archive_errors
def scheduler(db_path, sites_dirs, tick, on_stop, scrapyd_url, once):
    """Run scheduled crawls, in the foreground, until SIGTERM.

    Each due crawl runs as its own process (logs in logs/ beside the database); two crawls of
    one site never overlap; a schedule missed while the scheduler was down runs once.

    Example:

        tradepress scheduler --db /srv/archive/archive.db --tick 60
    """
    import logging

    from crawler.scheduler import Scheduler

    archive = open_archive(db_path, create=False)
    archive.close()
    log_dir = Path(db_path).parent / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    handlers = [logging.StreamHandler(), logging.FileHandler(log_dir / "scheduler.log")]
    logging.basicConfig(level=logging.INFO, handlers=handlers,
                        format="%(asctime)s %(levelname)s %(message)s")
    Scheduler(db_path, sites_dirs=sites_dirs, tick=tick, on_stop=on_stop,
              scrapyd=scrapyd_url).serve(once=once)


@cli.command()
@db_option
@click.option("--site", "site_name", help="Only this publication's runs.")
@click.option("--failed", is_flag=True, help="Only runs that failed or were flagged.")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(min=1))
@archive_errors
def runs(db_path, site_name, failed, limit):
    """List crawl runs: trigger, start and end, pages, articles, errors, outcome.

    Reprocess runs follow the crawls (ids r1, r2...), with how many articles they went
    through. A run whose process died is shown `interrupted`.

    Example:

        tradepress runs --site nursing-times --failed
    """
    where, params = ["1 = 1"], []
    task_where, task_params = ["1 = 1"], []
    if site_name:
        where.append("site = ?")
        params.append(site_name)
        task_where.append("json_extract(args, '$.site') = ?")
        task_params.append(site_name)
    if failed:
        where.append("(status not in ('finished', 'running', 'queued') or flags is not null "
                     "or coalesce(exit_status, 0) != 0)")
        task_where.append("status not in ('finished', 'running')")
    archive = open_archive(db_path, read_only=True)
    try:
        rows = archive.db.execute(
            f"""select id, site, trigger, started_at, finished_at, pages_fetched, articles_new,
                       articles_updated, articles_unchanged, failures, status, exit_status, flags
                from crawls where {' and '.join(where)} order by id desc limit ?""",
            [*params, limit]).fetchall()
        tasks = archive.db.execute(
            f"""select id, kind, json_extract(args, '$.site'), started_at, finished_at, rows,
                       status, error
                from tasks where {' and '.join(task_where)} order by id desc limit ?""",
            [*task_params, limit]).fetchall()
    finally:
        archive.close()
    if not rows and not tasks:
        click.echo("No runs.", err=True)
    for (run_id, site, trigger, started, finished, pages, new, updated, unchanged, errors,
         status, exit_status, flags) in rows:
        outcome = status + (f" (exit {exit_status})" if exit_status else "")
        click.echo(f"{run_id:>4}  {site or 'urls':<24} {trigger or '-':<9} "
                   f"{local_time(started)} -> {local_time(finished)}  {pages or 0} pages, "
                   f"{new or 0} new / {updated or 0} updated / {unchanged or 0} unchanged, "
                   f"{errors or 0} errors  {outcome}" + (f"  FLAGGED: {flags}" if flags else ""))
    for task_id, kind, site, started, finished, done, status, error in tasks:
        click.echo(f"{'r' + str(task_id):>4}  {site or 'all sites':<24} {kind:<9} "
                   f"{local_time(started)} -> {local_time(finished)}  {done or 0} articles  "
                   f"{status}" + (f": {error}" if error else ""))


# The researchers' commands live in their own module, on the same group.
from crawler import cli_research  # noqa: E402,F401  (registers search, show, export, ...)


def main():
    cli(prog_name="tradepress")


if __name__ == "__main__":
    # Run the group of the imported module, where the researchers' commands were added
    # (as a script this file is "__main__", a second copy of the module).
    from crawler.cli import main as imported_main
    imported_main()
