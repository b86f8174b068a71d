"""The researchers' commands: `search`, `show`, `authors`, `organisations`, `export`, `stats`
and `serve`, each thin over :mod:`tradepress.research`."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from pipelines.extract.record import GENRES, NOT_ARTICLE_REASONS
from tradepress.cli.common import (
    archive_errors,
    db_option,
    open_archive,
    parse_since,
    url_lines,
)
from tradepress.research.queries import Filters, QueryError, author_line


def filter_options(fn):
    """The filters shared by search and export."""
    options = [
        click.option("--site", help="Only this publication."),
        click.option("--author", help="Authors whose name contains this."),
        click.option("--organisation", help="Authors writing for an organisation matching "
                                            "this."),
        click.option("--role", help="Authors whose role contains this (e.g. 'chief "
                                    "executive')."),
        click.option("--genre", type=click.Choice(GENRES)),
        click.option("--since", help="Published on or after this date."),
        click.option("--until", help="Published on or before this date."),
        click.option("--all-pages", is_flag=True,
                     help="Also pages kept as non-articles (listings, search pages...), "
                          "each with its not_article_reason."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def make_filters(site, author, organisation, role, genre, since, until, all_pages) -> Filters:
    return Filters(site=site, author=author, organisation=organisation, role=role, genre=genre,
                   since=parse_since(since), until=parse_since(until), all_pages=all_pages)


def emit(rows: list[dict], fmt: str, table) -> None:
    """Rows as a readable table, JSON or CSV on stdout."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        if rows:
            writer.writerow(rows[0].keys())
        for row in rows:
            writer.writerow([author_line(v) if isinstance(v, list) else v for v in row.values()])
    else:
        if not rows:
            click.echo("No matches.", err=True)
        for row in rows:
            table(row)


format_option = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
                             default="table", show_default=True)


@click.command()
@click.argument("query")
@filter_options
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@format_option
@db_option
@archive_errors
def search(query, site, author, organisation, role, genre, since, until, all_pages, limit, fmt,
           db_path):
    """Full-text search of titles, standfirsts and bodies, best match first.

    QUERY uses SQLite FTS5 syntax: words, "exact phrases", AND / OR / NOT, prefix*.
    Matches are shown [highlighted] in a snippet of the text. Only articles are searched;
    --all-pages searches the pages kept as non-articles too.

    Examples:

        tradepress search "social care" --role "chief executive" --since 2017-01-01

        tradepress search 'devolution AND "combined authority"' --format json
    """
    from tradepress.research.queries import search as run_search

    filters = make_filters(site, author, organisation, role, genre, since, until, all_pages)
    archive = open_archive(db_path, read_only=True)
    try:
        results = run_search(archive.db, query, filters, limit=limit)
    except QueryError as e:
        raise click.ClickException(str(e)) from None
    finally:
        archive.close()

    def table(r):
        mark = (f"  [not an article: {r['not_article_reason']}]"
                if r.get("not_article_reason") else "")
        click.echo(f"{r['title']}  ({r['published'] or 'undated'}, {r['genre']}, {r['site']})"
                   f"{mark}")
        for a in r["authors"]:
            click.echo("  " + ", ".join(filter(None, (a["name"], a["role"], a["organisation"]))))
        click.echo(f"  {r['snippet']}")
        click.echo(f"  {r['url']}")

    emit(results, fmt, table)


@click.command()
@click.argument("key", metavar="ID|URL")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@db_option
@archive_errors
def show(key, fmt, db_path):
    """Show one article's full record: authors with roles, capture and versions.

    A page kept as a non-article is shown too, marked as such.

    Example:

        tradepress show 12
    """
    from tradepress.research.queries import record

    archive = open_archive(db_path, read_only=True)
    try:
        found = record(archive.db, key)
    finally:
        archive.close()
    if found is None:
        raise click.ClickException(f"no archived article {key!r}")
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    if not found["is_article"]:
        reason = found["not_article_reason"]
        click.echo(f"NOT AN ARTICLE ({reason}: {NOT_ARTICLE_REASONS.get(reason, '?')}); kept "
                   f"as evidence, left out of searches and exports")
    click.echo(found["title"])
    if found["standfirst"]:
        click.echo(found["standfirst"])
    click.echo(f"{found['published'] or 'undated'} · {found['genre']} · {found['site']} · "
               f"{found['word_count']} words · {found['url']}")
    for a in found["authors"]:
        click.echo("  by " + ", ".join(filter(None, (a["name"], a["role"], a["organisation"]))))
    click.echo(url_lines(found["urls"]))
    if found["capture"]:
        c = found["capture"]
        click.echo(f"capture {c['id']}: fetched {c['fetched_at']}, HTTP {c['status']}, "
                   f"{c['warc_file']} @ {c['warc_offset']}")
    for v in found["versions"]:
        click.echo(f"version {v['version']}: {v['fetched_at']} {v['content_hash'][:12]}")
    if found["gone_at"]:
        click.echo(f"gone since {found['gone_at']}")
    click.echo("")
    click.echo(found["body"])


@click.command()
@click.option("--organisation", help="Only pieces written for an organisation matching this.")
@click.option("--role", help="Only pieces written in a role matching this.")
@click.option("--min-articles", default=1, show_default=True, type=click.IntRange(min=1))
@format_option
@db_option
@archive_errors
def authors(organisation, role, min_articles, fmt, db_path):
    """Who writes: pieces, publications, roles, organisations, first and last piece.

    Example:

        tradepress authors --role "chief executive" --min-articles 2
    """
    from tradepress.research.queries import authors as run_authors

    archive = open_archive(db_path, read_only=True)
    try:
        rows = run_authors(archive.db, organisation=organisation, role=role,
                           min_articles=min_articles)
    except QueryError as e:
        raise click.ClickException(str(e)) from None
    finally:
        archive.close()
    emit(rows, fmt, lambda r: click.echo(
        f"{r['articles']:>3}  {r['name']:<28} {r['roles'] or '-'} · "
        f"{r['organisations'] or '-'} · {r['sites']} · {(r['first'] or '')[:10]} to "
        f"{(r['last'] or '')[:10]}"))


@click.command()
@click.option("--min-articles", default=1, show_default=True, type=click.IntRange(min=1))
@format_option
@db_option
@archive_errors
def organisations(min_articles, fmt, db_path):
    """Which organisations' people write: pieces, authors, publications, first and last.

    Example:

        tradepress organisations --min-articles 2 --format csv > organisations.csv
    """
    from tradepress.research.queries import organisations as run_organisations

    archive = open_archive(db_path, read_only=True)
    try:
        rows = run_organisations(archive.db, min_articles=min_articles)
    finally:
        archive.close()
    emit(rows, fmt, lambda r: click.echo(
        f"{r['articles']:>3}  {r['organisation']:<40} {r['authors']} author(s) · {r['sites']} · "
        f"{(r['first'] or '')[:10]} to {(r['last'] or '')[:10]}"))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), required=True)
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace the output file(s) if they exist.")
@filter_options
@db_option
@archive_errors
def export(fmt, out_path, force, site, author, organisation, role, genre, since, until,
           all_pages, db_path):
    """Export articles with their authors, streaming (memory stays flat).

    CSV is UTF-8 for spreadsheets, one row per article with the authors in one column, and
    beside it FILE-authors.csv with one row per article and author. An existing file is not
    replaced without --force; a file appears under its name only once complete. Pages kept as
    non-articles are left out; --all-pages exports them too, with is_article and
    not_article_reason columns.

    Examples:

        tradepress export --format csv --out pieces.csv --role "chief executive"

        tradepress export --format parquet --out archive.parquet --since 2020-01-01
    """
    from tradepress.research.export import WRITERS, check_outputs, outputs
    from tradepress.research.queries import iter_records

    filters = make_filters(site, author, organisation, role, genre, since, until, all_pages)
    out = Path(out_path)
    try:
        check_outputs(outputs(fmt, out), force)
    except OSError as e:
        raise click.ClickException(str(e)) from None
    archive = open_archive(db_path, read_only=True)
    try:
        written = WRITERS[fmt](iter_records(archive.db, filters), out, pages=all_pages)
    except OSError as e:
        raise click.ClickException(f"cannot write {out_path}: {e.strerror or e}") from None
    except QueryError as e:
        raise click.ClickException(str(e)) from None
    finally:
        archive.close()
    click.echo(f"{written} {'pages' if all_pages else 'articles'} written to {out_path}")


@click.command()
@click.option("--by", type=click.Choice(["month", "year", "site", "genre"]), default="year",
              show_default=True)
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False),
              help="Also draw articles per year per publication to this PNG.")
@db_option
@archive_errors
def stats(by, plot_path, db_path):
    """Count articles by month, year, publication or genre; optionally draw the chart.

    Pages kept as non-articles are not counted.

    Example:

        tradepress stats --by year --plot articles.png
    """
    from tradepress.research.queries import counts, counts_by_year_and_site

    archive = open_archive(db_path, read_only=True)
    try:
        rows = counts(archive.db, by)
        series = counts_by_year_and_site(archive.db) if plot_path else []
    finally:
        archive.close()
    width = max((len(k) for k, _ in rows), default=4)
    for key, n in rows:
        click.echo(f"{key:<{width}}  {n:>6}")
    if plot_path:
        from tradepress.research.export import replacing
        from tradepress.research.plot import plot_articles_per_year
        try:
            with replacing(Path(plot_path)) as partial:  # no half-drawn chart on failure
                plot_articles_per_year(series, partial)
        except OSError as e:
            raise click.ClickException(f"cannot write {plot_path}: {e.strerror or e}") from None
        except ValueError as e:  # matplotlib: a file name ending in no image format it knows
            raise click.ClickException(f"cannot draw {plot_path}: {e}".splitlines()[0]) from None
        click.echo(f"chart written to {plot_path}", err=True)


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
@click.option("--open", "open_browser", is_flag=True, help="Open it in a web browser.")
def serve(db_path, host, port, open_browser):
    """Browse the archive in Datasette, read-only: facets, full-text search, canned queries.

    Example:

        tradepress serve --port 8001 --open
    """
    from tradepress.research.web import serve_archive

    try:
        serve_archive(db_path, host=host, port=port, open_browser=open_browser)
    except (FileNotFoundError, ValueError, ModuleNotFoundError, OSError, RuntimeError) as e:
        raise click.ClickException(str(e).splitlines()[0] if str(e) else repr(e)) from None
