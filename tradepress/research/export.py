"""Exports for researchers' tools: JSON Lines, CSV (with an authors file), Parquet.

Rows are written as they are read, so memory stays flat whatever the archive's size. The CSV is
UTF-8 with a byte-order mark so that spreadsheets open it with the right characters; one row
per article with its authors in one column, and beside it ``NAME-authors.csv`` with one row per
article and author (role, organisation, position).

An export never leaves a half-written file under its name: each file is written in a hidden
folder beside it (``.NAME.partial-PID-XXXX/NAME``) and renamed into place only when complete.
A failure removes the partial file; a process killed outright leaves the hidden folder, which
the next export of the same name removes.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipelines.archive.database import process_exists
from tradepress.research.queries import PAGE_COLUMNS, RECORD_COLUMNS, author_line

AUTHOR_COLUMNS = ("article_id", "position", "name", "role", "organisation")


def authors_path(out: Path) -> Path:
    return out.with_name(out.stem + "-authors" + out.suffix)


def outputs(fmt: str, out: Path) -> list[Path]:
    """The files an export in ``fmt`` writes."""
    return [out, authors_path(out)] if fmt == "csv" else [out]


def check_outputs(paths: Iterable[Path], force: bool) -> None:
    """Refuse (``FileExistsError``, one line) to replace existing files unless ``force``."""
    for path in paths:
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a folder")
        if path.exists() and not force:
            raise FileExistsError(f"{path} exists; pass --force to replace it")


def _remove_stale_partials(path: Path) -> None:
    """Hidden folders left beside ``path`` by exports that were killed (their pid is gone)."""
    for folder in path.parent.glob(glob.escape(f".{path.name}") + ".partial-*"):
        pid = folder.name.rsplit(".partial-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not process_exists(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A path to write instead of ``path`` (same file name, in a hidden folder beside it); on
    success it is renamed to ``path``, on failure removed."""
    path = Path(path)
    _remove_stale_partials(path)
    folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.partial-{os.getpid()}-",
                                   dir=path.parent))
    try:
        partial = folder / path.name
        yield partial
        # no fsync: an export can be made again from the archive, and syncing half a gigabyte
        # doubled its time; the rename alone means a killed export never leaves half a file
        os.replace(partial, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_jsonl(records: Iterable[dict[str, Any]], out: Path, pages: bool = False) -> int:
    """Records as JSON Lines (with ``pages``, records of all pages carry their
    :data:`PAGE_COLUMNS` already)."""
    n = 0
    with replacing(out) as partial, partial.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def csv_field(value: Any) -> str:
    """One CSV field exactly as ``csv.writer`` writes it by default (QUOTE_MINIMAL): None is
    empty; a field holding a comma, quote or line break is quoted, its quotes doubled."""
    if value is None:
        return ""
    text = str(value)
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values: Iterable[Any]) -> str:
    # csv.writer scans long fields one character at a time (about 80 MB/s here); bodies are
    # most of an export's bytes, and str methods do the same work several times faster
    return ",".join(map(csv_field, values)) + "\r\n"


def write_csv(records: Iterable[dict[str, Any]], out: Path, pages: bool = False) -> int:
    """Records as CSV, and their authors beside; with ``pages``, with :data:`PAGE_COLUMNS`
    after the article's columns."""
    columns = (*RECORD_COLUMNS, *(PAGE_COLUMNS if pages else ()))
    n = 0
    # the authors file is renamed into place first: the main file appears last, complete
    with replacing(out) as partial, replacing(authors_path(out)) as authors_partial, \
            partial.open("w", encoding="utf-8-sig", newline="") as fh, \
            authors_partial.open("w", encoding="utf-8-sig", newline="") as ah:
        fh.write(csv_line((*columns, "authors", "body")))
        ah.write(csv_line(AUTHOR_COLUMNS))
        for record in records:
            n += 1
            fh.write(csv_line([*(record[c] for c in columns),
                               author_line(record["authors"]), record["body"]]))
            for position, a in enumerate(record["authors"]):
                ah.write(csv_line([record["id"], position, a["name"], a["role"],
                                   a["organisation"]]))
    return n


def write_parquet(records: Iterable[dict[str, Any]], out: Path, pages: bool = False,
                  batch: int = 500) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    author = pa.struct([("name", pa.string()), ("role", pa.string()),
                        ("organisation", pa.string())])
    page_fields = [("is_article", pa.int64()), ("not_article_reason", pa.string())]
    schema = pa.schema([("id", pa.int64()), ("url", pa.string()), ("site", pa.string()),
                        ("title", pa.string()), ("standfirst", pa.string()),
                        ("published", pa.string()), ("genre", pa.string()),
                        ("language", pa.string()), ("word_count", pa.int64()),
                        ("paywalled", pa.int64()), ("version", pa.int64()),
                        ("gone_at", pa.string()), *(page_fields if pages else []),
                        ("body", pa.string()), ("authors", pa.list_(author))])
    n, pending = 0, []
    with replacing(out) as partial, pq.ParquetWriter(str(partial), schema) as writer:
        for record in records:
            pending.append(record)
            n += 1
            if len(pending) >= batch:
                writer.write_table(pa.Table.from_pylist(pending, schema=schema))
                pending = []
        if pending or n == 0:
            writer.write_table(pa.Table.from_pylist(pending, schema=schema))
    return n


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}
