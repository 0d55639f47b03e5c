"""Points test fixtures: members in bulk and orders for them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from app.extensions import db
from app.models import Member, Order


@pytest.fixture
def members(app):
    """Insert ``n`` members in one statement; returns their ids in order."""

    def make(n: int, prefix: str = "P", **fields) -> list[int]:
        rows = [{"external_id": f"{prefix}{i:06d}", **fields} for i in range(n)]
        db.session.execute(insert(Member), rows)
        db.session.commit()
        found = dict(db.session.execute(select(Member.external_id, Member.id)).all())
        return [found[r["external_id"]] for r in rows]

    return make


@pytest.fixture
def order(app):
    """Store a paid order and return its id."""
    counter = iter(range(1, 10**6))

    def make(member_id: int, amount: str, paid_at: datetime, channel: str = "online") -> int:
        o = Order(
            external_id=f"O{next(counter)}",
            member_id=member_id,
            amount=Decimal(amount),
            paid_at=paid_at,
            channel=channel,
        )
        db.session.add(o)
        db.session.flush()
        return o.id

    return make
