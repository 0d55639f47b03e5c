"""wait.until: hold each member until a local time of day, weekday or date in their timezone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.engine.batch import Hold, Move
from app.engine.steps import executor
from app.engine.steps.wait_duration import TEST_MODE_WAIT
from app.models.members import Member
from app.send_time.timing import best_moments
from app.timezones import zone as zone_named

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def next_local_time(
    now: datetime, zone: str, at: time, weekdays: list[str], on: date | None = None
) -> datetime:
    """The first moment at or after ``now`` that is ``at`` local time on an allowed day.

    ``on`` pins the day; a day already past gives ``now`` (the member moves on at once).
    """
    tz = zone_named(zone)
    local_now = now.astimezone(tz)
    if on is not None:
        moment = datetime.combine(on, at, tz)
        return max(moment, now)
    allowed = {WEEKDAYS.index(d) for d in weekdays} or set(range(7))
    day = local_now.date()
    for _ in range(8):
        moment = datetime.combine(day, at, tz)
        if moment >= local_now and day.weekday() in allowed:
            return moment
        day += timedelta(days=1)
    return now


def _timezones(member_ids: list[int], ctx) -> dict[int, str]:
    rows = ctx.session.execute(select(Member.id, Member.timezone).where(Member.id.in_(member_ids)))
    return {key: value for key, value in rows}


@executor("wait.until")
def execute(node, states, ctx):
    arriving = [s.member_id for s in states if not s.resumed]
    zones = _timezones(arriving, ctx) if arriving else {}
    config = node.config
    at = time.fromisoformat(config.time_of_day)
    on = date.fromisoformat(config.date) if config.date else None
    best = {}
    if config.best_time_within_hours and arriving and not ctx.test_mode:
        best = best_moments(ctx.session, arriving, ctx.now, config.best_time_within_hours)
    decisions = []
    for state in states:
        if state.resumed:
            decisions.append(Move("next"))
        elif ctx.test_mode:
            decisions.append(Hold(ctx.now + TEST_MODE_WAIT))
        elif state.member_id in best:
            decisions.append(Hold(best[state.member_id]))
        else:
            zone = zones.get(state.member_id, "UTC")
            decisions.append(Hold(next_local_time(ctx.now, zone, at, config.weekdays, on)))
    return decisions
