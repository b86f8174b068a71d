"""What each table and column of the archive holds, read from ``schema.toml`` beside this
module: the one source of ``data/README.md``'s column tables and of Datasette's descriptions."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DOC = Path(__file__).with_name("schema.toml")


@cache
def descriptions() -> dict[str, dict[str, Any]]:
    """``{table: {"description": str, "columns": {column: str}}}``, in the file's order."""
    return tomllib.loads(SCHEMA_DOC.read_text(encoding="utf-8"))


def plain(text: str) -> str:
    """A description without its Markdown code marks, for places that show plain text."""
    return text.replace("`", "")


def markdown_table(table: str) -> str:
    """The table's columns as a Markdown table, for data/README.md."""
    columns = descriptions()[table]["columns"]
    rows = [f"| `{name}` | {text} |" for name, text in columns.items()]
    return "\n".join(["| column | meaning |", "|---|---|", *rows]) + "\n"


def markdown_section(table: str) -> str:
    """The table's description, then its columns, for data/README.md."""
    return descriptions()[table]["description"] + "\n\n" + markdown_table(table)
