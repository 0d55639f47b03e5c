"""The dashboard's figures read from the daily aggregates, each one grouped query."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Date, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from app.dashboard.periods import Period
from app.dashboard.refresh import day_gap
from app.models import (
    DashboardChannelDay,
    DashboardDay,
    DashboardGapDay,
    DashboardJourneyDay,
    DashboardMemberDay,
)

m = DashboardMemberDay
g = DashboardGapDay


def _since(session: Session, day: date):
    """Whole days from ``day`` to each row's day."""
    return day_gap(session, g.day, literal(day, Date))


def window(end: date, days: int) -> Period:
    """The ``days`` days that end with ``end``."""
    return Period(end - timedelta(days=days - 1), end)


def _first_in(session: Session, period: Period):
    """Rows of the member's first paid day within ``period``: a first paid day ever, or a
    previous paid day before the period."""
    return or_(g.kind.in_(("first1", "firstn")), g.gap > _since(session, period.start))


def active_members(session: Session, period: Period) -> int:
    """Members with at least one paid order in the period."""
    return _sum(session, period, _first_in(session, period))


def payers(session: Session, period: Period) -> tuple[int, int]:
    """Paying members of the period, and those of them who repurchased: paid an order in
    the period that was not their first paid order ever. The others paid exactly one
    order in the period, their first: a first day with one order in the period
    (``first1``), less those whose second paid day (``second1`` reaching back into the
    period) came before the period's end."""
    count = active_members(session, period)
    single = _sum(session, period, g.kind == "first1")
    back_in_period = g.gap <= _since(session, period.start)
    again = _sum(session, period, and_(g.kind == "second1", back_in_period))
    return count, count - (single - again)


def _sum(session: Session, period: Period, condition) -> int:
    return session.scalar(
        select(func.coalesce(func.sum(g.members), 0)).where(
            g.day >= period.start, g.day <= period.end, condition
        )
    )


def active_member_ids(period: Period):
    """The members active in ``period``, as a select of ids."""
    return (
        select(m.member_id).where(m.day >= period.start, m.day <= period.end).group_by(m.member_id)
    )


def totals(session: Session, period: Period) -> dict:
    d = DashboardDay
    new, orders, amount = session.execute(
        select(
            func.coalesce(func.sum(d.new_members), 0),
            func.coalesce(func.sum(d.paid_orders), 0),
            func.coalesce(func.sum(d.paid_amount), 0),
        ).where(d.day >= period.start, d.day <= period.end)
    ).one()
    return {"new_members": int(new), "paid_orders": int(orders), "paid_amount": float(amount)}


def daily(session: Session, period: Period) -> list[dict]:
    d = DashboardDay
    rows = session.execute(
        select(d.day, d.new_members, d.paid_orders, d.paid_amount, d.payers)
        .where(d.day >= period.start, d.day <= period.end)
        .order_by(d.day)
    ).all()
    return [
        {
            "day": day.isoformat(),
            "new_members": new,
            "paid_orders": orders,
            "paid_amount": round(float(amount), 2),
            "payers": payers_,
        }
        for day, new, orders, amount, payers_ in rows
    ]


def by_journey(session: Session, period: Period) -> dict[int, tuple[int, float]]:
    j = DashboardJourneyDay
    rows = session.execute(
        select(j.journey_id, func.sum(j.orders), func.sum(j.paid_amount))
        .where(j.day >= period.start, j.day <= period.end)
        .group_by(j.journey_id)
    ).all()
    return {jid: (int(n), float(amount)) for jid, n, amount in rows}


def by_channel(session: Session, period: Period) -> dict[str, tuple[int, float]]:
    c = DashboardChannelDay
    rows = session.execute(
        select(c.channel, func.sum(c.messages), func.sum(c.cost))
        .where(c.day >= period.start, c.day <= period.end)
        .group_by(c.channel)
    ).all()
    return {channel: (int(n), float(cost)) for channel, n, cost in rows}
