"""What the members of each split branch did after leaving the split, as per-arm sums.

Each arm is a branch of a split node. Its members are the real members who left the split
by it (``journey_split_members``, the first time); their purchases are the paid orders from
that moment to ``window_days`` after. Intervals need the spread of paid amount per member,
so each arm comes back as ``members``, ``paying`` (members with a purchase), ``orders``,
``amount`` (the sum of paid amounts) and ``amount_sq`` (the sum over members of the square
of their paid amount): one row per arm, whatever the number of members.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import timedelta
from decimal import Decimal

import pandas as pd
from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from app.attribution.windows import windows_of
from app.models import Order
from app.models.reports import JourneyArmTotal
from app.models.runs import JourneySplitMember
from app.reports.frames import frame, within_days
from app.reports.kept import add_to_rows, changes, kept, money

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


# The arms kept as they change: ``journey_arm_totals``, one row per split node and branch
# under the window the journey had when its first member was noted there. A member's share
# of their arm (one member, paying or not, their purchases, amount and its square) depends on
# their own split rows and orders only, so every change runs inside :func:`arm_totals_kept`
# with the members it can touch: their shares are read before and after and the difference
# added in the same transaction.

_kept = JourneyArmTotal.__table__


def _kept_windows(session: Session, journey_ids: list[int]) -> dict[int, int]:
    """The window each journey's arms are kept under: the one of its kept rows, else its
    attribution window now."""
    kept = dict(
        session.execute(
            select(_kept.c.journey_id, func.min(_kept.c.window_days))
            .where(_kept.c.journey_id.in_(journey_ids))
            .group_by(_kept.c.journey_id)
        ).all()
    )
    missing = [j for j in journey_ids if j not in kept]
    return kept | (windows_of(session, missing) if missing else {})


def _shares(session: Session, members: list[int]) -> dict[tuple, tuple]:
    """``(journey, window, node, branch) -> (members, paying, orders, cents, cents²)`` of
    these members' split rows."""
    out: dict[tuple, tuple] = {}
    for start in range(0, len(members), 5000):
        _add_shares(session, members[start : start + 5000], out)
    return out


def _add_shares(session: Session, members: list[int], out: dict) -> None:
    journeys = session.scalars(
        select(_split.c.journey_id).where(_split.c.member_id.in_(members)).distinct()
    ).all()
    for journey_id, window in sorted(_kept_windows(session, list(journeys)).items()):
        rows = session.execute(
            select(
                _split.c.node_id,
                _split.c.branch,
                func.count(_orders.c.id),
                func.sum(_orders.c.net_amount),
            )
            .select_from(_split)
            .outerjoin(
                _orders,
                and_(
                    _orders.c.member_id == _split.c.member_id,
                    _orders.c.net_amount.is_not(None),
                    within_days(session, _orders.c.paid_at, _split.c.at, window),
                ),
            )
            .where(_split.c.journey_id == journey_id, _split.c.member_id.in_(members))
            .group_by(_split.c.node_id, _split.c.branch, _split.c.member_id)
        ).all()
        for node_id, branch, orders, amount in rows:
            cents = round(Decimal(str(amount or 0)) * 100)
            key = (journey_id, window, node_id, branch)
            add = (1, 1 if orders else 0, int(orders), cents, cents * cents)
            out[key] = tuple(a + b for a, b in zip(out.get(key, (0,) * 5), add, strict=True))


def arm_totals_kept(session: Session, members) -> AbstractContextManager[None]:
    """Keep ``journey_arm_totals`` right across a change of the split rows or the orders
    of ``members`` (ids, or a SELECT of ids, read before the change)."""
    if not isinstance(members, list | tuple | set):
        members = session.scalars(members).all()
    ids = sorted(set(members))
    return kept(session, lambda: _shares(session, ids), add_arm_totals, touches=bool(ids))


def add_arm_totals(session: Session, before: dict, after: dict) -> None:
    """Add ``after`` minus ``before`` to the stored rows."""
    connection = session.connection()
    rows = [
        (*key, members, paying, orders, money(connection, cents), money(connection, square, 10000))
        for key, (members, paying, orders, cents, square) in changes(before, after, 5)
    ]
    add_to_rows(
        connection,
        "journey_arm_totals",
        ("journey_id", "window_days", "node_id", "branch"),
        ("members", "paying", "orders", "amount", "amount_sq"),
        rows,
    )


def count_journey_arms(session: Session, journey_id: int, window_days: int) -> None:
    """Count every split member of a journey under ``window_days``, set-based (for rows
    written outside the engine, such as a benchmark's)."""
    bought = _purchases_per_member(session, _split.c.journey_id == journey_id, window_days)
    session.execute(
        _kept.insert().from_select(
            [
                "journey_id",
                "window_days",
                "node_id",
                "branch",
                "members",
                "paying",
                "orders",
                "amount",
                "amount_sq",
            ],
            select(
                literal(journey_id),
                literal(window_days),
                bought.c.node_id,
                bought.c.branch,
                func.count(),
                func.sum(case((bought.c.orders > 0, 1), else_=0)),
                func.sum(bought.c.orders),
                func.coalesce(func.sum(bought.c.amount), 0),
                func.coalesce(func.sum(bought.c.amount * bought.c.amount), 0),
            ).group_by(bought.c.node_id, bought.c.branch),
        )  # fmt: skip
    )


def _purchases_per_member(session: Session, where, window_days: int):
    return (
        select(
            _split.c.node_id,
            _split.c.branch,
            func.count(_orders.c.id).label("orders"),
            func.sum(_orders.c.net_amount).label("amount"),
        )
        .select_from(_split)
        .outerjoin(
            _orders,
            and_(
                _orders.c.member_id == _split.c.member_id,
                _orders.c.net_amount.is_not(None),
                within_days(session, _orders.c.paid_at, _split.c.at, window_days),
            ),
        )
        .where(where)
        .group_by(_split.c.node_id, _split.c.branch, _split.c.member_id)
        .subquery()
    )


def kept_arm_totals(
    session: Session, journey_id: int, split_nodes: list[str], window_days: int
) -> pd.DataFrame | None:
    """The kept arms (``ARM_COLUMNS``) under ``window_days``; None when the journey's arms
    are not kept under that window (the report then counts them from the raw tables)."""
    rows = session.execute(
        select(
            _kept.c.node_id,
            _kept.c.branch,
            _kept.c.members,
            _kept.c.paying,
            _kept.c.orders,
            _kept.c.amount,
            _kept.c.amount_sq,
        ).where(_kept.c.journey_id == journey_id, _kept.c.window_days == window_days)
    ).all()
    if not rows:
        return None
    out = pd.DataFrame(rows, columns=ARM_COLUMNS)
    out = out[out["node_id"].isin(split_nodes) & (out["members"] != 0)]
    for column in ("amount", "amount_sq"):
        out[column] = pd.to_numeric(out[column]).astype("float64")
    return out.astype({"members": "int64", "paying": "int64", "orders": "int64"}).sort_values(
        ["node_id", "branch"], ignore_index=True
    )
