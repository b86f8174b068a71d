"""Schedules: `schedule add|list|pause|resume|remove|crontab` and the `scheduler` service."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from tradepress.cli.common import (
    archive_errors,
    db_option,
    local_time,
    open_archive,
    parse_settings,
    profile_named,
    sites_dir_option,
)


@click.group()
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
@click.option("--cookies", type=click.Path(dir_okay=False),
              help="A subscriber's cookies.txt, passed on to each crawl (its path, never its "
                   "content, is kept in the schedule).")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy setting for each crawl (repeatable).")
@archive_errors
def schedule_add(site_name, cron, db_path, sites_dirs, max_articles, base_url, recheck, cookies,
                 settings):
    """Crawl SITE on a cron schedule (times in UTC).

    Example:

        tradepress schedule add local-government-chronicle --cron "30 5 * * *" --max-articles 200
    """
    from tradepress.ops.schedules import ScheduleError, add_schedule, next_run, next_run_at, utcnow

    profile_named(site_name, sites_dirs, base_url)  # a bad URL is refused now, not at each run
    try:
        next_run(cron, utcnow())
    except ScheduleError as e:
        raise click.ClickException(str(e)) from None
    options = [a for d in sites_dirs for a in ("--sites-dir", str(Path(d).resolve()))]
    if max_articles:
        options += ["--max-articles", str(max_articles)]
    if base_url:
        options += ["--base-url", base_url]
    if recheck:
        options.append("--recheck")
    if cookies:
        options += ["--cookies", str(Path(cookies).resolve())]
    for name, value in parse_settings(settings).items():
        options += ["-s", f"{name}={value}"]
    archive = open_archive(db_path)
    try:
        schedule_id = add_schedule(archive.db, site_name, cron, options)
        next_at = next_run_at(archive.db, schedule_id)
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
    from tradepress.ops.schedules import list_schedules

    archive = open_archive(db_path, read_only=True)
    try:
        schedules = list_schedules(archive.db)
    finally:
        archive.close()
    if not schedules:
        click.echo("No schedules.", err=True)
    for s in schedules:
        status, flags = s["last_status"], s["last_flags"]
        last = (f"{local_time(s['last_run_at'])} ({status}{', ' + flags if flags else ''})"
                if s["last_run_at"] else "never")
        state = "paused" if s["paused"] else f"next {local_time(s['next_run_at'])}"
        click.echo(f"{s['id']:>3}  {s['site']:<28} {s['cron']:<16} {state:<30} last {last}")


def _schedule_change(db_path, key, action):
    from tradepress.ops.schedules import ScheduleError

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
    from tradepress.ops.schedules import remove_schedules
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
    from tradepress.ops.schedules import set_paused
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
    from tradepress.ops.schedules import set_paused
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

    from tradepress.ops.schedules import list_schedules

    archive = open_archive(db_path, read_only=True)
    try:
        schedules = [s for s in list_schedules(archive.db) if not s["paused"]]
    finally:
        archive.close()
    db = Path(db_path).resolve()
    program = shutil.which("tradepress") or f"{sys.executable} -m tradepress"
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


@click.command()
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

    from tradepress.ops.service import Scheduler

    archive = open_archive(db_path, create=False)
    archive.close()
    log_dir = Path(db_path).parent / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    handlers = [logging.StreamHandler(), logging.FileHandler(log_dir / "scheduler.log")]
    logging.basicConfig(level=logging.INFO, handlers=handlers,
                        format="%(asctime)s %(levelname)s %(message)s")
    Scheduler(db_path, sites_dirs=sites_dirs, tick=tick, on_stop=on_stop,
              scrapyd=scrapyd_url).serve(once=once)
