"""The rows a journey report reads, from the raw tables, as small data frames.

Each loader is one grouped or joined query for one journey, aggregated in the database as
far as the figure allows: per credited order (member counts need the members), otherwise
per group and day (the arms of splits: ``app.reports.arms``). Times come back as UTC day
strings, never as millions of parsed timestamps.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import and_, case, exists, func, literal, select
from sqlalchemy.orm import Session

from app.attribution.credit import credit
from app.frames import driver_frame, rows_frame, utc_times
from app.models import Member, Order, OutboxMessage
from app.models.attribution import JourneyTouch, OrderAttribution
from app.models.runs import JourneyMember
from app.reports.days import utc_day, whole_days
from app.reports.entry_days import entry_days

#: The columns of a credited-orders frame (``effect`` reads them).
CREDITED_COLUMNS = ["order_id", "member_id", "node_id", "day", "net_amount", "discount",
                    "journey_coupon", "prior_paid"]  # fmt: skip


def frame(session: Session, stmt, columns: list[str], money=()) -> pd.DataFrame:
    """The rows of ``stmt`` as a frame; ``money`` columns (Decimal) as floats."""
    out = rows_frame(session.execute(stmt).all(), columns)
    for column in money:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    return out


def within_days(session: Session, moment, start, days: int):
    """``start <= moment <= start + days`` in the database's own time arithmetic."""
    if session.get_bind().dialect.name == "postgresql":
        return and_(moment >= start, moment <= start + func.make_interval(0, 0, 0, days))
    return and_(moment >= start, func.julianday(moment) <= func.julianday(start) + days)


def period(column, since: datetime | None, until: datetime | None) -> list:
    return [*([column >= since] if since else []), *([column <= until] if until else [])]


def _prior_paid():
    """The member's purchases before this one (by payment time, then id), capped at 2:
    0 for their first purchase, 1 for their second, 2 after (``members.first_order_id``
    and ``second_order_id``); meaningful for purchases only."""
    return case(
        (Order.id == Member.first_order_id, 0),
        (Order.id == Member.second_order_id, 1),
        else_=2,
    )


def _journey_coupon(journey_id: int):
    """Whether the order used a coupon this journey granted."""
    return and_(
        Order.coupon_code.is_not(None),
        exists().where(
            JourneyTouch.journey_id == journey_id,
            JourneyTouch.kind == "coupon",
            JourneyTouch.ref == Order.coupon_code,
        ),
    )


def _credited_select(session: Session, journey_id: int, *columns):
    return select(
        *columns,
        utc_day(session, Order.paid_at),
        Order.net_amount,
        Order.discount,
        _journey_coupon(journey_id),
        _prior_paid(),
    )


def credited_orders(
    session: Session, journey_id: int, since: datetime | None, until: datetime | None
) -> pd.DataFrame:
    """Orders credited to the journey as stored (its own attribution window)."""
    stmt = (
        _credited_select(
            session,
            journey_id,
            OrderAttribution.order_id,
            OrderAttribution.member_id,
            OrderAttribution.node_id,
        )
        .join(Order, Order.id == OrderAttribution.order_id)
        .join(Member, Member.id == Order.member_id)
        .where(
            OrderAttribution.journey_id == journey_id,
            *period(OrderAttribution.paid_at, since, until),
        )
    )
    return _credited_frame(session, stmt)


def _credited_frame(session: Session, stmt) -> pd.DataFrame:
    out = frame(session, stmt, CREDITED_COLUMNS, money=("net_amount", "discount"))
    out["journey_coupon"] = out["journey_coupon"].astype(bool)
    return out


def credited_under_window(
    session: Session,
    journey_id: int,
    window_days: int,
    since: datetime | None,
    until: datetime | None,
) -> pd.DataFrame:
    """Orders the journey would be credited with under another window, by the same rule.

    Only orders paid from the journey's first touch to a window after its last can be
    credited, and only the touches of members who paid such an order matter: both are
    narrowed in the database before the rule runs in pandas."""
    first, last = session.execute(
        select(func.min(JourneyTouch.at), func.max(JourneyTouch.at)).where(
            JourneyTouch.journey_id == journey_id
        )
    ).one()
    if first is None:
        return pd.DataFrame(columns=CREDITED_COLUMNS)
    touched = select(JourneyTouch.member_id).where(JourneyTouch.journey_id == journey_id)
    # A day's margin keeps the bound clear of how each database rounds a time.
    paid = (
        Order.member_id.in_(touched.distinct()),
        Order.paid_at >= first,
        Order.paid_at <= last + timedelta(days=window_days + 1),
        *period(Order.paid_at, since, until),
    )
    orders = driver_frame(
        session,
        select(Order.id, Order.member_id, Order.paid_at).where(*paid),
        ["order_id", "member_id", "paid_at"],
    )
    if orders.empty:
        return pd.DataFrame(columns=CREDITED_COLUMNS)
    orders["paid_at"] = utc_times(orders["paid_at"])
    touches = driver_frame(
        session,
        select(
            JourneyTouch.id,
            JourneyTouch.journey_id,
            JourneyTouch.journey_member_id,
            JourneyTouch.member_id,
            JourneyTouch.node_id,
            JourneyTouch.at,
        ).where(
            JourneyTouch.journey_id == journey_id,
            JourneyTouch.member_id.in_(select(Order.member_id).where(*paid).distinct()),
        ),
        ["touch_id", "journey_id", "journey_member_id", "member_id", "node_id", "at"],
    )
    touches["at"] = utc_times(touches["at"])
    found = credit(orders, touches, {journey_id: window_days})
    if found.empty:
        return pd.DataFrame(columns=CREDITED_COLUMNS)
    ids = found["order_id"].astype("int64").tolist()
    facts = pd.concat(
        [
            _credited_frame(
                session,
                _credited_select(session, journey_id, Order.id, Order.member_id, literal(""))
                .join(Member, Member.id == Order.member_id)
                .where(Order.id.in_(ids[start : start + 5000])),
            )  # fmt: skip
            for start in range(0, len(ids), 5000)
        ]
    )
    nodes = found[["order_id", "node_id"]].astype({"order_id": "int64"})
    return facts.drop(columns=["node_id"]).merge(nodes, on="order_id")[CREDITED_COLUMNS]


def message_groups(
    session: Session, journey_id: int, since: datetime | None, until: datetime | None
) -> pd.DataFrame:
    """The journey's messages per channel, node, status and UTC day sent: how many, how many
    whose member left the channel after the message, and their cost."""
    left = case(
        (OutboxMessage.channel == "email", Member.unsubscribed_email_at >= OutboxMessage.sent_at),
        (OutboxMessage.channel == "sms", Member.unsubscribed_sms_at >= OutboxMessage.sent_at),
        (OutboxMessage.channel == "push", Member.unsubscribed_push_at >= OutboxMessage.sent_at),
        else_=False,
    )
    day = utc_day(session, OutboxMessage.sent_at)
    stmt = (
        select(
            OutboxMessage.channel,
            OutboxMessage.node_id,
            OutboxMessage.status,
            day,
            func.count(),
            func.sum(case((func.coalesce(left, False), 1), else_=0)),
            func.sum(OutboxMessage.cost),
        )
        .join(Member, Member.id == OutboxMessage.member_id)
        .where(
            OutboxMessage.journey_id == journey_id,
            *period(OutboxMessage.created_at, since, until),
        )
        .group_by(OutboxMessage.channel, OutboxMessage.node_id, OutboxMessage.status, day)
    )
    return frame(
        session,
        stmt,
        ["channel", "node_id", "status", "day", "messages", "unsubscribed", "cost"],
        money=("cost",),
    )


def entries_per_day(
    session: Session, journey_id: int, since: datetime | None, until: datetime | None
) -> pd.DataFrame:
    """Real members entering per UTC day."""
    days = whole_days(since, until)
    if days is not None:
        return entry_days(session, journey_id, *days)
    day = utc_day(session, JourneyMember.entered_at)
    stmt = (
        select(day, func.count())
        .where(
            JourneyMember.journey_id == journey_id,
            JourneyMember.is_test.is_(False),
            *period(JourneyMember.entered_at, since, until),
        )
        .group_by(day)
    )
    return frame(session, stmt, ["day", "entered"])
