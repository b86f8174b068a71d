"""The scheduler service: starts each due crawl as its own process, and records every run.

    tradepress scheduler [--db PATH] [--tick 30] [--on-stop finish|stop] [--scrapyd URL]

Each due schedule gets a ``crawls`` row (trigger ``schedule``) and a process
``python -m tradepress crawl --site SITE ...`` that reports into that row, its output in
``logs/SITE-CRAWL.log`` beside the database. A crawl that crashes cannot take the scheduler
down: its row is marked ``failed`` with its exit status. Two crawls of one site never run at
once. On SIGTERM (or Ctrl-C) no new crawl starts; running ones are waited for
(``--on-stop finish``; a second signal stops them) or asked to stop gracefully
(``--on-stop stop``, Scrapy's own shutdown); the scheduler then exits with 143 (130). Crawls
run in sessions of their own and are sent SIGTERM if the scheduler dies (even by SIGKILL).
With ``--scrapyd URL`` due crawls are handed to a Scrapyd server instead.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from crawler.runner import PARTIAL_EXIT
from pipelines.archive.store import Archive
from pipelines.lifeline import STOP_SIGNALS, dies_with_parent, note_stop, stop_signal
from tradepress.ops.schedules import (
    anomaly_flags,
    due_schedules,
    iso,
    mark_started,
    skip_to_next,
    utcnow,
)

logger = logging.getLogger("tradepress.scheduler")
STOPPED_EXITS = tuple(128 + int(signum) for signum in STOP_SIGNALS)  # 143, 130


@dataclass
class Run:
    crawl_id: int
    site: str
    process: subprocess.Popen | None   # None when Scrapyd runs it
    log: IO[str] | None
    job: str | None = None             # Scrapyd's job id


class Scheduler:
    def __init__(self, db_path: str, *, sites_dirs: tuple[str, ...] = (), tick: float = 30,
                 on_stop: str = "finish", scrapyd: str | None = None,
                 clock: Callable[[], datetime] = utcnow):
        self.db_path = db_path
        self.sites_dirs = sites_dirs
        self.tick = tick
        self.on_stop = on_stop
        self.scrapyd = scrapyd
        self.clock = clock
        self.running: dict[str, Run] = {}
        self.stopping = False
        self.stops = 0                 # stop signals received
        self.crawls_stopped = False    # running crawls were sent SIGTERM
        self.announced = False         # the stop was logged
        self.log_dir = Path(db_path).parent / "logs"

    # -- the loop --------------------------------------------------------------------------

    def serve(self, once: bool = False) -> None:
        """Run until SIGTERM/SIGINT (or, with ``once``, one pass and its crawls)."""
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        logger.info("scheduler started (pid %s, archive %s)", os.getpid(), self.db_path)
        while not self.stopping:
            self.reap()
            self.start_due(self.clock())
            if once:
                break
            self._sleep(self.tick)
        while self.running:
            self._answer_stops()
            self.reap()
            time.sleep(0.2)
        self._answer_stops()
        logger.info("scheduler stopped")

    def _stop(self, signum, frame) -> None:
        note_stop(signum)
        self.stops += 1
        self.stopping = True

    def _answer_stops(self) -> None:
        """Log a stop signal (not in the handler: it may interrupt the logger mid-write) and
        stop the running crawls if ``--on-stop stop`` or a second signal says so."""
        if self.stops and not self.announced:
            self.announced = True
            logger.info("received signal %s: no new crawls%s", signal.Signals(stop_signal()).name,
                        "" if self.on_stop == "stop" or not self.running else
                        "; running ones may finish (a second signal stops them)")
        if (self.stops > 1 or self.stops and self.on_stop == "stop") and not self.crawls_stopped:
            self._stop_crawls()

    def _stop_crawls(self) -> None:
        self.crawls_stopped = True
        for run in self.running.values():
            if run.process is not None and run.process.poll() is None:
                logger.info("asking %s (crawl %s) to stop", run.site, run.crawl_id)
                run.process.send_signal(signal.SIGTERM)

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            self.reap()
            time.sleep(min(0.2, max(0.0, end - time.monotonic())))

    # -- starting --------------------------------------------------------------------------

    def start_due(self, now: datetime) -> list[int]:
        archive = Archive(self.db_path)
        started = []
        try:
            for schedule in due_schedules(archive.db, now):
                site = schedule["site"]
                if site in self.running or self._running_elsewhere(archive, site):
                    logger.warning("%s: previous crawl still running; this run is skipped", site)
                    skip_to_next(archive.db, schedule, now)
                    continue
                crawl_id = self._new_run(archive, schedule, now)
                mark_started(archive.db, schedule, crawl_id, now)
                started.append(crawl_id)
        finally:
            archive.close()
        return started

    def _new_run(self, archive: Archive, schedule: dict[str, Any], now: datetime) -> int:
        site = schedule["site"]
        with archive.db.atomic():
            cursor = archive.db.execute(
                "insert into crawls (site, trigger, started_at, status, schedule_id) "
                "values (?, 'schedule', ?, 'queued', ?)", [site, iso(now), schedule["id"]])
        crawl_id = int(cursor.lastrowid)  # type: ignore[arg-type]
        settings = {"TRADEPRESS_CRAWL_ID": str(crawl_id), "TRADEPRESS_TRIGGER": "schedule"}
        if self.scrapyd:
            from tradepress.ops.scrapyd import schedule as scrapyd_schedule
            # generous timeout: Scrapyd lists the project's spiders before its first answer
            job = scrapyd_schedule(self.scrapyd, project="default", site=site, timeout=60,
                                   settings={
                                       **settings,
                                       "TRADEPRESS_DB": str(Path(self.db_path).resolve()),
                                       "TRADEPRESS_SITES_DIRS": ",".join(
                                           _sites_dirs(self.sites_dirs, schedule["options"]))},
                                   args=_spider_args(schedule["options"]))
            self.running[site] = Run(crawl_id, site, None, None, job)
            logger.info("%s: crawl %s handed to scrapyd (job %s)", site, crawl_id, job)
            return crawl_id
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{site}-{crawl_id}.log"
        log = log_path.open("a", encoding="utf-8")
        command = [sys.executable, "-m", "tradepress", "crawl", "--site", site, "--db",
                   self.db_path, *[a for d in self.sites_dirs for a in ("--sites-dir", d)],
                   *[a for k, v in settings.items() for a in ("-s", f"{k}={v}")],
                   *schedule["options"]]
        # its own session (a terminal's Ctrl-C is the scheduler's to pass on or not), and sent
        # SIGTERM (Scrapy's graceful stop) should the scheduler die without stopping it
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True,
                                   preexec_fn=dies_with_parent())
        with archive.db.atomic():
            archive.db.execute("update crawls set pid = ?, log_file = ? where id = ?",
                               [process.pid, str(log_path), crawl_id])
        self.running[site] = Run(crawl_id, site, process, log)
        logger.info("%s: crawl %s started (pid %s, log %s)", site, crawl_id, process.pid,
                    log_path)
        return crawl_id

    def _running_elsewhere(self, archive: Archive, site: str) -> bool:
        """A crawl of the site another process is running (its pid is alive)."""
        for (pid,) in archive.db.execute(
                "select pid from crawls where site = ? and status in ('queued', 'running') "
                "and pid is not null", [site]).fetchall():
            try:
                os.kill(pid, 0)
                return True
            except (ProcessLookupError, PermissionError):
                continue
        return False

    # -- finishing -------------------------------------------------------------------------

    def reap(self) -> None:
        for site, run in list(self.running.items()):
            exit_status = self._exit_status(run)
            if exit_status is None:
                continue
            del self.running[site]
            if run.log is not None:
                run.log.close()
            self._record(run, exit_status)

    def _exit_status(self, run: Run) -> int | None:
        if run.process is not None:
            return run.process.poll()
        from tradepress.ops.scrapyd import ScrapydError, job_state
        try:
            state = job_state(self.scrapyd or "", "default", run.job or "")
        except ScrapydError as e:
            logger.warning("%s: %s", run.site, e)
            return None
        return 0 if state == "finished" else None

    def _record(self, run: Run, exit_status: int) -> None:
        archive = Archive(self.db_path)
        try:
            status = archive.db.execute("select status from crawls where id = ?",
                                        [run.crawl_id]).fetchone()[0]
            # a crawl stopped by a signal recorded its own end ('shutdown') and exited 143/130
            failed = (exit_status not in (0, PARTIAL_EXIT, *STOPPED_EXITS)
                      or status in ("queued", "running"))
            flags = [] if failed else anomaly_flags(archive.db, run.crawl_id)
            if exit_status == PARTIAL_EXIT:
                flags.append("some URLs failed (see the failures table)")
            with archive.db.atomic():
                archive.db.execute(
                    "update crawls set exit_status = ?, flags = ?, status = ?, "
                    "finished_at = coalesce(finished_at, ?) where id = ?",
                    [exit_status, "; ".join(flags) or None, "failed" if failed else status,
                     iso(self.clock()), run.crawl_id])
        finally:
            archive.close()
        if failed:
            logger.error("%s: crawl %s failed (exit status %s)", run.site, run.crawl_id,
                         exit_status)
        else:
            logger.info("%s: crawl %s %s%s", run.site, run.crawl_id, status,
                        f" - FLAGGED: {'; '.join(flags)}" if flags else "")


def _sites_dirs(own: tuple[str, ...], options: list[str]) -> list[str]:
    """Profile folders for a Scrapyd crawl: the scheduler's and the schedule's own."""
    given = [options[i + 1] for i, o in enumerate(options[:-1]) if o == "--sites-dir"]
    return [str(Path(d).resolve()) for d in (*own, *given)]


def _spider_args(options: list[str]) -> dict[str, str]:
    """Crawl options of a schedule (--max-articles N, --since D) as Scrapyd spider args."""
    names = {"--max-articles": "max_articles", "--since": "since", "--base-url": "base_url"}
    args, pending = {}, None
    for option in options:
        if pending:
            args[pending] = option
            pending = None
        else:
            pending = names.get(option)
    return args
