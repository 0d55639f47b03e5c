"""Audience preview: size, a sample of members and the audience's order values.

The rule expression is evaluated over the base once: one aggregate pass gives the size,
the spend and orders behind the average order value, the lowest and highest matching id,
and the buying members' spend in cents and orders as two texts that numpy parses (all of
them on bases of up to :data:`QUARTILE_VALUES` members, else an even spread by id), so the
quartiles need no second pass. Only an audience too small for its sample to be trusted is
read a second time. The sample of the lowest ids is then a cheap query, steered by what
the pass learnt.
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
from sqlalchemy import BigInteger, Float, case, cast, func, select
from sqlalchemy.orm import Session

from app.audiences.rules.compiler import rule_expression
from app.audiences.rules.portable import JoinedValues, Unindexed
from app.models import Member

SAMPLE_SIZE = 20

#: Quartiles read at most about this many buying members in the one pass: all of them on a
#: base of up to this many members, else every n-th member by id (n = base / this).
QUARTILE_VALUES = 250_000

#: A sample with fewer values than this (and fewer than the audience's buyers) is not
#: trusted: the audience is read again, whole up to :data:`QUARTILE_VALUES` buyers.
QUARTILE_MIN = 10_000

#: The sample walks ids upwards from the first match while that should find
#: :data:`SAMPLE_SIZE` matches within about this many members; sparser audiences are
#: fetched by the rule's own indexes and sorted.
SAMPLE_SCAN = 50_000


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


def _spend_and_orders(step: int) -> tuple:
    """Every ``step``-th buying member's spend in cents and orders, as two aligned texts."""
    buyer = Member.orders_count > 0
    if step > 1:
        buyer = buyer & (Member.id % step == 0)
    cents = cast(func.round(Member.total_spent * 100), BigInteger)
    return JoinedValues(case((buyer, cents))), JoinedValues(case((buyer, Member.orders_count)))


def _summary(session: Session, expression, step: int) -> dict:
    """Size, spend, orders, buyers, id range and the buyers' spend in cents and orders of
    the audience, in one pass."""
    row = session.execute(
        select(
            func.count(Member.id),
            func.coalesce(func.sum(cast(Member.total_spent, Float)), 0.0),
            func.coalesce(func.sum(Member.orders_count), 0),
            func.coalesce(func.sum(case((Member.orders_count > 0, 1), else_=0)), 0),
            func.min(Member.id),
            func.max(Member.id),
            *_spend_and_orders(step),
        ).where(expression)
    ).one()
    return {
        "size": int(row[0]),
        "spend": float(row[1]),
        "orders": int(row[2]),
        "buyers": int(row[3]),
        "first_id": row[4],
        "last_id": row[5],
        "cents": row[6],
        "counts": row[7],
    }


def order_value(spend: float, orders: int, cents: str | None, counts: str | None) -> dict:
    """Average order value of the audience and quartiles of its members' average order value.

    ``avg`` is all the audience's spend over all its orders; ``q1``/``median``/``q3`` are
    quartiles (linear interpolation) of each buying member's own average order value
    (total spent over orders, from the denormalised order facts), given as the joined texts
    ``cents`` and ``counts``: exact when those hold every buyer, else estimated from an even
    spread of at least :data:`QUARTILE_MIN` of them. All are null when no member of the
    audience bought.
    """
    if not orders or not cents:
        return {"avg": None, "q1": None, "median": None, "q3": None}
    spent = np.fromstring(cents, dtype=np.int64, sep=",")
    per_member = spent / np.fromstring(counts, dtype=np.int64, sep=",") / 100.0
    q1, median, q3 = np.quantile(per_member, [0.25, 0.5, 0.75])
    return {
        "avg": round(spend / orders, 2),
        "q1": round(float(q1), 2),
        "median": round(float(median), 2),
        "q3": round(float(q3), 2),
    }


def sample(session: Session, expression, summary: dict) -> list[Member]:
    """The :data:`SAMPLE_SIZE` matching members with the lowest ids.

    Walking ids upwards from the first match finds them at once in a dense audience; a
    sparse one is found through the indexes its rule can use and sorted, instead of
    reading the whole table in id order.
    """
    if not summary["size"]:
        return []
    query = select(Member).where(
        expression, Member.id >= summary["first_id"], Member.id <= summary["last_id"]
    )
    span = summary["last_id"] - summary["first_id"] + 1
    if SAMPLE_SIZE * span <= SAMPLE_SCAN * summary["size"]:
        order = Member.id
    else:
        order = Unindexed(Member.id)
    return list(session.scalars(query.order_by(order).limit(SAMPLE_SIZE)))


def preview(session: Session, tree: object, now: datetime) -> dict:
    """``{size, sample, order_value}`` for a valid rule tree (raises InvalidRules)."""
    expression = rule_expression(tree, now)
    base = session.scalar(select(func.max(Member.id))) or 0
    step = max(1, math.ceil(base / QUARTILE_VALUES))
    summary = _summary(session, expression, step)
    sampled = summary["counts"].count(",") + 1 if summary["counts"] else 0
    if step > 1 and sampled < min(QUARTILE_MIN, summary["buyers"]):
        # Too few sampled buyers for good quartiles: read the audience again, finer.
        finer = max(1, math.ceil(summary["buyers"] / QUARTILE_VALUES))
        row = session.execute(select(*_spend_and_orders(finer)).where(expression)).one()
        summary["cents"], summary["counts"] = row
    return {
        "size": summary["size"],
        "sample": [member_json(m) for m in sample(session, expression, summary)],
        "order_value": order_value(
            summary["spend"], summary["orders"], summary["cents"], summary["counts"]
        ),
    }
