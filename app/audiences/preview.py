"""Audience preview: size, a sample of members and the audience's order values."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
from sqlalchemy import Float, case, cast, func, select
from sqlalchemy.orm import Session

from app.audiences.rules.compiler import rule_expression
from app.models import Member

SAMPLE_SIZE = 20


def member_json(member: Member) -> dict:
    """The member fields a preview sample shows."""
    return {
        "id": member.id,
        "external_id": member.external_id,
        "name": member.name,
        "city": member.city,
        "tier": member.tier,
        "points_balance": member.points_balance,
        "orders_count": member.orders_count,
        "total_spent": float(member.total_spent or 0),
        "last_order_at": member.last_order_at.isoformat() if member.last_order_at else None,
        "rfm_segment": member.rfm_segment,
    }


#: Quartiles are read from at most about this many buying members (an even spread by id).
QUARTILE_SAMPLE = 20_000


def _summary(session: Session, expression) -> tuple[int, float, int, int]:
    """Size, spend, orders and buyers of the audience, in one pass."""
    buyer = case((Member.orders_count > 0, 1), else_=0)
    row = session.execute(
        select(
            func.count(Member.id),
            func.coalesce(func.sum(cast(Member.total_spent, Float)), 0.0),
            func.coalesce(func.sum(Member.orders_count), 0),
            func.coalesce(func.sum(buyer), 0),
        ).where(expression)
    ).one()
    return int(row[0]), float(row[1]), int(row[2]), int(row[3])


def order_value(session: Session, expression, spend: float, orders: int, buyers: int) -> dict:
    """Average order value of the audience and quartiles of its members' average order value.

    ``avg`` is all the audience's spend over all its orders; ``q1``/``median``/``q3`` are
    quartiles (linear interpolation) of each buying member's own average order value, read
    from the denormalised order facts — exact up to :data:`QUARTILE_SAMPLE` buyers, beyond
    that from every n-th member by id. All are null when no member of the audience bought.
    """
    if not orders:
        return {"avg": None, "q1": None, "median": None, "q3": None}
    step = max(1, math.ceil(buyers / QUARTILE_SAMPLE))
    where = [Member.orders_count > 0, expression]
    if step > 1:
        where.insert(0, Member.id % step == 0)
    per_member = cast(Member.total_spent, Float) / Member.orders_count
    values = session.execute(select(per_member).where(*where)).scalars().all()
    if not values:
        values = (
            session.execute(
                select(per_member).where(Member.orders_count > 0, expression).limit(QUARTILE_SAMPLE)
            )
            .scalars()
            .all()
        )
    q1, median, q3 = np.quantile(np.asarray(values, dtype=float), [0.25, 0.5, 0.75])
    return {
        "avg": round(spend / orders, 2),
        "q1": round(float(q1), 2),
        "median": round(float(median), 2),
        "q3": round(float(q3), 2),
    }


def preview(session: Session, tree: object, now: datetime) -> dict:
    """``{size, sample, order_value}`` for a valid rule tree (raises InvalidRules)."""
    expression = rule_expression(tree, now)
    size, spend, orders, buyers = _summary(session, expression)
    sample = session.scalars(
        select(Member).where(expression).order_by(Member.id).limit(SAMPLE_SIZE)
    ).all()
    return {
        "size": size,
        "sample": [member_json(m) for m in sample],
        "order_value": order_value(session, expression, spend, orders, buyers),
    }
