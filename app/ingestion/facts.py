"""Keep each member's denormalised order facts exact, with one statement per batch."""

from __future__ import annotations

from sqlalchemy import func, literal, select, update

from app.extensions import db
from app.models import Member, Order

members = Member.__table__
orders = Order.__table__


def _per_member(aggregate):
    return select(aggregate).where(orders.c.member_id == members.c.id).scalar_subquery()


def refresh_order_facts(member_ids) -> None:
    """Recompute first/last order time, order count and total spent for these members.

    ``member_ids`` is a list of ids or a SELECT of ids. Total spent is what members paid:
    the sum of ``amount - discount`` over their orders.
    """
    paid = func.coalesce(func.sum(orders.c.amount - orders.c.discount), literal(0))
    db.session.execute(
        update(members)
        .where(members.c.id.in_(member_ids))
        .values(
            first_order_at=_per_member(func.min(orders.c.paid_at)),
            last_order_at=_per_member(func.max(orders.c.paid_at)),
            orders_count=_per_member(func.count(orders.c.id)),
            total_spent=_per_member(func.round(paid, 2)),
        )
        .execution_options(synchronize_session=False)
    )
