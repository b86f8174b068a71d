"""Crawling: `demo`, `crawl`, `worker`, `ingest` and `sites`."""

from __future__ import annotations

import os
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import click

from crawler.siteconfig import SAMPLE_SITES_DIR, profile_dirs
from pipelines.lifeline import stop_flag, stop_signal
from tradepress.cli.common import (
    all_profiles,
    archive_errors,
    db_option,
    open_archive,
    parse_settings,
    parse_since,
    plural,
    profile_named,
    settings_option,
    sites_dir_option,
    verbose_option,
)


@click.command()
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
    from crawler.samplesite import serve_sample_site

    open_archive(db_path).close()
    profiles = all_profiles([SAMPLE_SITES_DIR])
    with serve_sample_site() as origin, through_proxy(origin):
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
        if keep_serving and stop_signal() is None:  # not if a signal stopped the crawl
            click.echo(f"Serving {origin}/ until Ctrl-C (or SIGTERM)", err=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:  # Ctrl-C or SIGTERM (pipelines.lifeline.Stopped)
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


@click.command()
@click.option("--site", "site_name", help="Name of a configured publication (see `sites`).")
@click.option("--url", "urls", multiple=True, help="An article URL to archive (repeatable).")
@click.option("--urls-file", type=click.Path(dir_okay=False, allow_dash=True),
              help="Article URLs to archive, one a line ('-': standard input; blank lines and "
                   "lines starting with # are skipped).")
@db_option
@click.option("--max-articles", type=click.IntRange(min=1), help="Stop after this many articles.")
@click.option("--since", help="Skip articles published before this date (e.g. 2024-01-01).")
@click.option("--base-url", help="Crawl the site's profile at another address (a mirror).")
@click.option("--recheck", is_flag=True,
              help="Re-check every archived article now, whatever the site's recrawl policy.")
@click.option("--cookies", "cookies", type=click.Path(dir_okay=False),
              help="Crawl with a subscriber's cookies: a cookies.txt file (Netscape format, as "
                   "browsers' export extensions write it). Never stored in the archive.")
@sites_dir_option
@settings_option
@verbose_option
@click.option("--distributed", is_flag=True,
              help="Only queue the site's discovery requests in Redis (--redis) for workers.")
@click.option("--redis", "redis_url", help="Redis URL of a distributed crawl "
              "(redis://HOST:6379/0).")
def crawl(site_name, urls, urls_file, db_path, max_articles, since, base_url, recheck, cookies,
          sites_dirs, settings, verbose, distributed, redis_url):
    """Crawl a configured publication, or archive given article URLs.

    Progress goes to stderr while the crawl runs; a summary follows. Failed pages are logged,
    recorded in the archive's `failures` table, and the crawl goes on. Every response is kept
    as a capture (and in a WARC file under warc/ beside the database). Archived articles are
    re-checked with conditional requests when the site's recrawl policy says they are due; a
    page that has gone is marked so, never deleted. A site crawl that is killed resumes where
    it stopped when started again (its Scrapy job folder is jobs/SITE beside the database).

    Exit status: 0 when every URL was archived or skipped; 3 when the crawl finished but some
    URLs failed (the summary counts them by reason, and a crawl of given URLs names each); 1
    when it could not run, fetched nothing from the site, or none of the given URLs could be
    archived; 143 or 130 when SIGTERM or SIGINT stopped it (what was fetched is kept).

    Examples:

        tradepress crawl --site local-government-chronicle --max-articles 50

        tradepress crawl --site nursing-times --since 2024-01-01 --db nursing.db

        tradepress crawl --url https://www.example.co.uk/comment/some-piece/123.article

        tradepress crawl --urls-file pieces.txt
    """
    from crawler.runner import PARTIAL_EXIT, CrawlJob, run_crawls

    urls = [(url, "--url") for url in urls]
    if urls_file is not None:
        urls += [(line.strip(), f"--urls-file line {n}") for n, line in read_lines(urls_file)
                 if line.strip() and not line.lstrip().startswith("#")]
    if not site_name and not urls:
        raise click.UsageError("give --site NAME, or article URLs (--url URL, --urls-file FILE)")
    for url, where in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise click.BadParameter(f"not an http(s) URL: {url[:200]!r}", param_hint=where)
    urls = list(dict.fromkeys(url for url, _ in urls))
    profile = profile_named(site_name, sites_dirs, base_url) if site_name else None
    overrides = parse_settings(settings)
    since_day = parse_since(since)
    if distributed or redis_url:
        seed_distributed(profile, redis_url, db_path, urls)
        return
    open_archive(db_path).close()  # fail now, with one line, if the archive cannot be written
    overrides.update({"TRADEPRESS_DB": db_path, "TRADEPRESS_SITES_DIRS": list(sites_dirs)})
    if not verbose:  # progress and failures are shown by crawler.extensions.Progress instead
        overrides.setdefault("LOG_LEVEL", "CRITICAL")
    if profile is not None:
        overrides.setdefault("JOBDIR", str(Path(db_path).parent / "jobs" / profile.name))
        if recheck:
            profile = replace(profile, recent_every_days=0, older_every_days=0)
    check_session(profile, cookies)
    job = CrawlJob(profile=profile, urls=list(urls), max_articles=max_articles, since=since_day,
                   cookies=cookies)
    results = run_crawls([job], overrides)
    print_results(results)
    result = results[0]
    if result.stats.get("tradepress/login_error"):
        raise click.ClickException(f"crawl stopped: {result.stats['tradepress/login_error']}")
    if result.stats.get("tradepress/storage_error"):
        raise click.ClickException(f"crawl stopped: {result.stats['tradepress/storage_error']}")
    if result.finish_reason == "finished":
        flag_run(db_path, result.get("tradepress/crawl_id"))
    if urls and result.failures:
        archive = open_archive(db_path, create=False)
        failed = archive.failures_of(result.get("tradepress/crawl_id"))
        archive.close()
        reasons = "; ".join(f"{url}: {error}" for url, error in failed[:20])
        more = f"; and {len(failed) - 20} more" if len(failed) > 20 else ""
        line = f"could not archive {len(failed)} of {len(urls)} URL(s): {reasons}{more}"
        if not (result.archived or result.unchanged or result.non_articles):
            raise click.ClickException(line)  # none of the URLs could be archived
        click.echo(f"Error: {line}", err=True)
        sys.exit(PARTIAL_EXIT)
    if result.pages == 0 and result.failures:
        raise click.ClickException(f"nothing could be fetched from {result.label}; "
                                   f"is the site reachable?")
    if result.failures:
        click.echo(f"{plural(result.failures, 'URL')} failed: see `tradepress runs` and the "
                   f"failures table; exit status {PARTIAL_EXIT}", err=True)
        sys.exit(PARTIAL_EXIT)


def flag_run(db_path: str, crawl_id: int) -> None:
    """Say (and record in `runs`) why a finished crawl looks wrong, as the scheduler does for
    its runs: mostly teasers where the site's articles were full text, no articles..."""
    from pipelines.archive.runs import flag_crawl
    from tradepress.ops.schedules import anomaly_flags

    if not crawl_id:
        return
    archive = open_archive(db_path, create=False)
    try:
        flags = anomaly_flags(archive.db, crawl_id)
        flag_crawl(archive.db, crawl_id, flags)
    finally:
        archive.close()
    for flag in flags:
        click.echo(f"FLAGGED: {flag}", err=True)


def check_session(profile, cookies: str | None) -> None:
    """A subscriber's secrets that cannot be used are one line, before the crawl starts."""
    from crawler.session import SessionError, read_cookies, read_credentials

    login = profile.login if profile is not None else None
    try:
        for path in (cookies, login.cookies if login else None):
            if path:
                read_cookies(path)
        if login is not None and login.has_form:
            read_credentials(login, profile.name)
    except SessionError as e:
        raise click.ClickException(str(e)) from None


def read_lines(path: str) -> list[tuple[int, str]]:
    """The numbered lines of a text file, or of standard input for "-"; one line if unreadable."""
    try:
        if path == "-":
            return list(enumerate(sys.stdin, 1))
        with open(path, encoding="utf-8") as f:
            return list(enumerate(f, 1))
    except OSError as e:
        raise click.ClickException(f"cannot read {path}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise click.ClickException(f"cannot read {path}: not UTF-8 text") from None


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
        crawl_id = archive.start_crawl(profile.name, "distributed", {"site": profile.name},
                                       detached=True)
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


@click.command()
@click.option("--redis", "redis_url", required=True, help="Redis URL of the shared queue.")
@click.option("--site", "site_name", required=True, help="The publication being crawled.")
@click.option("--base-url", help="The site's profile at another address (a mirror).")
@click.option("--idle", type=click.FloatRange(min=0), default=None,
              help="Stop after this many seconds with nothing left to do (default 30).")
@sites_dir_option
@settings_option
@verbose_option
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

    profile = profile_named(site_name, sites_dirs, base_url)
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
    check_session(profile, None)  # a subscriber's site: each worker signs in for itself
    result = run_crawls([CrawlJob(profile=profile)], overrides)[0]
    if result.stats.get("tradepress/login_error"):
        raise click.ClickException(f"worker stopped: {result.stats['tradepress/login_error']}")
    click.echo(f"{result.label}: {result.pages} pages fetched, "
               f"{result.get('tradepress/records_queued')} records queued, "
               f"{result.get('tradepress/leases_requeued')} requests of dead workers requeued "
               f"[{result.finish_reason}]")


@click.command()
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
        with stop_flag() as stop:  # SIGTERM, SIGINT: stop between batches
            writer.run(idle, stop=stop.is_set)
    except redis.RedisError as e:
        raise click.ClickException(f"lost Redis at {redis_url}: {e}") from None
    finally:
        writer.close()
        archive.close()
    c = writer.counts
    click.echo(f"ingested {c['captures']} captures, {c['articles_new']} new articles, "
               f"{c['articles_updated']} updated, {c['articles_unchanged']} unchanged, "
               f"{c['non_articles']} kept as non-articles, "
               f"{c['failures']} failures ({c['captures_again']} captures already archived)"
               + (f"; {c['rejected']} messages that are not records moved to "
                  f"tradepress:records:rejected" if c["rejected"] else ""))


def print_results(results) -> None:
    for r in results:
        unchanged = f", {r.unchanged} unchanged" if r.unchanged else ""
        kept = ""
        if r.non_articles:
            kinds = ", ".join(f"{reason} {n}" for reason, n in r.non_article_reasons.items())
            kept = f", {r.non_articles} kept as non-articles ({kinds})"
        demoted = r.get("tradepress/no_longer_an_article")
        if demoted == 1:
            kept += ", 1 archived article reads as a non-article now (left as it was)"
        elif demoted:
            kept += f", {demoted} archived articles read as non-articles now (left as they were)"
        reasons = ", ".join(f"{reason} {n}" for reason, n in r.failure_reasons.items())
        failed = f"{r.failures} failed ({reasons})" if r.failures else "no failures"
        click.echo(f"{r.label}: {r.pages} pages fetched, {r.archived} articles archived"
                   f"{unchanged}{kept}, {failed} [{r.finish_reason}]")


def print_summary(db_path: str, results) -> None:
    archive = open_archive(db_path, create=False)
    s = archive.summary()
    archive.close()
    errors = sum(r.failures for r in results)
    click.echo(f"\nArchive {db_path}: {s['sites']} sites, {s['articles']} articles, "
               f"{s['authors']} authors; {plural(errors, 'failed URL')} in this run "
               f"(recorded in the failures table)")
    words = [w for w in re.findall(r"[^\W\d_]+", s["latest_opinion"] or "") if len(w) > 3]
    word = max(words, key=len).lower() if words else "council"
    click.echo(f"Try: tradepress search {word} --db {db_path}")


@click.command()
@sites_dir_option
def sites(sites_dirs):
    """List the configured publications, and which sign in as a subscriber ([login]: "login"
    with a sign-in recipe, "cookies" with a cookies file only).

    Example:

        tradepress sites --sites-dir my-profiles/
    """
    profiles = all_profiles(profile_dirs(sites_dirs))
    width = max((len(p.name) for p in profiles), default=4)
    for p in profiles:
        login = "" if p.login is None else "  [login]" if p.login.has_form else "  [cookies]"
        click.echo(f"{p.name:<{width}}  {p.title}  {p.base_url}{login}")
