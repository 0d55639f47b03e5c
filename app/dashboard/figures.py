"""The dashboard's figures read from the daily aggregates, each one grouped query."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.dashboard.periods import Period
from app.models import (
    DashboardChannelDay,
    DashboardDay,
    DashboardJourneyDay,
    DashboardMemberDay,
)

m = DashboardMemberDay


def window(end: date, days: int) -> Period:
    """The ``days`` days that end with ``end``."""
    return Period(end - timedelta(days=days - 1), end)


def active_members(session: Session, period: Period) -> int:
    """Members with at least one paid order in the period."""
    return session.scalar(
        select(func.count(func.distinct(m.member_id))).where(
            m.day >= period.start, m.day <= period.end
        )
    )


def active_member_ids(session: Session, period: Period):
    """The members active in ``period``, as a select of ids."""
    return (
        select(m.member_id).where(m.day >= period.start, m.day <= period.end).group_by(m.member_id)
    )


def payers(session: Session, period: Period) -> tuple[int, int]:
    """Paying members of the period, and those of them who repurchased: paid an order in
    the period that was not their first paid order ever."""
    first = func.sum(case((m.first_order, 1), else_=0))
    per_member = (
        select((func.sum(m.orders) - first).label("repeat"))
        .where(m.day >= period.start, m.day <= period.end)
        .group_by(m.member_id)
        .subquery()
    )
    count, repeat = session.execute(
        select(func.count(), func.sum(case((per_member.c.repeat >= 1, 1), else_=0)))
    ).one()
    return count or 0, repeat or 0


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
