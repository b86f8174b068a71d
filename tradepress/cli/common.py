"""What the commands share: the archive option and opening it, the profile and settings
options, dates on the command line, and one-line errors."""

from __future__ import annotations

import functools
import os
import sqlite3
from pathlib import Path

import click
import dateparser

from crawler.siteconfig import ProfileError, find_profile, list_profiles, profile_dirs
from pipelines.archive.database import BUSY_TIMEOUT, error_line
from pipelines.archive.store import Archive, ArchiveError

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


def profile_named(site_name: str, sites_dirs, base_url: str | None = None):
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
    from crawler.targets import allowed_hosts_problem

    problem = allowed_hosts_problem(out.get("TRADEPRESS_ALLOWED_HOSTS", ""))
    if problem:
        raise click.ClickException(problem)
    return out


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def local_time(value: str | None) -> str:
    """A stored UTC time shown in the user's local zone."""
    from tradepress.ops.schedules import parse

    moment = parse(value)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %Z") if moment else "-"



FOUND_BY = {"canonical": "its URL", "fetched": "asked for", "content": "same title and body"}


def url_lines(urls: list[dict]) -> str:
    """An article's URLs, one a line, with how each was tied to it and its captures."""
    lines = [f"{len(urls)} URL{'' if len(urls) == 1 else 's'}:"]
    for u in urls:
        gone = f", gone since {u['gone_at']}" if u["gone_at"] else ""
        lines.append(f"  {u['url']}  ({FOUND_BY.get(u['found_by'], u['found_by'])}; "
                     f"{u['captures']} capture{'' if u['captures'] == 1 else 's'}, last "
                     f"{u['last_seen_at'] or '-'}{gone})")
    return "\n".join(lines)

def settings_option(fn):
    return click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
                        help="Override a Scrapy setting, e.g. -s DOWNLOAD_DELAY=2 "
                             "(repeatable).")(fn)


def verbose_option(fn):
    return click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")(fn)



def all_profiles(dirs) -> list:
    """Every profile in ``dirs``, or one line naming the first that is wrong."""
    try:
        return list_profiles(dirs)
    except ProfileError as e:
        raise click.ClickException(str(e)) from None
