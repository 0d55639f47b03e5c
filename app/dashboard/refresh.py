"""Build the daily aggregates of a range of UTC days from the raw tables, set-based.

Each build deletes the days' rows and inserts them again with one grouped
``INSERT … SELECT`` per table, so building a day twice gives the same rows. A day is built
when ``dashboard_days`` has its row; a day built before it ended (today) is built again on
the next read, and the nightly job builds the last few days again for late orders and
refunds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Date, cast, delete, func, insert, select
from sqlalchemy.orm import Session

from app.models import (
    DashboardChannelDay,
    DashboardDay,
    DashboardJourneyDay,
    DashboardMemberDay,
    Member,
    Order,
    OrderAttribution,
    OutboxMessage,
)

#: Days the nightly job builds again, for orders posted late and refunds.
REBUILD_RECENT_DAYS = 3
_TABLES = (DashboardMemberDay, DashboardJourneyDay, DashboardChannelDay, DashboardDay)


def day_of(session: Session, column):
    """The UTC day of a stored time, as the database writes a ``Date``."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.substr(column, 1, 10)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, UTC)


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def build_days(session: Session, start: date, end: date, now: datetime) -> int:
    """Build every aggregate of the days ``start``..``end``; the caller commits."""
    if start > end:
        return 0
    lo, hi = start_of(start), start_of(end + timedelta(days=1))
    for table in _TABLES:
        session.execute(delete(table).where(table.day >= start, table.day <= end))
    _member_days(session, lo, hi)
    _journey_days(session, lo, hi)
    _channel_days(session, lo, hi)
    _days(session, start, end, lo, hi, now)
    return (end - start).days + 1


def _member_days(session: Session, lo: datetime, hi: datetime) -> None:
    paid = Order.net_amount.is_not(None)
    in_range = and_range(Order.paid_at, lo, hi)
    firsts = (
        select(Order.member_id, func.min(Order.paid_at).label("first"))
        .where(paid, Order.member_id.in_(select(Order.member_id).where(paid, *in_range)))
        .group_by(Order.member_id)
        .subquery()
    )
    day = day_of(session, Order.paid_at)
    rows = (
        select(
            day,
            Order.member_id,
            func.count(),
            func.sum(Order.net_amount),
            # The member's first paid order ever is among the day's.
            func.min(Order.paid_at) == firsts.c.first,
        )
        .join(firsts, firsts.c.member_id == Order.member_id)
        .where(paid, *in_range)
        .group_by(day, Order.member_id, firsts.c.first)
    )
    t = DashboardMemberDay
    session.execute(
        insert(t).from_select([t.day, t.member_id, t.orders, t.paid_amount, t.first_order], rows)
    )


def _journey_days(session: Session, lo: datetime, hi: datetime) -> None:
    day = day_of(session, OrderAttribution.paid_at)
    rows = (
        select(day, OrderAttribution.journey_id, func.count(), func.sum(Order.net_amount))
        .join(Order, Order.id == OrderAttribution.order_id)
        .where(Order.net_amount.is_not(None), *and_range(OrderAttribution.paid_at, lo, hi))
        .group_by(day, OrderAttribution.journey_id)
    )
    t = DashboardJourneyDay
    session.execute(insert(t).from_select([t.day, t.journey_id, t.orders, t.paid_amount], rows))


def _channel_days(session: Session, lo: datetime, hi: datetime) -> None:
    day = day_of(session, OutboxMessage.sent_at)
    rows = (
        select(
            day, OutboxMessage.channel, func.count(), func.coalesce(func.sum(OutboxMessage.cost), 0)
        )
        .where(*and_range(OutboxMessage.sent_at, lo, hi))
        .group_by(day, OutboxMessage.channel)
    )
    t = DashboardChannelDay
    session.execute(insert(t).from_select([t.day, t.channel, t.messages, t.cost], rows))


def _days(session: Session, start: date, end: date, lo: datetime, hi: datetime, now) -> None:
    day = day_of(session, Member.registered_at)
    new = dict(
        session.execute(
            select(day, func.count()).where(*and_range(Member.registered_at, lo, hi)).group_by(day)
        ).all()
    )
    m = DashboardMemberDay
    paid = {
        row[0]: row[1:]
        for row in session.execute(
            select(m.day, func.sum(m.orders), func.sum(m.paid_amount), func.count())
            .where(m.day >= start, m.day <= end)
            .group_by(m.day)
        ).all()
    }
    rows = []
    for d in days_between(start, end):
        orders, amount, payers = paid.get(d, paid.get(d.isoformat(), (0, 0, 0)))
        rows.append(
            {
                "day": d,
                "new_members": new.get(d, new.get(d.isoformat(), 0)),
                "paid_orders": orders,
                "paid_amount": amount,
                "payers": payers,
                "built_at": now,
            }
        )
    session.execute(insert(DashboardDay), rows)


def and_range(column, lo: datetime, hi: datetime) -> list:
    return [column >= lo, column < hi]


def missing_days(session: Session, start: date, end: date) -> list[date]:
    """Days of ``start``..``end`` not built, or built before they ended."""
    built = {
        d if isinstance(d, date) else date.fromisoformat(d): at
        for d, at in session.execute(
            select(DashboardDay.day, DashboardDay.built_at).where(
                DashboardDay.day >= start, DashboardDay.day <= end
            )
        ).all()
    }
    return [
        d
        for d in days_between(start, end)
        if d not in built or built[d] < start_of(d + timedelta(days=1))
    ]


def ensure_days(session: Session, start: date, end: date, now: datetime) -> int:
    """Build the missing days of ``start``..``end``, each run of consecutive days at once."""
    built = 0
    for run_start, run_end in _runs(missing_days(session, start, end)):
        built += build_days(session, run_start, run_end, now)
    return built


def _runs(days: list[date]) -> list[tuple[date, date]]:
    runs: list[tuple[date, date]] = []
    for d in days:
        if runs and runs[-1][1] + timedelta(days=1) == d:
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return runs
