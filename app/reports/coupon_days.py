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

from contextlib import AbstractContextManager
from datetime import datetime
from decimal import Decimal

import pandas as pd
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.models import Coupon, Member
from app.models.attribution import JourneyTouch
from app.models.orders import Order
from app.models.reports import JourneyCouponDay
from app.reports.days import utc_day, whole_days
from app.reports.frames import frame, period
from app.reports.kept import add_to_rows, changes, kept, money

#: A row of ``journey_coupon_days``: journey, member type, day granted, day used ('' unused).
DayKey = tuple[int, str, str, str]
DAY_KEY = ("journey_id", "member_type", "day", "used_day")

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


def coupon_days_kept(session: Session, where) -> AbstractContextManager[None]:
    """Keep ``journey_coupon_days`` right across a change of the coupons ``where`` selects
    (a condition on ``coupons``, or on their holders in ``members``)."""
    return kept(session, lambda: _counted(session, where), add_coupon_days)


def add_coupon_days(session: Session, before: dict, after: dict) -> None:
    """Add ``after`` minus ``before`` to the stored rows."""
    add_to_rows(
        session.connection(),
        "journey_coupon_days",
        DAY_KEY,
        ("issued", "claimed", "used"),
        [(*key, *change) for key, change in changes(before, after, 3)],
    )


def count_journey_coupons(session: Session, journey_id: int) -> None:
    """Count every coupon of a journey into ``journey_coupon_days`` (for rows written
    outside the engine, such as a benchmark's)."""
    add_coupon_days(session, {}, _counted(session, JourneyTouch.journey_id == journey_id))
    add_coupon_sales(session, {}, _sold(session, JourneyTouch.journey_id == journey_id))


def _sold(session: Session, where) -> dict[tuple[int, str, str], tuple[int, int]]:
    """Per journey, holder's type at the grant and day granted, the gross and paid amount
    (in cents) of the purchases that used the journey coupons ``where`` selects."""
    day = utc_day(session, Coupon.granted_at)
    kind = member_type_at(Coupon.granted_at)
    rows = session.execute(
        select(
            JourneyTouch.journey_id, kind, day, func.sum(Order.amount), func.sum(Order.net_amount)
        )
        .select_from(Coupon)
        .join(JourneyTouch, journey_coupon_touch())
        .join(Member, Member.id == Coupon.member_id)
        .join(Order, Order.coupon_code == Coupon.code)
        .where(Order.net_amount.is_not(None), where)
        .group_by(JourneyTouch.journey_id, kind, day)
    )
    return {(int(j), k, d): (_cents(gross), _cents(paid)) for j, k, d, gross, paid in rows}


def _cents(value) -> int:
    return round(Decimal(str(value or 0)) * 100)


def _sold_of(session: Session, coupon_ids: list[int]) -> dict:
    out: dict = {}
    for start in range(0, len(coupon_ids), 5000):
        part = _sold(session, Coupon.id.in_(coupon_ids[start : start + 5000]))
        for key, (gross, paid) in part.items():
            old = out.get(key, (0, 0))
            out[key] = (old[0] + gross, old[1] + paid)
    return out


def coupon_sales_kept(session: Session, members=(), codes=()) -> AbstractContextManager[None]:
    """Keep the coupon sales of ``journey_coupon_days`` right across a change of orders:
    of the coupons ``members`` hold (their type at the grant follows their purchases) and
    of the coupons named by ``codes`` or used by these members' orders before the change
    (ids, codes, or SELECTs of them)."""
    used = select(Order.coupon_code).where(
        Order.member_id.in_(members), Order.coupon_code.is_not(None)
    )
    coupon_ids = sorted(
        set(
            session.scalars(
                select(Coupon.id).where(
                    or_(
                        Coupon.member_id.in_(members),
                        Coupon.code.in_(codes),
                        Coupon.code.in_(used),
                    )
                )
            ).all()
        )
    )
    return kept(
        session, lambda: _sold_of(session, coupon_ids), add_coupon_sales, touches=bool(coupon_ids)
    )


def add_coupon_sales(session: Session, before: dict, after: dict) -> None:
    """Add ``after`` minus ``before`` to the sales of the unused rows."""
    connection = session.connection()
    rows = [
        (*key, "", *(money(connection, cents) for cents in change))
        for key, change in changes(before, after, 2)
    ]
    add_to_rows(
        connection,
        "journey_coupon_days",
        DAY_KEY,
        ("sales", "paid"),
        rows,
        zeros=("issued", "claimed", "used"),
    )


def coupon_sales(
    session: Session, journey_id: int, first_day: str | None, last_day: str | None
) -> pd.DataFrame:
    """``member_type, sales_with_coupon, paid_with_coupon`` of the journey's coupons granted
    from ``first_day`` to ``last_day`` (UTC, inclusive), from the kept rows."""
    days = JourneyCouponDay
    return frame(
        session,
        select(days.member_type, func.sum(days.sales), func.sum(days.paid))
        .where(
            days.journey_id == journey_id,
            days.used_day == "",
            *([days.day >= first_day] if first_day else []),
            *([days.day <= last_day] if last_day else []),
        )
        .group_by(days.member_type),
        ["member_type", "sales_with_coupon", "paid_with_coupon"],
        money=("sales_with_coupon", "paid_with_coupon"),
    )


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
        return coupon_days(session, journey_id, *days), coupon_sales(session, journey_id, *days)
    counted = _counted(
        session,
        and_(JourneyTouch.journey_id == journey_id, *period(Coupon.granted_at, since, until)),
    )
    counts = pd.DataFrame(
        [(k, d, u or None, *figures) for (_, k, d, u), figures in counted.items()],
        columns=["member_type", "day", "used_day", "issued", "claimed", "used"],
    )
    kind = member_type_at(Coupon.granted_at)
    # Looked up for each order that used a coupon (a sub-plan, never a join the planner
    # could turn into a scan of every touch of a journey with a million coupons).
    granted_here = (
        select(JourneyTouch.journey_id)
        .where(journey_coupon_touch(), JourneyTouch.journey_id == journey_id)
        .limit(1)
        .scalar_subquery()
    )
    sales = frame(
        session,
        select(kind, func.sum(Order.amount), func.sum(Order.net_amount))
        .select_from(Order)
        .join(Coupon, Coupon.code == Order.coupon_code)
        .join(Member, Member.id == Coupon.member_id)
        .where(
            Order.coupon_code.is_not(None),
            Order.net_amount.is_not(None),
            granted_here.is_not(None),
            *period(Coupon.granted_at, since, until),
        )
        .group_by(kind)
        # The few orders that used a coupon, found by their code, whatever the statistics say.
        .with_hint(Order, "INDEXED BY ix_orders_coupon_code", "sqlite"),
        ["member_type", "sales_with_coupon", "paid_with_coupon"],
        money=("sales_with_coupon", "paid_with_coupon"),
    )
    return counts, sales
