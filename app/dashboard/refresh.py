"""Build the daily aggregates of a range of UTC days from the raw tables, set-based.

Each build deletes the days' rows and inserts them again with one grouped
``INSERT … SELECT`` per table, so building a day twice gives the same rows. A day is built
when ``dashboard_days`` has its row; a day built before it ended (today) is built again on
the next read, and the nightly job builds the last few days again for late orders and
refunds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Date, Integer, and_, case, cast, delete, func, insert, select
from sqlalchemy.orm import Session

from app.models import (
    DashboardChannelDay,
    DashboardDay,
    DashboardGapDay,
    DashboardJourneyDay,
    DashboardMemberDay,
    DashboardSourceDay,
    DashboardSourceGapDay,
    Member,
    Order,
    OrderAttribution,
    OutboxMessage,
)
from app.models.dashboard import GAP_CAP

#: Days the nightly job builds again, for orders posted late and refunds.
REBUILD_RECENT_DAYS = 3
#: How long a day built before it ended (today) is used before a read builds it again.
FRESH_FOR = timedelta(minutes=2)
_TABLES = (
    DashboardMemberDay,
    DashboardGapDay,
    DashboardJourneyDay,
    DashboardChannelDay,
    DashboardSourceGapDay,
    DashboardSourceDay,
    DashboardDay,
)


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
    _gap_days(session, start, end)
    _journey_days(session, lo, hi)
    _channel_days(session, lo, hi)
    _days(session, start, end, lo, hi, now)
    # Imported here: the split reads this module's helpers.
    from app.dashboard.source_days import build_source_days

    build_source_days(session, start, end, lo, hi)
    return (end - start).days + 1


def _member_days(session: Session, lo: datetime, hi: datetime) -> None:
    paid = Order.net_amount.is_not(None)
    in_range = and_range(Order.paid_at, lo, hi)
    day = day_of(session, Order.paid_at).label("day")
    days = (
        select(
            day,
            Order.member_id,
            func.count().label("orders"),
            func.sum(Order.net_amount).label("amount"),
        )
        .where(paid, *in_range)
        .group_by(day, Order.member_id)
        .subquery()
    )
    # Each member's paid orders before the range: how many, and the last one's day.
    before = (
        select(
            Order.member_id,
            func.count().label("n"),
            func.max(Order.paid_at).label("last"),
        )
        .where(paid, Order.paid_at < lo, Order.member_id.in_(select(days.c.member_id)))
        .group_by(Order.member_id)
        .subquery()
    )
    member_order = {"partition_by": days.c.member_id, "order_by": days.c.day}
    earlier_in_range = func.sum(days.c.orders).over(**member_order, rows=(None, -1))
    rows = select(
        days.c.day,
        days.c.member_id,
        days.c.orders,
        days.c.amount,
        func.coalesce(func.lag(days.c.day).over(**member_order), day_of(session, before.c.last)),
        func.coalesce(before.c.n, 0) + func.coalesce(earlier_in_range, 0),
    ).select_from(days.outerjoin(before, before.c.member_id == days.c.member_id))
    t = DashboardMemberDay
    columns = [t.day, t.member_id, t.orders, t.paid_amount, t.prev_day, t.orders_before]
    session.execute(insert(t).from_select(columns, rows))


def day_gap(session: Session, later, earlier):
    """Whole days from ``earlier`` to ``later`` (two ``Date`` columns or values)."""
    if session.get_bind().dialect.name == "postgresql":
        return later - earlier
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def gap_and_kind(session: Session) -> tuple:
    """A ``dashboard_member_days`` row's ``kind`` and capped ``gap`` (``DashboardGapDay``)."""
    m = DashboardMemberDay
    gap = case(
        (m.prev_day.is_(None), 0),
        (day_gap(session, m.day, m.prev_day) > GAP_CAP, GAP_CAP),
        else_=day_gap(session, m.day, m.prev_day),
    )
    kind = case(
        (and_(m.orders_before == 0, m.orders == 1), "first1"),
        (m.orders_before == 0, "firstn"),
        (m.orders_before == 1, "second1"),
        else_="other",
    )
    return kind, gap


def _gap_days(session: Session, start: date, end: date) -> None:
    m = DashboardMemberDay
    kind, gap = gap_and_kind(session)
    rows = (
        select(m.day, kind, gap, func.count())
        .where(m.day >= start, m.day <= end)
        .group_by(m.day, kind, gap)
    )
    t = DashboardGapDay
    session.execute(insert(t).from_select([t.day, t.kind, t.gap, t.members], rows))


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


def missing_days(session: Session, start: date, end: date, now: datetime) -> list[date]:
    """Days of ``start``..``end`` not built, or built before they ended and more than
    :data:`FRESH_FOR` ago."""
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
        if d not in built
        or (built[d] < start_of(d + timedelta(days=1)) and built[d] < now - FRESH_FOR)
    ]


def ensure_days(session: Session, start: date, end: date, now: datetime) -> list[date]:
    """Build the missing days of ``start``..``end``, each run of consecutive days at once;
    the days it built."""
    days = missing_days(session, start, end, now)
    for run_start, run_end in _runs(days):
        build_days(session, run_start, run_end, now)
    return days


def _runs(days: list[date]) -> list[tuple[date, date]]:
    runs: list[tuple[date, date]] = []
    for d in days:
        if runs and runs[-1][1] + timedelta(days=1) == d:
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return runs
