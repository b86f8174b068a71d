"""The archive: `extract` (saved pages), `history`, `reprocess`, `export-warc` and `runs`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from crawler.siteconfig import SAMPLE_SITES_DIR, profile_dirs
from pipelines.archive.runs import list_runs
from pipelines.savedpages import POOL_PAGES, extract_saved
from tradepress.cli.common import (
    all_profiles,
    archive_errors,
    db_option,
    local_time,
    open_archive,
    parse_since,
    profile_named,
    sites_dir_option,
    url_lines,
)

# what `runs` shows for a run of no one site
RUN_LABELS = {"import": "(files)"}  # (a backfill is always of one site)


@click.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--manifest", type=click.Path(dir_okay=False),
              help='JSON Lines of {"file", "url", "fetched_at"}; paths relative to it.')
@click.option("--url", help="The URL the page was fetched from (one FILE).")
@click.option("--fetched-at", help="When it was fetched, ISO 8601 (one FILE).")
@click.option("--site", "site_name", help="Use this publication's profile: its hints, and its "
              "article URL patterns as evidence on each page's URL.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Processes extracting at once (default: one per CPU for "
              f"{POOL_PAGES} pages or more, else 0: in this process).")
@sites_dir_option
def extract(files, manifest, url, fetched_at, site_name, workers, sites_dirs):
    """Extract records from saved HTML pages; print one JSON object per page.

    Uses exactly the code path of a crawl. A page that cannot be read gives an object with
    an `error` key and the run goes on; the exit status is 1 if any page failed. Records come
    out in input order, whatever the number of workers.

    Examples:

        tradepress extract page.html --url https://example.com/comment/x.article

        tradepress extract --manifest pages.jsonl > records.jsonl
    """
    entries = [{"file": f, "url": url, "fetched_at": fetched_at} for f in files]
    if manifest:
        entries += read_manifest(manifest)
    if not entries:
        raise click.UsageError("give FILE... or --manifest FILE")
    profile = profile_named(site_name, sites_dirs) if site_name else None
    if workers is None:
        workers = (os.cpu_count() or 1) if len(entries) >= POOL_PAGES else 0
    failed = 0
    for out in extract_saved(entries, profile.extract_options if profile else lambda url: {},
                             workers):
        failed += "error" in out
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


@click.command()
@click.argument("url")
@db_option
@archive_errors
def history(url, db_path):
    """Show the archived versions of an article, with what changed between them.

    Example:

        tradepress history https://www.example.co.uk/comment/a-piece/7019234.article
    """
    from crawler.fetch import clean_url
    from pipelines.archive.history import diff_versions, urls_of, versions

    archive = open_archive(db_path, read_only=True)
    try:  # (as given, else as a crawl would have asked for it: no tracking parameters)
        found = versions(archive.db, url) or versions(archive.db, clean_url(url))
        urls = urls_of(archive.db, found[-1]["article_id"]) if found else []
    finally:
        archive.close()
    if not found:
        raise click.ClickException(f"no archived article at {url}")
    click.echo(found[-1]["url"] + (f"  (gone since {found[-1]['gone_at']})"
                                    if found[-1]["gone_at"] else ""))
    click.echo(url_lines(urls))
    previous = None
    for version in found:
        click.echo(f"\nversion {version['version']}  fetched {version['fetched_at']}  "
                   f"{version['content_hash'][:12]}  {version['title']}")
        if previous is not None:
            for line in diff_versions(previous, version) or ["(no visible change)"]:
                click.echo("  " + line)
        previous = version


@click.command()
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
    running it again changes nothing. Use it after upgrading tradepress or changing a site
    profile. Pages kept as non-articles are judged again ("now an article"); an article that
    now reads as a non-article is left as it was, counted ("no longer an article") and named
    on stderr. Each article is
    rewritten in its own transaction: a run that is killed loses nothing, and running it again
    finishes the work. Runs are listed by `tradepress runs`.

    Example:

        tradepress reprocess --site nursing-times --since 2024-01-01
    """
    from pipelines.reprocess import reprocess as run_reprocess

    dirs = profile_dirs(sites_dirs) + [SAMPLE_SITES_DIR]

    since_day = parse_since(since)
    # a malformed profile would silently change what is extracted: refuse it up front
    profiles = {p.name: p for p in all_profiles(dirs)}

    def options_for(site, *urls):
        return profiles[site].extract_options(*urls) if site in profiles else {}

    archive = open_archive(db_path, create=False)
    try:
        known = archive.sites()
        if site_name and site_name not in known:
            raise click.ClickException(f"no archived articles of site {site_name!r} (sites in "
                                       f"the archive: {', '.join(known) or 'none'})")
        counts = run_reprocess(archive, site=site_name, since=since_day, options_for=options_for,
                               workers=os.cpu_count() or 1 if workers is None else workers)
    finally:
        archive.close()
    click.echo(", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(counts.items())))


@click.command("export-warc")
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
    from pipelines.archive.captures import iter_captures
    from pipelines.archive.warc import Capture, WarcWriter
    from tradepress.research.export import check_outputs, replacing

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


@click.command()
@db_option
@click.option("--site", "site_name", help="Only this publication's runs.")
@click.option("--failed", is_flag=True, help="Only runs that failed or were flagged.")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(min=1))
@archive_errors
def runs(db_path, site_name, failed, limit):
    """List crawl runs: trigger, start and end, pages, articles, non-articles kept, errors,
    outcome.

    Reprocess runs follow the crawls (ids r1, r2...), with how many articles they went
    through. A run whose process died is shown `interrupted`.

    Example:

        tradepress runs --site nursing-times --failed
    """
    archive = open_archive(db_path, read_only=True)
    try:
        crawls, tasks = list_runs(archive.db, site=site_name, failed=failed, limit=limit)
    finally:
        archive.close()
    if not crawls and not tasks:
        click.echo("No runs.", err=True)
    for c in crawls:
        outcome = c["status"] + (f" (exit {c['exit_status']})" if c["exit_status"] else "")
        label = c["site"] or RUN_LABELS.get(c["trigger"], "urls")
        click.echo(f"{c['id']:>4}  {label:<24} {c['trigger'] or '-':<9} "
                   f"{local_time(c['started_at'])} -> {local_time(c['finished_at'])}  "
                   f"{c['pages_fetched'] or 0} pages, {c['articles_new'] or 0} new / "
                   f"{c['articles_updated'] or 0} updated / {c['articles_unchanged'] or 0} "
                   f"unchanged, "
                   + (f"{c['non_articles']} non-articles kept, " if c["non_articles"] else "")
                   + f"{c['failures'] or 0} errors  {outcome}"
                   + (f"  FLAGGED: {c['flags']}" if c["flags"] else ""))
    for t in tasks:
        click.echo(f"{'r' + str(t['id']):>4}  {t['site'] or 'all sites':<24} {t['kind']:<9} "
                   f"{local_time(t['started_at'])} -> {local_time(t['finished_at'])}  "
                   f"{t['rows'] or 0} articles  {t['status']}"
                   + (f": {t['error']}" if t["error"] else ""))
