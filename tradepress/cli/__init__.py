"""The ``tradepress`` command: one click group, thin over the library.

Each command family lives in its own module (``crawling``, ``archive``, ``research``,
``scheduling``) as plain click commands; this module makes the group and adds them. What the
commands share (the archive option, one-line errors...) is in ``common``.
"""

from __future__ import annotations

import sys

import click

from pipelines import lifeline
from tradepress.cli import archive, backcatalogue, crawling, research, scheduling


@click.group()
@click.version_option(package_name="tradepress")
def cli():
    """tradepress: archive trade-press opinion pieces into SQLite.

    Start with `tradepress demo`, which crawls a bundled sample site into data/archive.db.

    Every command stops cleanly on SIGTERM or Ctrl-C, with its children, and then exits with
    143 (SIGTERM) or 130 (SIGINT).
    """


COMMANDS = [
    crawling.demo, crawling.crawl, crawling.worker, crawling.ingest, crawling.sites,
    archive.extract, archive.history, archive.reprocess, archive.export_warc, archive.runs,
    backcatalogue.import_warc, backcatalogue.backfill,
    scheduling.schedule, scheduling.scheduler,
    research.search, research.show, research.authors, research.organisations, research.export,
    research.stats, research.serve,
]
for command in COMMANDS:
    cli.add_command(command)


def main():
    """The console script. SIGTERM stops a command as Ctrl-C does, and a command stopped by
    either exits with 128 + the signal's number, 143 or 130, once it has stopped its children
    (see pipelines.lifeline; the README's "Stopping")."""
    lifeline.raise_on_stop()
    try:
        cli(prog_name="tradepress")
        status = 0
    except SystemExit as e:
        status = e.code
        if not isinstance(status, int | None):  # sys.exit("message")
            click.echo(status, err=True)
            status = 1
    except KeyboardInterrupt:  # stopped before click took over
        status = 1
    sys.exit(lifeline.exit_status(status))
