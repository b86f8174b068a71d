"""Process lifetimes: pools and children that end with the process that made them, and the
stop signal a command was given.

**Pools.** :func:`worker_pool` is a ``ProcessPoolExecutor`` on the ``forkserver`` start method
(workers inherit none of the crawl engine's threads and sockets; a command with no engine forks
them directly) whose workers end on their own
when the process that made the pool dies, even by SIGKILL. Without that, a killed crawl left
its pool running for good: a pool worker waits for work on a pipe whose write end it holds
itself, so it never sees end-of-file; the forkserver stops only at end-of-file on its "alive"
pipe, whose write end every worker also holds (the forkserver hands it to each child); and the
resource tracker stops at end-of-file on a pipe held by all of them. So each worker watches the
pool's owner (a pidfd on Linux, polling elsewhere) and exits when it has gone; then the
forkserver and the resource tracker see their pipes close and exit too. Workers ignore SIGINT
and SIGTERM (Ctrl-C at a terminal, or systemd stopping a service, signals the whole process
group): stopping is their owner's decision, which shuts the pool down.

**Children.** :func:`dies_with_parent` is a ``preexec_fn`` for ``subprocess.Popen``: the child
gets SIGTERM when this process dies, however it dies (Linux ``PR_SET_PDEATHSIG``, kept across
``exec``). The kernel sends it when the *thread* that started the child ends, so start such
children from the main thread. (A pipe the child watches would need the child's cooperation,
or a wrapper process; Datasette and a crawl get the signal they already stop cleanly on.)
:func:`stop_child` stops one: SIGTERM, then SIGKILL after a grace period.

**Stop signals.** Every ``tradepress`` command stops cleanly on SIGTERM and SIGINT and then
exits with 128 + the signal's number (143, 130): :func:`raise_on_stop` makes SIGTERM
interrupt a command as Ctrl-C does (:class:`Stopped` is a ``KeyboardInterrupt``), commands
with a loop of their own take :func:`stop_flag` instead, and :func:`exit_status` applies the
rule to whatever status the command ended with.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from typing import Any

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

_stops: list[int] = []  # the stop signals this process was given, first first


# -- pools -------------------------------------------------------------------------------------

def worker_pool(workers: int, preload: tuple[str, ...] = (), direct: bool = False
                ) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that end when this process ends, however it ends.
    ``preload``: modules imported once before any worker is forked, so that what they load is
    shared by the workers (copy-on-write) rather than loaded by each.

    The workers are forked from a forkserver, which imports ``preload`` (it is one per process:
    the first pool's preload is the one that counts), so that they inherit none of a crawl
    engine's threads and sockets. ``direct``: a command with no engine (``extract``,
    ``reprocess``) imports ``preload`` itself and forks its workers directly when it runs one
    thread: no forkserver to start and warm, about a second less before the first page."""
    context: BaseContext
    if direct and threading.active_count() == 1:
        for module in preload:
            importlib.import_module(module)
        context = get_context("fork")
    else:
        context = get_context("forkserver")
        if preload:
            context.set_forkserver_preload(["__main__", *preload])
    return ProcessPoolExecutor(workers, mp_context=context,
                               initializer=_start_worker, initargs=(os.getpid(),))


@contextmanager
def extraction_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of ``workers`` extraction workers that share the extractor's models (None for 0:
    extraction in this process), stopped on the way out with the tasks not yet started
    cancelled (a command stopped midway does not finish the pages in flight)."""
    pool = (worker_pool(workers, preload=("pipelines.extract.warm",), direct=True)
            if workers else None)
    try:
        yield pool
    finally:
        if pool is not None:
            stop_pool(pool)


def stop_pool(pool: Executor) -> None:
    """Shut a pool down, the tasks not yet started cancelled. A stop signal that lands while
    the pool starts its manager thread leaves a thread that cannot be joined; the workers then
    end with this process, which they watch, so nothing is left to do."""
    try:
        pool.shutdown(cancel_futures=True)
    except RuntimeError:  # "cannot join thread before it is started"
        pass


def in_order(pages: Iterator[tuple[tuple, Callable]], pool: Executor | None,
              window: int) -> Iterator[tuple[tuple, Any]]:
    """(stored, task's result) in the order of ``pages``; with a pool, up to ``window`` tasks
    run ahead of the one handed back."""
    if pool is None:
        for stored, task in pages:
            yield stored, task()
        return
    running: deque[tuple[tuple, Future]] = deque()
    for stored, task in pages:
        running.append((stored, pool.submit(task)))
        if len(running) >= window:
            first, future = running.popleft()
            yield first, future.result()
    while running:
        first, future = running.popleft()
        yield first, future.result()


def _start_worker(owner: int) -> None:
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    watch(owner, lambda: os._exit(1))


def watch(pid: int, on_exit: Callable[[], object]) -> threading.Thread:
    """Call ``on_exit`` (in a daemon thread) once process ``pid`` has exited."""
    thread = threading.Thread(target=_wait_for_exit, args=(pid, on_exit), daemon=True,
                              name=f"watch-{pid}")
    thread.start()
    return thread


def _wait_for_exit(pid: int, on_exit: Callable[[], object]) -> None:
    try:
        fd = os.pidfd_open(pid)  # readable once the process has exited (Linux 5.3)
    except ProcessLookupError:
        on_exit()
        return
    except (AttributeError, OSError):
        while _alive(pid):
            time.sleep(0.5)
        on_exit()
        return
    try:
        select.select([fd], [], [])
    finally:
        os.close(fd)
    on_exit()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -- children ----------------------------------------------------------------------------------

def dies_with_parent(signum: int = signal.SIGTERM) -> Callable[[], None] | None:
    """A ``preexec_fn`` that has the child sent ``signum`` when this process dies; None where
    the system cannot (not Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here, not in the child
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the line above
            os.kill(os.getpid(), signum)

    return preexec


def stop_child(proc: subprocess.Popen, grace: float = 5) -> None:
    """SIGTERM to a child, SIGKILL if it is still there after ``grace`` seconds; waited for
    either way."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- stop signals ------------------------------------------------------------------------------

class Stopped(KeyboardInterrupt):
    """Raised in the main thread by SIGTERM (and SIGINT) under :func:`raise_on_stop`."""


def note_stop(signum: int) -> None:
    """Record that this process was asked to stop by ``signum``."""
    _stops.append(signum)


def stop_signal() -> int | None:
    """The first stop signal this process was given, if any."""
    return _stops[0] if _stops else None


def exit_status(status: int | None) -> int | None:
    """The status to exit with: 128 + the stop signal if there was one, else ``status``."""
    signum = stop_signal()
    return 128 + int(signum) if signum is not None else status


def _raise_stopped(signum, frame) -> None:
    note_stop(signum)
    raise Stopped(signal.Signals(signum).name)


def raise_on_stop() -> None:
    """SIGTERM and SIGINT raise :class:`Stopped` in the main thread (SIGTERM then stops a
    command as Ctrl-C does: ``finally`` blocks run, children are stopped)."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _raise_stopped)


@contextmanager
def stop_flag() -> Iterator[threading.Event]:
    """Inside: SIGTERM and SIGINT only set the yielded event (and are noted), for a loop that
    stops at a safe point; the handlers before are put back on the way out."""
    event = threading.Event()

    def handler(signum, frame) -> None:
        note_stop(signum)
        event.set()

    saved = {signum: signal.signal(signum, handler) for signum in STOP_SIGNALS}
    try:
        yield event
    finally:
        for signum, previous in saved.items():
            signal.signal(signum, previous)
