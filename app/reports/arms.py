"""What the members of each split branch did after leaving the split, as per-arm sums.

Each arm is a branch of a split node. Its members are the real members who left the split
by it (``journey_split_members``, the first time); their purchases are the paid orders from
that moment to ``window_days`` after. Intervals need the spread of paid amount per member,
so each arm comes back as ``members``, ``paying`` (members with a purchase), ``orders``,
``amount`` (the sum of paid amounts) and ``amount_sq`` (the sum over members of the square
of their paid amount): one row per arm, whatever the number of members.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from sqlalchemy import and_, func, literal, select
from sqlalchemy.orm import Session

from app.models import Order
from app.models.runs import JourneySplitMember
from app.reports.frames import frame, within_days

ARM_COLUMNS = ["node_id", "branch", "members", "paying", "orders", "amount", "amount_sq"]

_split = JourneySplitMember.__table__
_orders = Order.__table__


def arm_totals(
    session: Session, journey_id: int, split_nodes: list[str], window_days: int
) -> pd.DataFrame:
    """Per split node and branch (``ARM_COLUMNS``), purchases within ``window_days``."""
    in_journey = and_(_split.c.journey_id == journey_id, _split.c.node_id.in_(split_nodes))
    counts = session.execute(
        select(
            _split.c.node_id,
            _split.c.branch,
            func.count(),
            func.min(_split.c.at),
            func.max(_split.c.at),
        )
        .where(in_journey)
        .group_by(_split.c.node_id, _split.c.branch)
    ).all()
    if not counts:
        return pd.DataFrame(columns=ARM_COLUMNS)
    members = pd.DataFrame([row[:3] for row in counts], columns=["node_id", "branch", "members"])
    first = min(row[3] for row in counts)
    last = max(row[4] for row in counts) + timedelta(days=window_days)
    bought = frame(
        session,
        _purchases(session, in_journey, window_days, first, last, int(members["members"].sum())),
        ["node_id", "branch", "paying", "orders", "amount", "amount_sq"],
        money=("amount", "amount_sq"),
    )
    out = members.merge(bought, on=["node_id", "branch"], how="left")
    out[["paying", "orders"]] = out[["paying", "orders"]].fillna(0).astype("int64")
    out[["amount", "amount_sq"]] = out[["amount", "amount_sq"]].fillna(0.0)
    return out[ARM_COLUMNS].sort_values(["node_id", "branch"], ignore_index=True)


def _purchases(session: Session, in_journey, window_days: int, first, last, members: int):
    """Per arm, the members with a purchase in their window and the sums of their purchases.

    The join starts from whichever side is smaller: the orders paid between the first split
    and the last window's end, or the arm members; SQLite is told which by keeping the
    other side's member index out of the join.
    """
    in_range = session.scalar(
        select(func.count()).select_from(
            select(literal(1))
            .where(_orders.c.paid_at >= first, _orders.c.paid_at <= last)
            .limit(members)
            .subquery()
        )
    )
    from_orders = in_range < members
    member_of, split_member = _orders.c.member_id, _split.c.member_id
    if session.get_bind().dialect.name == "sqlite":
        if from_orders:
            member_of = member_of + 0
        else:
            split_member = split_member + 0
    per_member = (
        select(
            _split.c.node_id,
            _split.c.branch,
            func.count().label("orders"),
            func.sum(_orders.c.net_amount).label("amount"),
        )
        .select_from(_split)
        .join(
            _orders,
            and_(
                split_member == member_of,
                _orders.c.net_amount.is_not(None),
                within_days(session, _orders.c.paid_at, _split.c.at, window_days),
            ),
        )
        .where(
            in_journey,
            *([_orders.c.paid_at >= first, _orders.c.paid_at <= last] if from_orders else []),
        )
        .group_by(_split.c.node_id, _split.c.branch, _split.c.member_id)
        .subquery()
    )
    return select(
        per_member.c.node_id,
        per_member.c.branch,
        func.count(),
        func.sum(per_member.c.orders),
        func.sum(per_member.c.amount),
        func.sum(per_member.c.amount * per_member.c.amount),
    ).group_by(per_member.c.node_id, per_member.c.branch)
