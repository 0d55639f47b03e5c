"""What every stored order sets off, the same for the API, bulk and CSV paths.

In the ingestion transaction: the net amount is settled from status, discount and refunds;
members' order facts are recomputed; an order that counts as a purchase is itself the
``order_paid`` fact that journeys listen to (goals, wait-for-event nodes, event entries),
stored once per order; an invitee's first paid order emits ``referral_first_order``
(``app.referrals``); then ``orders_stored`` earns (or claws back) points and attributes
the orders to journeys.
"""

from __future__ import annotations

from sqlalchemy import select

from app.engine.clock import current_clock
from app.extensions import db
from app.ingestion.events import insert_events
from app.ingestion.facts import refresh_order_facts, settle_net_amounts
from app.ingestion.signals import StoredRow, orders_stored
from app.models import Coupon, Order
from app.models.base import utcnow
from app.referrals.first_orders import settle_first_orders
from app.reports.coupon_days import coupon_days_kept

orders = Order.__table__


def paid_event_id(order_id: int) -> str:
    """The external id of the ``order_paid`` event of an order: one per order, ever."""
    return f"order:{order_id}"


def orders_settled(rows: list[StoredRow], member_ids) -> None:
    """Settle the stored orders ``rows``; ``member_ids`` (ids or a SELECT) are the members
    whose facts may have changed."""
    order_ids = [row.id for row in rows]
    settle_net_amounts(order_ids)
    # A member's earlier purchases decide their type at their coupons' grants.
    with coupon_days_kept(db.session, Coupon.member_id.in_(member_ids)):
        refresh_order_facts(member_ids)
    _announce_paid(order_ids)
    settle_first_orders(db.session, order_ids, current_clock().now())
    orders_stored.send(db.session, rows=rows)


def _announce_paid(order_ids: list[int]) -> None:
    paid = db.session.execute(
        select(
            orders.c.id,
            orders.c.external_id,
            orders.c.member_id,
            orders.c.paid_at,
            orders.c.amount,
            orders.c.discount,
            orders.c.net_amount,
            orders.c.channel,
            orders.c.coupon_code,
        ).where(orders.c.id.in_(order_ids), orders.c.net_amount.is_not(None))
    ).all()
    if not paid:
        return
    now = utcnow()
    insert_events(
        [
            {
                "external_id": paid_event_id(o.id),
                "member_id": o.member_id,
                "type": "order_paid",
                "name": None,
                "occurred_at": o.paid_at,
                "properties": {
                    "order_id": o.external_id,
                    "amount": float(o.net_amount),
                    "gross_amount": float(o.amount),
                    "discount": float(o.discount),
                    "channel": o.channel,
                    "coupon_code": o.coupon_code,
                },
                "created_at": now,
            }
            for o in paid
        ]
    )
