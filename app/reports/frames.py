"""The rows a journey report reads, from the raw tables, as data frames.

Each loader is a few grouped or joined queries for one journey; none runs per member.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.attribution.credit import credit
from app.models import Coupon, Member, Order, OutboxMessage
from app.models.attribution import JourneyTouch, OrderAttribution
from app.models.runs import JourneyMember, JourneyStep

_ORDER_COLUMNS = ["status", "amount", "discount", "net_amount", "coupon_code", "prior_paid"]


def frame(session: Session, stmt, columns: list[str], money=()) -> pd.DataFrame:
    """The rows of ``stmt`` as a frame; ``money`` columns (Decimal) as floats."""
    out = pd.DataFrame(session.execute(stmt).all(), columns=columns)
    for column in money:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    return out


def _paid_before(member_id, moment):
    """The member's paid orders before a moment: their type then (``effect.member_type``)."""
    return (
        select(func.count())
        .where(Order.member_id == member_id, Order.net_amount.is_not(None), Order.paid_at < moment)
        .scalar_subquery()
    )


def _prior_paid():
    """The member's paid orders before this one (by payment time, then id)."""
    earlier = aliased(Order)
    return (
        select(func.count())
        .where(
            earlier.member_id == Order.member_id,
            earlier.net_amount.is_not(None),
            or_(
                earlier.paid_at < Order.paid_at,
                and_(earlier.paid_at == Order.paid_at, earlier.id < Order.id),
            ),
        )
        .scalar_subquery()
    )


def _order_facts():
    return (
        Order.status,
        Order.amount,
        Order.discount,
        Order.net_amount,
        Order.coupon_code,
        _prior_paid(),
    )


def _period(column, since: datetime | None, until: datetime | None) -> list:
    return [
        *([column >= since] if since else []),
        *([column < until] if until else []),
    ]


def attributed_orders(
    session: Session, journey_id: int, since: datetime | None, until: datetime | None
) -> pd.DataFrame:
    """Orders credited to the journey as stored (its own attribution window)."""
    stmt = (
        select(
            OrderAttribution.order_id,
            OrderAttribution.member_id,
            OrderAttribution.node_id,
            OrderAttribution.paid_at,
            *_order_facts(),
        )
        .join(Order, Order.id == OrderAttribution.order_id)
        .where(
            OrderAttribution.journey_id == journey_id,
            *_period(OrderAttribution.paid_at, since, until),
        )
    )
    columns = ["order_id", "member_id", "node_id", "paid_at", *_ORDER_COLUMNS]
    return frame(session, stmt, columns, money=("amount", "discount", "net_amount"))


def credited_orders(
    session: Session,
    journey_id: int,
    window_days: int,
    since: datetime | None,
    until: datetime | None,
) -> pd.DataFrame:
    """Orders the journey would be credited with under another window, by the same rule."""
    touches = frame(
        session,
        select(
            JourneyTouch.id,
            JourneyTouch.journey_id,
            JourneyTouch.journey_member_id,
            JourneyTouch.member_id,
            JourneyTouch.node_id,
            JourneyTouch.at,
        ).where(JourneyTouch.journey_id == journey_id),
        ["touch_id", "journey_id", "journey_member_id", "member_id", "node_id", "at"],
    )
    columns = ["order_id", "member_id", "node_id", "paid_at", *_ORDER_COLUMNS]
    if touches.empty:
        return pd.DataFrame(columns=columns)
    touched = select(JourneyTouch.member_id).where(JourneyTouch.journey_id == journey_id)
    stmt = select(Order.id, Order.member_id, Order.paid_at, *_order_facts()).where(
        Order.member_id.in_(touched.distinct()),
        Order.paid_at >= touches["at"].min().to_pydatetime(),
        *_period(Order.paid_at, since, until),
    )
    orders = frame(
        session,
        stmt,
        ["order_id", "member_id", "paid_at", *_ORDER_COLUMNS],
        money=("amount", "discount", "net_amount"),
    )
    credited = credit(orders, touches, {journey_id: window_days})
    facts = orders.drop(columns=["member_id", "paid_at"])
    return credited[["order_id", "member_id", "node_id", "paid_at"]].merge(facts, on="order_id")


def journey_coupons(
    session: Session, journey_id: int, since: datetime | None, until: datetime | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Coupons granted to real members by the journey (with the member's paid orders before
    the grant), and the paid orders that used them."""
    stmt = (
        select(
            Coupon.code,
            Coupon.status,
            or_(Coupon.claimed_at.is_not(None), Coupon.status.in_(("claimed", "redeemed"))),
            Coupon.granted_at,
            Coupon.redeemed_at,
            _paid_before(Coupon.member_id, Coupon.granted_at),
        )
        .join(
            JourneyTouch,
            and_(
                JourneyTouch.ref == Coupon.code,
                JourneyTouch.kind == "coupon",
                JourneyTouch.journey_id == journey_id,
            ),
        )
        .where(*_period(Coupon.granted_at, since, until))
    )
    coupons = frame(
        session,
        stmt,
        ["code", "status", "claimed", "granted_at", "redeemed_at", "orders_before"],
    )
    codes = (
        select(JourneyTouch.ref)
        .where(JourneyTouch.journey_id == journey_id, JourneyTouch.kind == "coupon")
        .scalar_subquery()
    )
    redeemed = frame(
        session,
        select(Order.coupon_code, Order.amount, Order.net_amount).where(
            Order.coupon_code.in_(codes), Order.net_amount.is_not(None)
        ),
        ["coupon_code", "amount", "net_amount"],
        money=("amount", "net_amount"),
    )
    return coupons, redeemed


def journey_messages(
    session: Session, journey_id: int, since: datetime | None, until: datetime | None
) -> pd.DataFrame:
    """The journey's messages, each with whether its member left the channel after it."""
    left = case(
        (
            OutboxMessage.channel == "email",
            Member.unsubscribed_email_at >= OutboxMessage.sent_at,
        ),
        (OutboxMessage.channel == "sms", Member.unsubscribed_sms_at >= OutboxMessage.sent_at),
        (OutboxMessage.channel == "push", Member.unsubscribed_push_at >= OutboxMessage.sent_at),
        else_=False,
    )
    stmt = (
        select(
            OutboxMessage.channel,
            OutboxMessage.node_id,
            OutboxMessage.status,
            OutboxMessage.cost,
            OutboxMessage.sent_at,
            func.coalesce(left, False),
        )
        .join(Member, Member.id == OutboxMessage.member_id)
        .where(
            OutboxMessage.journey_id == journey_id,
            *_period(OutboxMessage.created_at, since, until),
        )
    )
    out = frame(
        session,
        stmt,
        ["channel", "node_id", "status", "cost", "sent_at", "unsubscribed"],
        money=("cost",),
    )
    out["unsubscribed"] = out["unsubscribed"].astype(bool)
    return out


def entries_per_day(
    session: Session, journey_id: int, since: datetime | None, until: datetime | None
) -> pd.DataFrame:
    """Real members entering per UTC day."""
    day = _utc_day(session, JourneyMember.entered_at)
    stmt = (
        select(day, func.count())
        .where(
            JourneyMember.journey_id == journey_id,
            JourneyMember.is_test.is_(False),
            *_period(JourneyMember.entered_at, since, until),
        )
        .group_by(day)
    )
    out = frame(session, stmt, ["day", "entered"])
    out["day"] = out["day"].astype(str).str.slice(0, 10)
    return out


def _utc_day(session: Session, column):
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.date(column)


def arm_members(session: Session, journey_id: int, split_nodes: list[str]) -> pd.DataFrame:
    """Real members who left a split node by a branch, with the time they did."""
    stmt = (
        select(JourneyStep.node_id, JourneyStep.branch, JourneyStep.member_id, JourneyStep.at)
        .join(JourneyMember, JourneyMember.id == JourneyStep.journey_member_id)
        .where(
            JourneyMember.journey_id == journey_id,
            JourneyMember.is_test.is_(False),
            JourneyStep.node_id.in_(split_nodes),
            JourneyStep.outcome == "passed",
            JourneyStep.branch.is_not(None),
        )
    )
    out = frame(session, stmt, ["node_id", "branch", "member_id", "at"])
    out["at"] = pd.to_datetime(out["at"], utc=True)
    # A member who passed the split twice (re-entry) counts once, at the first time.
    return out.sort_values("at").drop_duplicates(["node_id", "branch", "member_id"])


def member_orders(session: Session, journey_id: int, since: datetime) -> pd.DataFrame:
    """Paid orders since a time of the journey's real members (for arms and holdouts)."""
    members = select(JourneyMember.member_id).where(
        JourneyMember.journey_id == journey_id, JourneyMember.is_test.is_(False)
    )
    stmt = select(Order.member_id, Order.paid_at, Order.net_amount).where(
        Order.member_id.in_(members.distinct()),
        Order.net_amount.is_not(None),
        Order.paid_at >= since,
    )
    out = frame(session, stmt, ["member_id", "paid_at", "net_amount"], money=("net_amount",))
    out["paid_at"] = pd.to_datetime(out["paid_at"], utc=True)
    return out
