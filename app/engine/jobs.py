"""The engine's scheduled jobs: the ticker, recurring audience entries and date entries."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from croniter import croniter
from sqlalchemy.orm import Session

from app.engine.claims import next_due_at
from app.engine.clock import Clock, current_clock
from app.engine.ticker import configured_batch_size, engine_session, tick
from app.timezones import zone as zone_named

log = logging.getLogger(__name__)

TICK_SECONDS = 1
ENTRY_CHECK_SECONDS = 60


def run_ticker(clock: Clock | None = None, period: float = TICK_SECONDS) -> None:
    """The scheduled tick: advance what is due, then keep an eye on the next ``period``.

    Runs falling due before the next scheduled tick are advanced when they fall due, not
    up to a tick later: waits that all end at one moment start moving at that moment, and
    the tick goes on batch after batch until they are through.
    """
    from app.extensions import db

    clock = clock or current_clock()
    deadline = time.monotonic() + period
    _tick_through(clock)
    while True:
        with Session(db.engine) as session:
            now = clock.now()
            due = next_due_at(session, now)
        if due is None:
            return
        wait = (due - now).total_seconds()
        if time.monotonic() + wait >= deadline:
            return
        time.sleep(wait)
        _tick_through(clock)


def _tick_through(clock: Clock) -> None:
    """Tick until nothing due is left; a tick stopped by its time limit is followed at once."""
    batch_size = configured_batch_size()
    while True:
        reports = tick(clock, batch_size)
        if not reports or reports[-1].runs < batch_size:
            return


def cron_fired(cron: str, timezone: str, since: datetime, now: datetime) -> datetime | None:
    """The first time ``cron`` fires in ``(since, now]`` (journey timezone), or None."""
    tz = zone_named(timezone)
    fire = croniter(cron, since.astimezone(tz)).get_next(datetime)
    return fire if fire <= now.astimezone(tz) else None


def run_recurring_entries(
    now: datetime, last_check: datetime, session: Session | None = None
) -> int:
    """Enter the audiences of recurring entry nodes whose cron fired since the last check
    (on ``session`` when given, the caller committing; else in an engine transaction)."""
    from sqlalchemy import select

    from app.audiences.rules.compiler import member_ids_query
    from app.engine.entries import enter_from_select
    from app.engine.live import running_versions
    from app.models.audiences import Audience

    if session is None:
        with engine_session() as own:
            entered = run_recurring_entries(now, last_check, own)
            own.commit()
        return entered
    entered = 0
    for _journey, version, graph in running_versions(session):
        timezone = graph.settings.get("timezone", "UTC")
        for node_id in graph.entry_ids:
            node = graph.nodes[node_id]
            config = node.raw_config
            if node.type != "entry.audience" or config.get("schedule") != "recurring":
                continue
            fired = cron_fired(config["cron"], timezone, last_check, now)
            if fired is None:
                continue
            rules = session.scalar(select(Audience.rules).where(Audience.key == config["audience"]))
            if rules is None:
                log.error(
                    "journey %s node %s: audience %s is gone",
                    version.journey_id,
                    node_id,
                    config["audience"],
                )
                continue
            key = (
                "audience:once"
                if config.get("recurring_entry") == "once_per_member"
                else f"audience:{fired.isoformat()}"
            )
            entered += enter_from_select(
                session, version, node_id, member_ids_query(rules, now), key, now
            )
    return entered


def register(scheduler, run) -> None:
    """Add the engine's jobs to the app's scheduler (see app.scheduler)."""
    state = {"last_check": current_clock().now() - timedelta(seconds=ENTRY_CHECK_SECONDS)}

    def entries():
        now = current_clock().now()
        run_recurring_entries(now, state["last_check"])
        from app.engine.dates import run_date_entries

        run_date_entries(now)
        from app.engine.exits import sweep_exit_criteria

        sweep_exit_criteria(now)
        state["last_check"] = now

    scheduler.add_job(run(run_ticker), "interval", seconds=TICK_SECONDS, id="engine-ticker")
    scheduler.add_job(run(entries), "interval", seconds=ENTRY_CHECK_SECONDS, id="engine-entries")
