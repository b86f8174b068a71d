"""The SQLite connection under the archive: write transactions that wait their turn, errors as
one readable line, and the clock and process checks every run record uses."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT = 30.0
"""Seconds a connection waits for another process's write to finish before giving up."""


class ArchiveError(Exception):
    """The archive cannot be opened or written; the message is one readable line."""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def process_exists(pid: int) -> bool:
    """True if a process with this pid is running (another user's included)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except (OverflowError, ValueError):
        return False
    return True


class ArchiveDatabase(Database):
    """sqlite-utils' ``Database`` whose transactions take the write lock when they begin
    (``BEGIN IMMEDIATE``): two processes writing one archive wait their turn (the busy
    timeout) instead of one failing when its read snapshot went stale under the other."""

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:  # nested: a savepoint, as sqlite-utils does
            with super().atomic():
                yield self
            return
        self.conn.execute("begin immediate")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("commit")
        except BaseException:
            self.rollback()
            raise


def error_line(path: str | Path, error: BaseException, timeout: float = BUSY_TIMEOUT) -> str:
    """What went wrong with the archive at ``path``, as one readable line."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    code = getattr(error, "sqlite_errorname", None) or ""
    if isinstance(error, OSError) and error.strerror:
        text = error.strerror + (f" ({error.filename})" if error.filename else "")
        if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            code = "SQLITE_FULL"
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"archive {path} is locked by another process (waited {timeout:g} s); try "
                f"again when it has finished")
    if code.startswith("SQLITE_READONLY"):
        return f"cannot write archive {path}: it is read-only (check the file's permissions)"
    if code.startswith("SQLITE_CANTOPEN"):
        return (f"cannot open archive {path}: unable to open the database file or create its "
                f"journal (does the folder exist, and can it be written?)")
    if code == "SQLITE_NOTADB":
        return f"{path} is not a tradepress archive (not an SQLite database)"
    if code.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
        return f"cannot write archive {path}: {text} (is the disk full?)"
    if code.startswith("SQLITE_CORRUPT"):
        return f"archive {path} is damaged: {text}"
    return f"cannot open archive {path}: {text}"
