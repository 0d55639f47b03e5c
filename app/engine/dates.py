"""Date entries: members enter around their birthday or registration anniversary.

Set-based per timezone: members of one timezone share "today", so one INSERT ... SELECT per
(node, timezone) enters everyone whose date (moved by the node's offset) is today there,
due at the node's local time of day. The entry key carries the year, so a yearly entry
happens once a year however often the job runs.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from app.engine.entries import enter_from_select
from app.engine.live import running_versions
from app.engine.ticker import engine_session
from app.models.members import Member
from app.timezones import zone as zone_named


def _month_day(session: Session, column):
    """MMDD of a timestamp column as an integer, on SQLite and PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.to_char(func.timezone("UTC", column), "MMDD"), Integer)
    return cast(func.strftime("%m%d", column), Integer)


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
        for version, node in date_nodes:
            config = node.raw_config
            at = time.fromisoformat(config["time_of_day"])
            for zone in zones:
                tz = zone_named(zone)
                today = now.astimezone(tz).date()
                # Entering offset_days after the date means the date was offset_days ago.
                target = today - timedelta(days=config.get("offset_days", 0))
                mmdd = target.month * 100 + target.day
                if config["date_field"] == "birthday":
                    match = Member.birthday_mmdd == mmdd
                else:
                    match = (_month_day(session, Member.registered_at) == mmdd) & (
                        Member.registered_at < now - timedelta(days=300)
                    )
                members = select(Member.id).where(Member.timezone == zone, match)
                due = max(datetime.combine(today, at, tz), now)
                key = (
                    f"date:{today.year}"
                    if config.get("repeat", "yearly") == "yearly"
                    else "date:once"
                )
                entered += enter_from_select(
                    session, version, node.id, members, key, now, due_at=due
                )
        session.commit()
    return entered
