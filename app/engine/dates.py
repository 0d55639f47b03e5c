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

from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import false, func, or_, select

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


def run_date_entries(now: datetime) -> int:
    """Enter every member whose date falls today (in their timezone) for each date entry."""
    entered = 0
    with engine_session() as session:
        versions = running_versions(session)
        date_nodes = [
            (version, graph.nodes[node_id])
            for _journey, version, graph in versions
            for node_id in graph.entry_ids
            if graph.nodes[node_id].type == "entry.date"
        ]
        if not date_nodes:
            return 0
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
                mmdd = target.month * 100 + target.day
                yearly = config.get("repeat", "yearly") == "yearly"
                if config["date_field"] == "birthday":
                    match = Member.birthday_mmdd == mmdd
                else:
                    match = _registered(target, tz, yearly, first_year)
                members = select(Member.id).where(Member.timezone == zone, match)
                due = max(datetime.combine(today, at, tz), now)
                key = f"date:{today.year}" if yearly else "date:once"
                entered += enter_from_select(
                    session, version, node.id, members, key, now, due_at=due
                )
        session.commit()
    return entered
