"""Date entries: members enter around their birthday, registration date or its anniversary.

Set-based per timezone: members of one timezone share "today", so one INSERT ... SELECT per
(node, timezone) enters everyone whose date (moved by the node's offset) is today there,
due at the node's local time of day. The entry key carries the year, so a yearly entry
happens once a year however often the job runs.

Registration dates are read in the member's timezone, as ranges of ``registered_at`` (so the
index serves them): ``once`` enters N days after the day they registered; ``yearly`` enters
on each anniversary of it (not in the year they registered).
"""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session

from app.engine.entries import enter_from_select
from app.engine.live import running_versions
from app.engine.ticker import engine_session
from app.models.members import Member
from app.timezones import zone as zone_named


def _local_day(day: date, tz: tzinfo):
    """``registered_at`` falls on ``day`` in the timezone ``tz``."""
    start = datetime.combine(day, time.min, tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tz)
    return Member.registered_at.between(start, end - timedelta(microseconds=1))


def _registered(target: date, tz: tzinfo, yearly: bool, first_year: int):
    """Members whose registration day is ``target`` or, yearly, one of its anniversaries."""
    if not yearly:
        return _local_day(target, tz)
    days = []
    for year in range(first_year, target.year):
        try:
            days.append(_local_day(target.replace(year=year), tz))
        except ValueError:  # 29 February in a year without one
            continue
    return or_(*days) if days else false()


def birthday_days(target: date, leap_day: str = "feb28") -> list[int]:
    """The ``birthday_mmdd`` values whose birthday falls on ``target``: its own, and 229 on
    28 February (or on 1 March, as ``leap_day`` says) of a year without 29 February."""
    day = target.month * 100 + target.day
    stands_in = 228 if leap_day == "feb28" else 301
    if day == stands_in and not calendar.isleap(target.year):
        return [day, 229]
    return [day]


def date_entry_key(node_id: str, year: int | None, date_entries: int) -> str:
    """The entry key of a date entry: ``date:<year>`` (yearly) or ``date:once``, with the
    node id in front (``date:<node>:<year>``) when the version has several date entries,
    so that each of them enters a member once (day 1 and day 30 after registering)."""
    when = str(year) if year is not None else "once"
    return f"date:{node_id}:{when}" if date_entries > 1 else f"date:{when}"


def run_date_entries(now: datetime, session: Session | None = None) -> int:
    """Enter every member whose date falls today (in their timezone) for each date entry.

    On ``session`` when given (the caller commits), else in an engine transaction of its own.
    """
    if session is None:
        with engine_session() as own:
            entered = run_date_entries(now, own)
            own.commit()
        return entered
    entered = 0
    versions = running_versions(session)
    date_nodes = [
        (version, graph.nodes[node_id])
        for _journey, version, graph in versions
        for node_id in graph.entry_ids
        if graph.nodes[node_id].type == "entry.date"
    ]
    if not date_nodes:
        return 0
    shared = Counter(version.id for version, _node in date_nodes)
    zones = list(session.scalars(select(Member.timezone).distinct()))
    first = session.scalar(select(func.min(Member.registered_at)))
    first_year = first.year if first is not None else now.year
    for version, node in date_nodes:
        config = node.raw_config
        at = time.fromisoformat(config["time_of_day"])
        for zone in zones:
            tz = zone_named(zone)
            today = now.astimezone(tz).date()
            # Entering offset_days after the date means the date was offset_days ago.
            target = today - timedelta(days=config.get("offset_days", 0))
            yearly = config.get("repeat", "yearly") == "yearly"
            if config["date_field"] == "birthday":
                match = Member.birthday_mmdd.in_(
                    birthday_days(target, config.get("leap_day", "feb28"))
                )
            else:
                match = _registered(target, tz, yearly, first_year)
            members = select(Member.id).where(Member.timezone == zone, match)
            due = max(datetime.combine(today, at, tz), now)
            key = date_entry_key(node.id, today.year if yearly else None, shared[version.id])
            entered += enter_from_select(session, version, node.id, members, key, now, due_at=due)
    return entered
