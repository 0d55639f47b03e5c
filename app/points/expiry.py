"""Expiring points lots past their ``expires_at`` (a scheduled job)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.models import PointsEntry
from app.points.ledger import move_balances

CHUNK = 5000


def expire_points(session: Session, now: datetime) -> int:
    """Book an ``expire`` entry for what is left of each lapsed lot; returns points expired.

    Each expiry is keyed ``expire:<lot id>``, so running twice never expires a lot twice.
    """
    ledger = PointsEntry.__table__
    total = 0
    while True:
        lots = session.execute(
            select(ledger.c.id, ledger.c.member_id, ledger.c.remaining)
            .where(ledger.c.remaining > 0, ledger.c.expires_at <= now)
            .order_by(ledger.c.id)
            .limit(CHUNK)
        ).all()
        if not lots:
            return total
        deltas: dict[int, int] = defaultdict(int)
        for _, member_id, remaining in lots:
            deltas[member_id] -= remaining
        session.execute(
            insert(PointsEntry),
            [
                {
                    "member_id": member_id,
                    "kind": "expire",
                    "points": -remaining,
                    "remaining": 0,
                    "reference": f"expire:{lot_id}",
                    "source": "expiry",
                    "note": "",
                    "created_at": now,
                }
                for lot_id, member_id, remaining in lots
            ],
        )
        session.execute(
            update(ledger).where(ledger.c.id.in_([lot[0] for lot in lots])).values(remaining=0)
        )
        move_balances(session, dict(deltas))
        total += sum(lot[2] for lot in lots)
