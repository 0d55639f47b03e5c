"""Members per tier and per RFM segment, recorded per day so a period's movement can be read.

Neither tiers nor segments keep a history, so a day's snapshot is what the members table
said when it was taken: by the first dashboard read of the day, or by the nightly job
(after the RFM refresh), which takes it again.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, insert, literal, select
from sqlalchemy.orm import Session

from app.models import DashboardSnapshot, Member

#: The segment of members no refresh has scored yet.
UNSCORED = "Not scored"
KINDS = ("tier", "rfm")


def take_snapshot(session: Session, day: date) -> None:
    """Record today's members per tier and per segment as ``day``; the caller commits."""
    t = DashboardSnapshot
    session.execute(delete(t).where(t.day == day))
    tier = select(literal(day), literal("tier"), Member.tier, func.count()).group_by(Member.tier)
    segment = func.coalesce(Member.rfm_segment, UNSCORED)
    rfm = select(literal(day), literal("rfm"), segment, func.count()).group_by(segment)
    for rows in (tier, rfm):
        session.execute(insert(t).from_select([t.day, t.kind, t.key, t.members], rows))


def snapshot_on(session: Session, day: date) -> tuple[date | None, dict[str, dict[str, int]]]:
    """The latest snapshot taken on or before ``day``: its day and counts per kind and key."""
    t = DashboardSnapshot
    found = session.scalar(select(func.max(t.day)).where(t.day <= day))
    if found is None:
        return None, {kind: {} for kind in KINDS}
    if isinstance(found, str):
        found = date.fromisoformat(found)
    counts: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    for kind, key, members in session.execute(
        select(t.kind, t.key, t.members).where(t.day == found)
    ).all():
        counts[kind][key] = members
    return found, counts
