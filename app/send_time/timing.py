"""When each member's best time comes next: pure functions, and one query for a batch.

A member's best time is an hour of the week in their own timezone
(:mod:`app.send_time.core`). Within a limit of ``N`` hours from now, a member's best
moment is, in order:

1. the next start of their best hour of the week, if it comes within ``N`` hours;
2. otherwise the next start of the same hour of the day (any day), if within ``N`` hours;
3. otherwise now + ``N`` hours (the limit caps the wait).

Members without a stored best time have none (the caller decides: the wait's time of
day, or sending at once). Quiet hours are not decided here: the dispatcher defers a
message that falls in them, so they still win.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Member, MemberSendTime
from app.timezones import zone

WEEK = timedelta(days=7)


def best_moment(now: datetime, hour_of_week: int, timezone: str, within_hours: int) -> datetime:
    """The member's best moment within ``within_hours`` of ``now`` (see the module)."""
    tz = zone(timezone, "UTC")
    local = now.astimezone(tz)
    week_start = (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    limit = now + timedelta(hours=within_hours)
    best = _local(week_start, tz, timedelta(hours=hour_of_week))
    if best < now:
        best = _local(week_start, tz, timedelta(hours=hour_of_week) + WEEK)
    if best <= limit:
        return best
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    daily = _local(day_start, tz, timedelta(hours=hour_of_week % 24))
    if daily < now:
        daily = _local(day_start, tz, timedelta(days=1, hours=hour_of_week % 24))
    return daily if daily <= limit else limit


def _local(start: datetime, tz, offset: timedelta) -> datetime:
    """``start`` (local midnight) plus ``offset`` of wall-clock time, in ``tz``."""
    naive = start.replace(tzinfo=None) + offset
    return naive.replace(tzinfo=tz)


def best_moments(
    session: Session, member_ids: list[int], now: datetime, within_hours: int
) -> dict[int, datetime]:
    """``{member_id: best moment}`` of the members with a stored best time; one query."""
    if not member_ids:
        return {}
    rows = session.execute(
        select(MemberSendTime.member_id, MemberSendTime.hour_of_week, Member.timezone)
        .join(Member, Member.id == MemberSendTime.member_id)
        .where(MemberSendTime.member_id.in_(set(member_ids)))
    ).all()
    return {m: best_moment(now, h, tz or "UTC", within_hours).astimezone(UTC) for m, h, tz in rows}
