"""Touches: the moments a journey reached a member, recorded by the engine.

Executors of touching nodes (send, coupon, points) note each member they touched on the
step context; the runner writes a batch's touches of real runs here, in the batch's
transaction, with one bulk insert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bulk import insert_tuples
from app.models import Coupon
from app.models.attribution import JourneyTouch
from app.reports.coupon_days import coupon_days_kept, coupon_sales_kept

_COLUMNS = (
    "journey_member_id",
    "step_no",
    "journey_id",
    "member_id",
    "node_id",
    "kind",
    "ref",
    "at",
)


@dataclass(frozen=True, slots=True)
class Touch:
    """One member touched at one node: the run and its step, what and (a coupon) which."""

    run_id: int
    step_no: int
    journey_id: int
    member_id: int
    node_id: str
    kind: str
    ref: str | None = None


def record_touches(session: Session, touches: list[Touch], now: datetime) -> None:
    """Store the touches (a retried step cannot store one twice: run and step are a key).

    A coupon touch makes the coupon its journey's: the journey's coupon counts are kept in
    the same statement's transaction (``app.reports.coupon_days``).
    """
    if not touches:
        return
    codes = sorted({t.ref for t in touches if t.kind == "coupon" and t.ref})
    if not codes:
        _insert(session, touches, now)
        return
    with coupon_days_kept(session, Coupon.code.in_(codes)), coupon_sales_kept(session, codes=codes):
        _insert(session, touches, now)


def _insert(session: Session, touches: list[Touch], now: datetime) -> None:
    rows = [
        (
            t.run_id,
            t.step_no,
            t.journey_id,
            t.member_id,
            t.node_id,
            t.kind,
            t.ref,
            now,
        )
        for t in touches
    ]
    insert_tuples(
        session,
        JourneyTouch.__table__,
        _COLUMNS,
        rows,
        ignore_conflicts_on=("journey_member_id", "step_no"),
    )


def touches_by_run(session: Session, run_ids: list[int]) -> dict[int, list[tuple[str, datetime]]]:
    """``{run_id: [(node_id, at), ...]}`` in the order they happened."""
    out: dict[int, list[tuple[str, datetime]]] = {}
    table = JourneyTouch.__table__
    for start in range(0, len(run_ids), 5000):
        rows = session.execute(
            select(table.c.journey_member_id, table.c.node_id, table.c.at)
            .where(table.c.journey_member_id.in_(run_ids[start : start + 5000]))
            .order_by(table.c.at, table.c.id)
        )
        for run_id, node_id, at in rows:
            out.setdefault(run_id, []).append((node_id, at))
    return out


def last_touch(touches, moment: datetime) -> tuple[str, datetime] | None:
    """The last ``(node_id, at)`` at or before ``moment``."""
    found = None
    for touch in touches:
        if touch[1] > moment:
            break
        found = touch
    return found
