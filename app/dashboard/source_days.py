"""The dashboard split by members' registration channel: built per day with the other
aggregates, read per period with one grouped query per figure.

``dashboard_source_days`` holds each day's new members, paid orders and paid amount per
channel; ``dashboard_source_gap_days`` the day's buyers per channel by ``kind`` and ``gap``,
so distinct members per channel over any range of days are sums, as for the whole base
(``app/dashboard/figures.py``). Members registered without a channel are the channel ``''``.
A member's channel is read when the day is built.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Date, and_, func, insert, literal, or_, select
from sqlalchemy.orm import Session

from app.dashboard.core import ratio
from app.dashboard.periods import Period
from app.dashboard.refresh import and_range, day_gap, day_of, days_between, gap_and_kind
from app.models import DashboardMemberDay, DashboardSourceDay, DashboardSourceGapDay, Member

#: The channel of members registered without one.
NO_CHANNEL = ""
s = DashboardSourceDay
sg = DashboardSourceGapDay


def channel_of():
    return func.coalesce(Member.registration_channel, NO_CHANNEL)


def build_source_days(session: Session, start: date, end: date, lo: datetime, hi: datetime):
    """Rows of both tables for ``start``..``end`` (deleted before by the caller's build),
    from ``dashboard_member_days`` of those days and the members' registration."""
    m = DashboardMemberDay
    kind, gap = gap_and_kind(session)
    channel = channel_of()
    in_days = (m.day >= start, m.day <= end)
    gaps = (
        select(m.day, channel, kind, gap, func.count())
        .join(Member, Member.id == m.member_id)
        .where(*in_days)
        .group_by(m.day, channel, kind, gap)
    )
    columns = [sg.day, sg.channel, sg.kind, sg.gap, sg.members]
    session.execute(insert(sg).from_select(columns, gaps))

    figures: dict[tuple[date, str], list] = {}
    paid = (
        select(m.day, channel, func.sum(m.orders), func.sum(m.paid_amount))
        .join(Member, Member.id == m.member_id)
        .where(*in_days)
        .group_by(m.day, channel)
    )
    for day, ch, orders, amount in session.execute(paid).all():
        figures[(_as_date(day), ch)] = [0, int(orders), amount]
    registered = day_of(session, Member.registered_at)
    new = (
        select(registered, channel, func.count())
        .where(*and_range(Member.registered_at, lo, hi))
        .group_by(registered, channel)
    )
    for day, ch, count in session.execute(new).all():
        figures.setdefault((_as_date(day), ch), [0, 0, 0])[0] = int(count)
    wanted = set(days_between(start, end))
    rows = [
        {"day": d, "channel": ch, "new_members": n, "paid_orders": o, "paid_amount": a}
        for (d, ch), (n, o, a) in figures.items()
        if d in wanted
    ]
    if rows:
        session.execute(insert(s), rows)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _since(session: Session, day: date):
    return day_gap(session, sg.day, literal(day, Date))


def _active(session: Session, period: Period) -> dict[str, int]:
    """Per channel: members with a paid order in the period (counted on their first day in
    it: a first paid day ever, or one whose previous paid day is before the period)."""
    first_in = or_(sg.kind.in_(("first1", "firstn")), sg.gap > _since(session, period.start))
    return _members(session, period, first_in)


def _members(session: Session, period: Period, condition) -> dict[str, int]:
    """Per channel: the sum of ``members`` over the period's rows meeting ``condition``."""
    rows = session.execute(
        select(sg.channel, func.sum(sg.members))
        .where(sg.day >= period.start, sg.day <= period.end, condition)
        .group_by(sg.channel)
    ).all()
    return {channel: int(n) for channel, n in rows}


def source_metrics(session: Session, period: Period) -> dict[str, dict]:
    """Per registration channel: new members, members active in the 30 days ending with the
    period's last day, paying members, repurchase rate, paid orders and amount of the
    period, by the whole base's definitions (docs/dashboard.md)."""
    payers = _active(session, period)
    active_30 = _active(session, Period(period.end - timedelta(days=29), period.end))
    single = _members(session, period, sg.kind == "first1")
    back_in_period = and_(sg.kind == "second1", sg.gap <= _since(session, period.start))
    again = _members(session, period, back_in_period)
    totals = {
        channel: (int(new), int(orders), float(amount))
        for channel, new, orders, amount in session.execute(
            select(
                s.channel, func.sum(s.new_members), func.sum(s.paid_orders), func.sum(s.paid_amount)
            )
            .where(s.day >= period.start, s.day <= period.end)
            .group_by(s.channel)
        ).all()
    }
    out = {}
    for channel in set(totals) | set(payers) | set(active_30):
        new, orders, amount = totals.get(channel, (0, 0, 0.0))
        count = payers.get(channel, 0)
        repeat = count - (single.get(channel, 0) - again.get(channel, 0))
        out[channel] = {
            "new_members": new,
            "active_30": active_30.get(channel, 0),
            "payers": count,
            "repurchase_rate": ratio(repeat, count),
            "paid_orders": orders,
            "paid_amount": amount,
        }
    return out
