"""The back catalogue: `import-warc` (WARC and ARC files) and `backfill` (web archives)."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

import click

from crawler.siteconfig import SAMPLE_SITES_DIR, profile_dirs
from crawler.targets import on_site
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


@click.command("import-warc")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--site", "site_name", help="Only this publication's article URLs.")
@click.option("--all", "all_pages", is_flag=True,
              help="Every HTML page in the files, not only the profiles' article URLs.")
@db_option
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Extraction processes (default: one per core; 0: in this process).")
@sites_dir_option
@archive_errors
def import_warc(files, site_name, all_pages, db_path, workers, sites_dirs):
    """Archive the pages held in WARC or ARC files (gzipped or not) made by any tool.

    Every HTML response of an article URL (by the site profiles: their hosts and article
    patterns; with --all, every HTML page) is kept as a capture, with the file, record id and
    offset as provenance and the capture's own date as its fetch time, and goes through the
    same extraction and storage as a crawl: records, versions in order of capture time,
    failures with reasons. A record or file that cannot be read is recorded as a failure and
    the import goes on. Importing the same file twice adds nothing; an import that was killed
    finishes its work when run again. Progress goes to stderr.

    Exit status: 0; 3 when some records or files failed; 1 when it could not run.

    Examples:

        tradepress import-warc crawl-2019.warc.gz --site nursing-times

        tradepress import-warc heritrix/*.warc.gz --all --sites-dir my-sites
    """
    from crawler.runner import PARTIAL_EXIT
    from pipelines.warcimport import Target, import_warcs

    for name in files:
        if not os.path.isfile(name) or not os.access(name, os.R_OK):
            why = "not a file" if os.path.exists(name) else "no such file"
            raise click.ClickException(f"cannot read {name}: {why}")
    dirs = profile_dirs(sites_dirs) + [SAMPLE_SITES_DIR]
    profiles = [profile_named(site_name, dirs)] if site_name else all_profiles(dirs)

    def target_of(url: str) -> Target | None:
        """The site whose article URL it is; with --all, also any page of a site's hosts
        (or, without --site, of any host)."""
        hosts = [p for p in profiles if on_site(url, p.domains)]
        profile = next((p for p in hosts if p.is_article_url(url)), None)
        if profile is None and all_pages:
            if not hosts:
                return None if site_name else Target(None)
            profile = hosts[0]
        if profile is None:
            return None
        return Target(profile.name, profile.extract_options(url), profile)

    archive = open_archive(db_path)
    shown = [0.0]

    def progress(path: Path, counts: Counter, done: bool) -> None:
        if done or time.monotonic() - shown[0] >= 2:
            shown[0] = time.monotonic()
            click.echo(f"import: {path.name}{' done' if done else ''}; all files so far: "
                       f"{counts['records']} records, "
                       f"{counts['captures']} kept, {counts['already']} kept before, "
                       f"{counts['failures']} failed", err=True)

    try:
        crawl_id, counts = import_warcs(
            archive, [Path(f) for f in files], target_of, Path(db_path).parent / "warc",
            discover=discovered_links, site=site_name,
            workers=os.cpu_count() or 1 if workers is None else workers,
            args={"files": [str(Path(f).resolve()) for f in files], "site": site_name,
                  "all": all_pages}, progress=progress)
    except OSError as e:  # the archive's own WARC file or folder cannot be written
        raise click.ClickException(f"import stopped: cannot write {e.filename or ''}: "
                                   f"{e.strerror or e}") from None
    finally:
        archive.close()
    click.echo(summary(f"Import {crawl_id}", counts))
    if counts["failures"]:
        sys.exit(PARTIAL_EXIT)


def summary(title: str, counts: Counter) -> str:
    """What an import or backfill did, in a few lines."""
    return "\n".join([
        f"{title}: {plural(counts['records'], 'record')} read, "
        f"{plural(counts['captures'], 'capture')} kept "
        f"({counts['already']} kept before, {counts['passed_over']} not wanted, "
        f"{counts['not_html']} not HTML, {counts['redirects']} redirects)",
        f"  articles: {counts['articles_new']} new, "
        f"{plural(counts['articles_updated'], 'new version')}, "
        f"{counts['articles_unchanged']} unchanged, {counts['articles_gone']} gone; "
        f"{plural(counts['non_articles'], 'page')} kept as non-articles; "
        f"{plural(counts['failures'], 'failure')}"])



def discovered_links(entry) -> list[tuple[str, dict]]:
    """The article links (and hints) of a feed or sitemap held in a WARC; [] for anything
    else (see crawler.discovery.links_in)."""
    from crawler.discovery import links_in

    if not entry.body or not (200 <= (entry.status or 200) < 300):
        return []
    return links_in(entry.body, entry.url)

@click.command()
@click.option("--site", "site_name", required=True, help="The publication to backfill.")
@click.option("--since", help="Only captures made on or after this day (e.g. 2016-01-01).")
@click.option("--until", help="Only captures made on or before this day.")
@click.option("--source", default="https://web.archive.org/cdx/search/cdx", show_default=True,
              help="A CDX index server: the Wayback Machine's, a pywb collection's "
                   "(http://HOST/COLLECTION/cdx), a Common Crawl index.")
@click.option("--replay", help="Where the source's captures are replayed, if it cannot be "
                               "told from --source (e.g. https://web.archive.org/web/).")
@click.option("--warc-prefix", help="For an index without replay (Common Crawl's): where its "
                                    "WARC files are, each capture fetched by byte range "
                                    "(default for index.commoncrawl.org: "
                                    "https://data.commoncrawl.org/).")
@click.option("--dry-run", is_flag=True, help="List the captures that would be fetched; "
                                              "fetch nothing else.")
@db_option
@click.option("--base-url", help="The site's address in the archive, if not its profile's.")
@sites_dir_option
@settings_option
@verbose_option
def backfill(site_name, since, until, source, replay, warc_prefix, dry_run, db_path, base_url,
             sites_dirs, settings, verbose):
    """Archive a publication's past from a web archive (the Wayback Machine by default).

    Asks the CDX index for every capture under the site's base URL, keeps those of article
    URLs (the profile's patterns) that are HTML, drops captures whose content had not changed
    since the one before (same digest), and fetches each of the rest as the archive holds it
    (raw `id_` mode; from an index without replay, such as Common Crawl's, the capture's WARC
    record is fetched by byte range instead). Each is archived as a crawl's page would be,
    with the memento's URL and datetime as its provenance and fetch time: records, versions in
    order of capture time, failures. Polite as a crawl: robots.txt of the archive, one
    request at a time with a delay (-s DOWNLOAD_DELAY=N, default 2 s), Retry-After obeyed.
    Captures already kept are not fetched again, so a run that was stopped finishes when run
    again.

    Exit status: 0; 3 when some captures failed; 1 when the index could not be read.

    Examples:

        tradepress backfill --site nursing-times --since 2016-01-01 --until 2018-12-31

        tradepress backfill --site civic-ledger --source http://localhost:8080/news/cdx --dry-run

    Common Crawl: --source https://index.commoncrawl.org/CC-MAIN-2024-10-index (a crawl's
    index; its WARC records are fetched by byte range from data.commoncrawl.org).
    """
    from crawler.cdx import replay_base, warc_prefix_for
    from crawler.runner import PARTIAL_EXIT, run_backfill

    profile = profile_named(site_name, list(sites_dirs) + [SAMPLE_SITES_DIR], base_url)
    since_day, until_day = parse_since(since), parse_since(until)
    if not source.lower().startswith(("http://", "https://")):
        raise click.ClickException(f"--source: not an http(s) URL: {source!r}")
    warc_prefix = warc_prefix or warc_prefix_for(source)
    try:
        replay = replay or ("" if warc_prefix else replay_base(source))
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    overrides = {"DOWNLOAD_DELAY": 2, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
                 **parse_settings(settings), "TRADEPRESS_DB": db_path}
    if not verbose:
        overrides.setdefault("LOG_LEVEL", "CRITICAL")
    if dry_run:  # nothing written: no captures, no records, no run
        overrides.update({"ITEM_PIPELINES": {}, "EXTENSIONS": {
            "crawler.extensions.Progress": 500, "crawler.extensions.CaptureExtension": None}})
    else:
        open_archive(db_path).close()  # fail now, with one line, if it cannot be written
    result, planned = run_backfill(profile, source, replay, since_day, until_day, dry_run,
                                   overrides, warc_prefix)
    if result.stats.get("tradepress/storage_error"):
        raise click.ClickException(f"backfill stopped: {result.stats['tradepress/storage_error']}")
    if not result.get("tradepress/index_captures") and result.failures:
        archive = open_archive(db_path, create=False)
        failed = archive.failures_of(result.get("tradepress/crawl_id"))
        archive.close()
        why = failed[0][1] if failed else "see the failures table"
        raise click.ClickException(f"could not read the index at {source}: {why}")
    already = result.get("tradepress/already_kept")
    if dry_run:
        for memento, url in planned:
            click.echo(f"{memento.when}  {memento.url}  {url}")
        click.echo(f"{plural(len(planned), 'capture')} to fetch ({already} kept before)",
                   err=True)
        return
    click.echo(f"{profile.name}: {result.get('tradepress/index_captures')} captures in the "
               f"index, {result.get('tradepress/mementos_fetched')} fetched, "
               f"{result.archived} articles archived, "
               f"{result.unchanged} unchanged, {already} kept before, "
               f"{plural(result.failures, 'failure')} [{result.finish_reason}]")
    if result.failures:
        sys.exit(PARTIAL_EXIT)
