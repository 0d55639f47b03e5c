"""Claiming due runs: each worker takes a disjoint batch, so no run is advanced twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models.journeys import Journey
from app.models.runs import LIVE_STATUSES, JourneyMember

_COLUMNS = (
    JourneyMember.id,
    JourneyMember.journey_id,
    JourneyMember.version_id,
    JourneyMember.member_id,
    JourneyMember.node_id,
    JourneyMember.status,
    JourneyMember.due_at,
    JourneyMember.step_no,
    JourneyMember.attempts,
    JourneyMember.entered_at,
    JourneyMember.is_test,
    JourneyMember.path,
)


def claim_due(
    session: Session, now: datetime, limit: int, journey_ids: list[int] | None = None
) -> list[tuple]:
    """Lock and return up to ``limit`` live runs due by ``now`` of running journeys.

    On PostgreSQL the rows are locked ``FOR UPDATE SKIP LOCKED`` until the caller's
    transaction ends, so concurrent workers get disjoint batches. On SQLite the caller's
    transaction holds the database write lock (BEGIN IMMEDIATE), which serialises workers.
    """
    query = (
        select(*_COLUMNS)
        .join(Journey, Journey.id == JourneyMember.journey_id)
        .where(
            JourneyMember.status.in_(LIVE_STATUSES),
            JourneyMember.due_at <= now,
            # Runs of a paused or archived journey stay put; test runs always go.
            or_(Journey.status == "published", JourneyMember.is_test.is_(True)),
        )
        .order_by(JourneyMember.due_at)
        .limit(limit)
    )
    if journey_ids is not None:
        query = query.where(JourneyMember.journey_id.in_(journey_ids))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=JourneyMember)
    return list(session.execute(query))
