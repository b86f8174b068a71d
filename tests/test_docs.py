"""The documentation is checked against the code, as sqlite-utils and Datasette do: every
`tradepress` command line in the README exists and parses, as do the examples in each command's
--help; the README's module map names every module there is (and none that is not);
data/README.md documents every column of the live schema, written from the same source as the
descriptions Datasette shows."""

import re
import shlex
from pathlib import Path

import click
import pytest
from cogapp import Cog

from pipelines.archive.schema import descriptions
from pipelines.archive.store import Archive
from tradepress.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGES = ("crawler", "pipelines", "tradepress")
SHELL_BREAKS = re.compile(r"\s*(?:&&|\|\||;|\|(?!\w))\s*")
SYNOPSIS = re.compile(r"\[|\]|\bID\|URL\b|jsonl\|csv")  # "search QUERY [--site]": a summary


def fenced_lines(text: str) -> list[str]:
    """Command lines of the shell blocks (a trailing backslash joins the next line)."""
    lines = []
    for language, block in re.findall(r"^```(\w*)\n(.*?)^```", text, re.S | re.M):
        if language in ("", "sh", "bash", "console"):
            lines += block.replace("\\\n", " ").splitlines()
    return lines


def tradepress_commands(text: str) -> list[str]:
    """Every `tradepress ...` invocation in shell blocks and inline code, without comments,
    redirections or the other commands of a pipeline."""
    found = []
    spans = fenced_lines(text) + re.findall(r"`(tradepress [^`\n]+)`", text)
    for line in spans:
        line = re.sub(r"\s+#.*$", "", line.strip())
        for part in SHELL_BREAKS.split(line):
            part = re.sub(r"\s*\d?>>?\s*\S+", "", part).strip()
            if part.startswith("tradepress "):
                found.append(part)
    return list(dict.fromkeys(found))


def parse(words: list[str]) -> click.Context:
    """Parse a command line the way the CLI would, down to the subcommand, without running
    anything; click raises a UsageError for what the command would refuse."""
    ctx = click.Context(cli, info_name="tradepress")
    command: click.Command = cli
    while isinstance(command, click.Group):
        name, words = words[0], words[1:]
        sub = command.get_command(ctx, name)
        if sub is None:
            raise click.UsageError(f"no such command: {name}")
        ctx, command = click.Context(sub, info_name=name, parent=ctx), sub
    return command.make_context(ctx.info_name, list(words), parent=ctx.parent)


README_COMMANDS = tradepress_commands(README)


def test_the_readme_shows_commands():
    assert len(README_COMMANDS) >= 30
    assert "tradepress demo" in README_COMMANDS


@pytest.mark.parametrize("line", README_COMMANDS)
def test_readme_command_exists_and_parses(line):
    words = shlex.split(line)[1:]
    if SYNOPSIS.search(line):  # a summary of options: the command itself must exist
        path = [w for w in words if not w.startswith(("-", "["))][:2]
        command = cli.get_command(click.Context(cli), path[0])
        assert command is not None, line
        if isinstance(command, click.Group):
            assert command.get_command(click.Context(command), path[1]) is not None, line
        return
    parse(words)


def help_examples(command: click.Command, prefix: tuple[str, ...] = ()):
    for name, sub in getattr(command, "commands", {}).items():
        yield from help_examples(sub, (*prefix, name))
    if prefix:
        for line in (command.help or "").splitlines():
            if line.strip().startswith("tradepress "):
                yield " ".join(prefix), line.strip()


@pytest.mark.parametrize(("name", "line"), list(help_examples(cli)))
def test_help_examples_parse(name, line):
    for part in SHELL_BREAKS.split(line):
        part = re.sub(r"\s*\d?>>?\s*\S+", "", part).strip()
        if part.startswith("tradepress "):
            parse(shlex.split(part)[1:])


def test_a_broken_example_would_be_caught():
    with pytest.raises(click.UsageError):
        parse(["crawl", "--no-such-option"])
    with pytest.raises(click.UsageError):
        parse(["search", "x", "--genre", "poem"])


def modules() -> set[str]:
    found = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "samplesite/site" not in path.as_posix() and path.name != "__init__.py":
                found.add(path.relative_to(ROOT).as_posix())
    return found


def module_map() -> str:
    section = README[README.index("## How it works"):]
    return re.search(r"```\n(.*?)```", section, re.S).group(1)


def test_module_map_names_every_module():
    mapped = set(re.findall(r"\b((?:crawler|pipelines|tradepress)/[\w/]+\.py)\b", module_map()))
    assert modules() - mapped == set(), "modules missing from README's module map"
    assert mapped - modules() == set(), "README's module map names modules that do not exist"


def test_data_readme_documents_every_column_of_the_live_schema(tmp_path):
    archive = Archive(tmp_path / "a.db")
    documented = descriptions()
    for (table,) in archive.db.execute(
            "select name from sqlite_master where type in ('table', 'view') "
            "and name not like 'articles_fts_%'").fetchall():
        columns = [row[1] for row in archive.db.execute(f"pragma table_info([{table}])")]
        assert table in documented, f"table {table} is not in pipelines/archive/schema.toml"
        assert list(documented[table]["columns"]) == columns, table
        assert documented[table]["description"], table
    archive.close()
    assert Cog().main(["cog", "--check", str(ROOT / "data" / "README.md")]) == 0, (
        "data/README.md is out of date: run `cog -r data/README.md`")
