"""Credit stored orders to journeys, in the ingestion transaction (set-based per batch)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.attribution.credit import CREDIT_COLUMNS, credit
from app.attribution.windows import MAX_WINDOW_DAYS, windows_of
from app.bulk import insert_tuples
from app.models import Order
from app.models.attribution import JourneyTouch, OrderAttribution
from app.reports.arms import arm_totals_kept
from app.reports.coupon_days import coupon_sales_kept
from app.reports.credit_days import credit_days_kept

_touches = JourneyTouch.__table__


@contextmanager
def credits_kept(session: Session, members, coupon_codes=()) -> Iterator[None]:
    """Keep the journeys' credited orders per node and day, their split arms and their
    coupon sales right across a change of the orders of ``members`` (ids, or a SELECT of
    ids, read before the change) that may use ``coupon_codes``: orders stored, settled and
    credited in the same transaction."""
    with (
        credit_days_kept(session, members),
        arm_totals_kept(session, members),
        coupon_sales_kept(session, members, coupon_codes),
    ):
        yield


def attribute_orders(session: Session, order_ids: list[int]) -> int:
    """Credit these orders to the journeys that touched their members; returns the rows added.

    Every order is credited, whatever its status (a placed order makes an ordering member;
    reports count an order as paid by its status when they are read). Orders are credited by
    the time they were paid, so an order stored late (a CSV of last week) is credited as it
    would have been at once. An order credited before keeps its credit.
    """
    if not order_ids:
        return 0
    paid = session.execute(
        select(Order.id.label("order_id"), Order.member_id, Order.paid_at).where(
            Order.id.in_(order_ids)
        )
    ).all()
    if not paid:
        return 0
    orders = pd.DataFrame(paid, columns=["order_id", "member_id", "paid_at"])
    earliest = orders["paid_at"].min().to_pydatetime() - timedelta(days=MAX_WINDOW_DAYS)
    latest = orders["paid_at"].max().to_pydatetime()
    touches = pd.DataFrame(
        session.execute(
            select(
                _touches.c.id.label("touch_id"),
                _touches.c.journey_id,
                _touches.c.journey_member_id,
                _touches.c.member_id,
                _touches.c.node_id,
                _touches.c.at,
            ).where(
                _touches.c.member_id.in_(orders["member_id"].unique().tolist()),
                _touches.c.at >= earliest,
                _touches.c.at <= latest,
            )
        ).all(),
        columns=["touch_id", "journey_id", "journey_member_id", "member_id", "node_id", "at"],
    )
    if touches.empty:
        return 0
    credited = credit(orders, touches, windows_of(session, touches["journey_id"].unique()))
    rows = [
        (
            int(r.order_id),
            int(r.journey_id),
            int(r.journey_member_id),
            int(r.member_id),
            r.node_id,
            int(r.touch_id),
            r.paid_at.to_pydatetime(),
        )
        for r in credited.itertuples(index=False)
    ]
    insert_tuples(
        session,
        OrderAttribution.__table__,
        tuple(CREDIT_COLUMNS),
        rows,
        ignore_conflicts_on=("order_id", "journey_id"),
    )
    return len(rows)
