"""The orders credited to each journey, summed per node and day as they change.

A credited order (``order_attributions``) counts in four rows of ``journey_credit_days``:
its journey's node and UTC day paid, its node over all days (``day = ''``), all nodes on its
day (``node_id = ''``) and the whole journey (both ``''``). A row holds the figures of the
member block (``app.reports.effect.member_block``) over its orders, so the report of a
journey under its own window and over all time reads a few rows per node and day, whatever
the number of orders. Member counts are distinct within a row, so a member's share of every
row depends on that member's credited orders only: every change runs inside
:func:`credit_days_kept` with the members it can touch (an order credited, stored again,
cancelled, refunded, moved to another member or back-dated before a member's first two
purchases); their shares are read before and after and the difference added in the same
transaction, so the table always equals a count over the raw tables.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

import pandas as pd
from sqlalchemy import and_, case, exists, select
from sqlalchemy.orm import Session

from app.models import Member, Order
from app.models.attribution import JourneyTouch, OrderAttribution
from app.models.reports import JourneyCreditDay
from app.reports.days import utc_day
from app.reports.kept import add_to_rows, changes, kept, money

#: The kept figures of a row, in the table's order; ``*_amount`` and ``coupon_discount`` are
#: money, the rest counts.
FIGURES = ("ordering_members", "paying_members", "paid_orders", "paid_amount",
           "coupon_discount", "first_order_members", "first_order_amount",
           "repurchase_members", "repurchase_amount")  # fmt: skip
MONEY = ("paid_amount", "coupon_discount", "first_order_amount", "repurchase_amount")
#: A kept row: journey, node (``''`` all nodes), day (``''`` all days).
Key = tuple[int, str, str]

_a, _o = OrderAttribution.__table__, Order.__table__
#: Members per query when reading shares.
CHUNK = 5000


def _members_of(session: Session, members) -> list[int]:
    """``members`` (ids or a SELECT of ids) and the members their orders were credited to
    when those orders belonged to someone else: every member whose shares a change of these
    members' orders can move."""
    if isinstance(members, list | tuple | set):
        ids = set(members)
        target = sorted(ids)
    else:
        ids = set(session.scalars(members).all())
        target = members
    moved = session.scalars(
        select(_a.c.member_id)
        .join(_o, _o.c.id == _a.c.order_id)
        .where(_o.c.member_id.in_(target), _a.c.member_id != _o.c.member_id)
    ).all()
    return sorted(ids | set(moved))


def _credited(session: Session, where) -> pd.DataFrame:
    """The credited orders ``where`` selects: journey, member, node, day, paid amount and
    discount in cents (amount None when not a purchase), the journey's coupon, prior paid."""
    journey_coupon = and_(
        Order.coupon_code.is_not(None),
        exists().where(
            JourneyTouch.journey_id == OrderAttribution.journey_id,
            JourneyTouch.kind == "coupon",
            JourneyTouch.ref == Order.coupon_code,
        ),
    )
    prior = case(
        (Order.id == Member.first_order_id, 0), (Order.id == Member.second_order_id, 1), else_=2
    )
    rows = session.execute(
        select(
            OrderAttribution.journey_id,
            OrderAttribution.member_id,
            OrderAttribution.node_id,
            utc_day(session, Order.paid_at),
            Order.net_amount,
            Order.discount,
            journey_coupon,
            prior,
        )
        .select_from(OrderAttribution)
        .join(Order, Order.id == OrderAttribution.order_id)
        .join(Member, Member.id == Order.member_id)
        .where(where)
    ).all()
    out = pd.DataFrame(
        rows,
        columns=["journey_id", "member_id", "node_id", "day", "net", "discount", "coupon", "prior"],
    )
    for column in ("net", "discount"):
        out[column] = (pd.to_numeric(out[column], errors="coerce") * 100).round().astype("Int64")
    out["node_id"] = out["node_id"].fillna("")
    return out


def shares(credited: pd.DataFrame) -> dict[Key, tuple]:
    """The kept rows of these credited orders (``FIGURES``, money in cents)."""
    if credited.empty:
        return {}
    paid = credited["net"].notna()
    first = paid & (credited["prior"] == 0)
    again = paid & (credited["prior"] > 0)
    net = credited["net"].fillna(0).astype("int64")
    member = credited["member_id"]
    parts = pd.DataFrame(
        {
            "journey_id": credited["journey_id"].astype("int64"),
            "node_id": credited["node_id"],
            "day": credited["day"],
            "ordering_members": member,
            "paying_members": member.where(paid),
            "paid_orders": paid.astype("int64"),
            "paid_amount": net.where(paid, 0),
            "coupon_discount": credited["discount"]
            .fillna(0)
            .astype("int64")
            .where(paid & credited["coupon"].astype(bool), 0),
            "first_order_members": member.where(first),
            "first_order_amount": net.where(first, 0),
            "repurchase_members": member.where(again),
            "repurchase_amount": net.where(again, 0),
        }
    )
    how = {f: ("nunique" if f.endswith("_members") else "sum") for f in FIGURES}
    out: dict[Key, tuple] = {}
    for node_all, day_all in ((False, False), (False, True), (True, False), (True, True)):
        scoped = parts.assign(
            **({"node_id": ""} if node_all else {}), **({"day": ""} if day_all else {})
        )
        grouped = scoped.groupby(["journey_id", "node_id", "day"]).agg(how)
        for key, row in zip(grouped.index, grouped.itertuples(index=False), strict=True):
            out[(int(key[0]), str(key[1]), str(key[2]))] = tuple(int(v) for v in row)
    return out


def credit_days_kept(session: Session, members) -> AbstractContextManager[None]:
    """Keep ``journey_credit_days`` right across a change of the orders or purchases of
    ``members`` (ids, or a SELECT of ids, read before the change)."""
    ids = _members_of(session, members)
    return kept(session, lambda: _shares_of(session, ids), add_credit_days, touches=bool(ids))


def _shares_of(session: Session, ids: list[int]) -> dict[Key, tuple]:
    """The shares of these members, a few thousand members to a query."""
    parts = [
        _credited(session, _a.c.member_id.in_(ids[start : start + CHUNK]))
        for start in range(0, len(ids), CHUNK)
    ]
    return shares(pd.concat(parts, ignore_index=True)) if parts else {}


def add_credit_days(session: Session, before: dict, after: dict) -> None:
    """Add ``after`` minus ``before`` to the stored rows."""
    connection = session.connection()
    money_at = {FIGURES.index(f) for f in MONEY}
    rows = [
        (*key, *(money(connection, v) if i in money_at else v for i, v in enumerate(change)))
        for key, change in changes(before, after, len(FIGURES))
    ]
    add_to_rows(connection, "journey_credit_days", ("journey_id", "node_id", "day"), FIGURES, rows)


def count_journey_credits(session: Session, journey_id: int) -> None:
    """Count every credited order of a journey (for rows written outside ingestion, such as
    a benchmark's)."""
    add_credit_days(session, {}, shares(_credited(session, _a.c.journey_id == journey_id)))


def credit_days(session: Session, journey_id: int) -> pd.DataFrame:
    """The kept rows of a journey: ``node_id, day`` and ``FIGURES`` (money as floats)."""
    kept = JourneyCreditDay
    rows = session.execute(
        select(kept.node_id, kept.day, *(getattr(kept, f) for f in FIGURES)).where(
            kept.journey_id == journey_id, kept.ordering_members != 0
        )
    ).all()
    out = pd.DataFrame(rows, columns=["node_id", "day", *FIGURES])
    for column in MONEY:
        out[column] = pd.to_numeric(out[column]).astype("float64")
    return out
