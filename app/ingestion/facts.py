"""Keep each order's net amount and each member's denormalised order facts exact, with one
statement per batch.

Spend has one definition (``docs/attribution.md``): what the member paid net of discount and
refunds, on orders that count as purchases (status ``paid``; a partial refund keeps an order
paid). ``orders.net_amount`` holds it, NULL for orders that do not count.
"""

from __future__ import annotations

from sqlalchemy import case, func, literal, select, update

from app.extensions import db
from app.models import Member, Order

members = Member.__table__
orders = Order.__table__

#: The net paid amount of an order as stored in ``orders.net_amount``.
NET_AMOUNT = case(
    (orders.c.status == "paid", orders.c.amount - orders.c.discount - orders.c.refunded),
    else_=None,
)


def settle_net_amounts(order_ids) -> None:
    """Set ``net_amount`` from status, amount, discount and refunds for these orders."""
    db.session.execute(
        update(orders)
        .where(orders.c.id.in_(order_ids))
        .values(net_amount=NET_AMOUNT)
        .execution_options(synchronize_session=False)
    )


def _per_member(aggregate):
    return (
        select(aggregate)
        .where(orders.c.member_id == members.c.id, orders.c.net_amount.is_not(None))
        .scalar_subquery()
    )


def _nth_purchase(offset: int, column=orders.c.id):
    """``column`` of the member's purchase at ``offset`` in the order ``(paid_at, id)``."""
    return (
        select(column)
        .where(orders.c.member_id == members.c.id, orders.c.net_amount.is_not(None))
        .order_by(orders.c.paid_at, orders.c.id)
        .limit(1)
        .offset(offset)
        .scalar_subquery()
    )


def refresh_order_facts(member_ids) -> None:
    """Recompute first/last order time, order count, total spent and the first two
    purchases (``first_order_id``, ``second_order_id``, ``second_order_at``) for these
    members.

    ``member_ids`` is a list of ids or a SELECT of ids. Only orders that count as purchases
    are counted, and total spent is the sum of their net amounts.
    """
    paid = func.coalesce(func.sum(orders.c.net_amount), literal(0))
    db.session.execute(
        update(members)
        .where(members.c.id.in_(member_ids))
        .values(
            first_order_at=_per_member(func.min(orders.c.paid_at)),
            last_order_at=_per_member(func.max(orders.c.paid_at)),
            orders_count=_per_member(func.count(orders.c.id)),
            total_spent=_per_member(func.round(paid, 2)),
            first_order_id=_nth_purchase(0),
            second_order_id=_nth_purchase(1),
            second_order_at=_nth_purchase(1, orders.c.paid_at),
        )
        .execution_options(synchronize_session=False)
    )
