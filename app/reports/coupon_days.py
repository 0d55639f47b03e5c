"""The coupons each journey granted, counted per member type and day as they change.

A coupon belongs to a journey's report when the journey's touch names it (a coupon grant,
``docs/attribution.md``). Its holder's type at the grant is the number of purchases paid
before it (0, 1, 2 or more), read from the member's first two purchase times. Every change
that can move a coupon between rows of ``journey_coupon_days`` runs inside
:func:`coupon_days_kept`: the touch that makes it a journey's, a claim, a redemption, and
a change of the holder's purchases (an order stored, cancelled, refunded, back-dated). The
rows the coupons counted in are read before and after, and the difference added, in the
same transaction, so the table always equals a count over the raw tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pandas as pd
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.bulk import execute_many
from app.models import Coupon, Member
from app.models.attribution import JourneyTouch
from app.models.orders import Order
from app.models.reports import JourneyCouponDay
from app.reports.days import utc_day, whole_days
from app.reports.frames import frame, period

#: A row of ``journey_coupon_days``: journey, member type, day granted, day used ('' unused).
DayKey = tuple[int, str, str, str]

CLAIMED = or_(Coupon.claimed_at.is_not(None), Coupon.status.in_(("claimed", "redeemed")))
USED = Coupon.status == "redeemed"


def member_type_at(moment):
    """The member's type at ``moment``: purchases paid before it, 0, 1, or 2 and more."""
    return case(
        (or_(Member.first_order_at.is_(None), Member.first_order_at >= moment), "no_first_order"),
        (or_(Member.second_order_at.is_(None), Member.second_order_at >= moment), "first_order"),
        else_="repurchase",
    )


def journey_coupon_touch():
    """Joins a coupon to the touch of the journey that granted it."""
    return and_(JourneyTouch.ref == Coupon.code, JourneyTouch.kind == "coupon")


def _counted(session: Session, where) -> dict[DayKey, tuple[int, int, int]]:
    """The rows the journey coupons selected by ``where`` count in, with their share."""
    day = utc_day(session, Coupon.granted_at)
    used_day = func.coalesce(utc_day(session, Coupon.redeemed_at), "")
    kind = member_type_at(Coupon.granted_at)
    rows = session.execute(
        select(
            JourneyTouch.journey_id,
            kind,
            day,
            used_day,
            func.count(),
            func.sum(case((CLAIMED, 1), else_=0)),
            func.sum(case((USED, 1), else_=0)),
        )
        .select_from(Coupon)
        .join(JourneyTouch, journey_coupon_touch())
        .join(Member, Member.id == Coupon.member_id)
        .where(where)
        .group_by(JourneyTouch.journey_id, kind, day, used_day)
    )
    return {(int(j), k, d, u): (int(n), int(c), int(x)) for j, k, d, u, n, c, x in rows}


@contextmanager
def coupon_days_kept(session: Session, where) -> Iterator[None]:
    """Keep ``journey_coupon_days`` right across a change of the coupons ``where`` selects
    (a condition on ``coupons``, or on their holders in ``members``)."""
    before = _counted(session, where)
    yield
    session.flush()
    add_coupon_days(session, before, _counted(session, where))


def add_coupon_days(session: Session, before: dict, after: dict) -> None:
    """Add ``after`` minus ``before`` to the stored rows, in one sorted order (two
    PostgreSQL transactions adding to the same rows wait for each other, never deadlock)."""
    rows = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key, (0, 0, 0)), after.get(key, (0, 0, 0))
        change = tuple(n - o for n, o in zip(new, old, strict=True))
        if any(change):
            rows.append((*key, *change))
    if not rows:
        return
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    execute_many(
        connection,
        "INSERT INTO journey_coupon_days (journey_id, member_type, day, used_day, issued, "
        f"claimed, used) VALUES ({', '.join([mark] * 7)}) "
        "ON CONFLICT (journey_id, member_type, day, used_day) DO UPDATE SET "
        "issued = journey_coupon_days.issued + excluded.issued, "
        "claimed = journey_coupon_days.claimed + excluded.claimed, "
        "used = journey_coupon_days.used + excluded.used",
        rows,
    )


def count_journey_coupons(session: Session, journey_id: int) -> None:
    """Count every coupon of a journey into ``journey_coupon_days`` (for rows written
    outside the engine, such as a benchmark's)."""
    add_coupon_days(session, {}, _counted(session, JourneyTouch.journey_id == journey_id))


def coupon_days(
    session: Session, journey_id: int, first_day: str | None, last_day: str | None
) -> pd.DataFrame:
    """``member_type, day, used_day, issued, claimed, used`` of a journey's coupons granted
    from ``first_day`` to ``last_day`` (UTC, inclusive); ``used_day`` None while unused."""
    days = JourneyCouponDay
    rows = session.execute(
        select(days.member_type, days.day, days.used_day, days.issued, days.claimed, days.used)
        .where(
            days.journey_id == journey_id,
            *([days.day >= first_day] if first_day else []),
            *([days.day <= last_day] if last_day else []),
        )
        .where(or_(days.issued != 0, days.claimed != 0, days.used != 0))
    ).all()
    out = pd.DataFrame(
        rows, columns=["member_type", "day", "used_day", "issued", "claimed", "used"]
    )
    out["used_day"] = out["used_day"].replace("", None)
    return out


def coupon_groups(
    session: Session, journey_id: int, since: datetime | None, until: datetime | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Coupons granted to real members by the journey, per member type at the grant and
    UTC day of the grant and of the redemption: ``issued``, ``claimed``, ``used``; and per
    member type, the gross and paid amounts of the purchases that used them."""
    days = whole_days(since, until)
    if days is not None:
        counts = coupon_days(session, journey_id, *days)
    else:
        counted = _counted(
            session,
            and_(JourneyTouch.journey_id == journey_id, *period(Coupon.granted_at, since, until)),
        )
        counts = pd.DataFrame(
            [(k, d, u or None, *figures) for (_, k, d, u), figures in counted.items()],
            columns=["member_type", "day", "used_day", "issued", "claimed", "used"],
        )
    kind = member_type_at(Coupon.granted_at)
    sales = frame(
        session,
        select(kind, func.sum(Order.amount), func.sum(Order.net_amount))
        .select_from(Order)
        .join(Coupon, Coupon.code == Order.coupon_code)
        .join(
            JourneyTouch,
            and_(journey_coupon_touch(), JourneyTouch.journey_id + 0 == journey_id),
        )
        .join(Member, Member.id == Coupon.member_id)
        .where(
            Order.coupon_code.is_not(None),
            Order.net_amount.is_not(None),
            *period(Coupon.granted_at, since, until),
        )
        .group_by(kind)
        # The few orders that used a coupon, found by their code, whatever the statistics say.
        .with_hint(Order, "INDEXED BY ix_orders_coupon_code", "sqlite"),
        ["member_type", "sales_with_coupon", "paid_with_coupon"],
        money=("sales_with_coupon", "paid_with_coupon"),
    )
    return counts, sales
