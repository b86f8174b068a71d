"""Crawl schedules, kept in the archive database so that they travel with it.

Times are stored in UTC (ISO 8601) and shown in the local zone by the CLI. Cron expressions are
read by croniter (five fields, or six with seconds last). A schedule whose time has passed runs
once, however many times it was missed, and its next run is counted from now: downtime never
causes a burst of crawls. Also here: the check of a finished run against the site's history,
which flags runs that look wrong (a site's template changed, the site went away).
"""

from __future__ import annotations

import json
import statistics
from datetime import UTC, datetime
from typing import Any

from croniter import croniter
from sqlite_utils import Database


class ScheduleError(ValueError):
    """Bad schedule input; the message is one readable line."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def next_run(cron: str, after: datetime) -> datetime:
    """The first time ``cron`` fires strictly after ``after``."""
    if not croniter.is_valid(cron):
        raise ScheduleError(f"not a valid cron expression: {cron!r} "
                            f"(five fields, e.g. \"0 6 * * 1-5\")")
    return croniter(cron, after.astimezone(UTC)).get_next(datetime).astimezone(UTC)


SCHEDULE_COLUMNS = ("id", "site", "cron", "options", "paused", "created_at", "last_run_at",
                    "next_run_at", "last_crawl_id")


def add_schedule(db: Database, site: str, cron: str, options: list[str],
                 now: datetime | None = None) -> int:
    now = now or utcnow()
    first = next_run(cron, now)
    with db.atomic():
        cursor = db.execute(
            "insert into schedules (site, cron, options, paused, created_at, next_run_at) "
            "values (?, ?, ?, 0, ?, ?)", [site, cron, json.dumps(options), iso(now), iso(first)])
    return int(cursor.lastrowid)  # type: ignore[arg-type]  # set by the insert above


def list_schedules(db: Database) -> list[dict[str, Any]]:
    """Every schedule, with how its last run ended (``last_status``, ``last_flags``)."""
    rows = db.execute(
        f"""select {', '.join('s.' + c for c in SCHEDULE_COLUMNS)}, c.status, c.flags
            from schedules s
            left join crawls c on c.id = s.last_crawl_id and c.trigger = 'schedule'
            order by s.site, s.id""")
    out = []
    for row in rows.fetchall():
        schedule = dict(zip((*SCHEDULE_COLUMNS, "last_status", "last_flags"), row, strict=True))
        schedule["options"] = json.loads(schedule["options"] or "[]")
        out.append(schedule)
    return out


def next_run_at(db: Database, schedule_id: int) -> str | None:
    """When a schedule runs next (UTC, ISO 8601)."""
    row = db.execute("select next_run_at from schedules where id = ?", [schedule_id]).fetchone()
    return row[0] if row else None


def find_schedules(db: Database, key: str) -> list[dict[str, Any]]:
    """Schedules named by id or by site; :class:`ScheduleError` if there is none."""
    found = [s for s in list_schedules(db) if str(s["id"]) == key or s["site"] == key]
    if not found:
        raise ScheduleError(f"no schedule {key!r} (see `tradepress schedule list`)")
    return found


def remove_schedules(db: Database, key: str) -> int:
    found = find_schedules(db, key)
    with db.atomic():
        for schedule in found:
            db.execute("delete from schedules where id = ?", [schedule["id"]])
    return len(found)


def set_paused(db: Database, key: str, paused: bool, now: datetime | None = None) -> int:
    """Pause or resume; a resumed schedule's next run is counted from now."""
    found = find_schedules(db, key)
    now = now or utcnow()
    with db.atomic():
        for schedule in found:
            db.execute("update schedules set paused = ?, next_run_at = ? where id = ?",
                       [int(paused), iso(next_run(schedule["cron"], now)), schedule["id"]])
    return len(found)


def due_schedules(db: Database, now: datetime) -> list[dict[str, Any]]:
    """Schedules whose next run is not after ``now`` (missed ones included, once each)."""
    return [s for s in list_schedules(db)
            if not s["paused"] and (parse(s["next_run_at"]) or now) <= now]


def mark_started(db: Database, schedule: dict[str, Any], crawl_id: int, now: datetime) -> None:
    """Record a run and count the next one from now, so missed runs are coalesced."""
    with db.atomic():
        db.execute("update schedules set last_run_at = ?, next_run_at = ?, last_crawl_id = ? "
                   "where id = ?", [iso(now), iso(next_run(schedule["cron"], now)), crawl_id,
                                    schedule["id"]])


def skip_to_next(db: Database, schedule: dict[str, Any], now: datetime) -> None:
    with db.atomic():
        db.execute("update schedules set next_run_at = ? where id = ?",
                   [iso(next_run(schedule["cron"], now)), schedule["id"]])


def anomaly_flags(db: Database, crawl_id: int, history: int = 5) -> list[str]:
    """Why a finished run looks wrong, compared with the site's previous runs: no articles
    from a site that usually yields some, a sudden fall in articles with authors (which
    usually means the site changed its template), or articles that are suddenly mostly
    subscribers' teasers (a session that expired, a subscription that lapsed)."""
    row = db.execute("select site, coalesce(articles_new, 0) + coalesce(articles_updated, 0) + "
                     "coalesce(articles_unchanged, 0) from crawls where id = ?",
                     [crawl_id]).fetchone()
    if row is None or row[0] is None:
        return []
    site, seen = row
    earlier = [r[0] for r in db.execute(
        "select coalesce(articles_new, 0) + coalesce(articles_updated, 0) + "
        "coalesce(articles_unchanged, 0) from crawls where site = ? and id < ? and "
        "status = 'finished' order by id desc limit ?", [site, crawl_id, history]).fetchall()]
    flags = []
    usual = statistics.median(earlier) if earlier else 0
    if seen == 0 and usual > 0:
        flags.append(f"no articles (usually {usual:g})")
    share = _authored_share(db, "crawl_id = ?", [crawl_id])
    before = _authored_share(db, "site = ? and crawl_id < ?", [site, crawl_id])
    if share is not None and before is not None and before >= 0.5 and share < before / 2:
        flags.append(f"articles with authors fell to {share:.0%} (usually {before:.0%})")
    teasers = _teaser_share(db, "id = ?", [crawl_id])
    usual_teasers = _teaser_share(db, f"id in (select id from crawls where site = ? and id < ? "
                                      f"and status = 'finished' order by id desc limit "
                                      f"{int(history)})", [site, crawl_id])
    if teasers is not None and usual_teasers is not None and teasers >= 0.5 and (
            usual_teasers < teasers / 2):
        flags.append(f"{teasers:.0%} of the articles are subscribers' teasers (usually "
                     f"{usual_teasers:.0%}): has the session expired, or the subscription "
                     "lapsed?")
    return flags


def _teaser_share(db: Database, where: str, params: list[Any]) -> float | None:
    """The share of teasers among the articles the crawls ``where`` picks fetched."""
    seen, teasers = db.execute(
        f"select sum(coalesce(articles_new, 0) + coalesce(articles_updated, 0) + "
        f"coalesce(articles_unchanged, 0)), sum(coalesce(teasers, 0)) from crawls "
        f"where {where}", params).fetchone()
    return (teasers or 0) / seen if seen else None


def _authored_share(db: Database, where: str, params: list[Any]) -> float | None:
    total, authored = db.execute(
        f"""select count(*), sum(exists(select 1 from article_authors aa
                                         where aa.article_id = a.id))
            from articles a where a.is_article = 1 and {where}""", params).fetchone()
    return (authored or 0) / total if total else None
