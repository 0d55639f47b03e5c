"""A member's profile: the member, their tags, predicted scores and run-out dates, latest
orders with items, latest events.

Seven queries whatever the member's history: the member, tags, predicted scores, run-out
dates, the latest orders, all items of those orders in one ``IN`` query, and the latest
events.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from app.engine.clock import current_clock
from app.errors import ApiError
from app.extensions import db
from app.members.serialize import member_detail, money, timestamp
from app.models import Category, Event, Member, MemberTag, Order, OrderItem, Product
from app.predict.insights import member_predictions

LATEST = 50


def _items_by_order(order_ids: list[int]) -> dict[int, list[dict]]:
    if not order_ids:
        return {}
    rows = db.session.execute(
        select(
            OrderItem.order_id,
            Product.sku,
            Product.name.label("product"),
            Category.name.label("category"),
            OrderItem.quantity,
            OrderItem.unit_price,
        )
        .outerjoin(Product, Product.id == OrderItem.product_id)
        .outerjoin(Category, Category.id == OrderItem.category_id)
        .where(OrderItem.order_id.in_(order_ids))
        .order_by(OrderItem.order_id, OrderItem.id)
    )
    items: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        items[row.order_id].append(
            {
                "sku": row.sku,
                "product": row.product,
                "category": row.category,
                "quantity": row.quantity,
                "unit_price": money(row.unit_price),
            }
        )
    return items


def member_profile(member_id: int) -> dict:
    """The profile document of one member; a 404 naming the id when there is none."""
    member = db.session.get(Member, member_id)
    if member is None:
        raise ApiError(404, "not_found", f"No member with id {member_id}.")
    tags = db.session.execute(
        select(MemberTag.tag, MemberTag.source)
        .where(MemberTag.member_id == member_id)
        .order_by(MemberTag.tag)
    ).all()
    orders = db.session.scalars(
        select(Order)
        .where(Order.member_id == member_id)
        .order_by(Order.paid_at.desc(), Order.id.desc())
        .limit(LATEST)
    ).all()
    items = _items_by_order([o.id for o in orders])
    events = db.session.scalars(
        select(Event)
        .where(Event.member_id == member_id)
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .limit(LATEST)
    ).all()
    return {
        "member": member_detail(member),
        "tags": [{"tag": t.tag, "source": t.source} for t in tags],
        "predictions": member_predictions(db.session, member_id, current_clock().now()),
        "orders": [
            {
                "external_id": o.external_id,
                "amount": money(o.amount),
                "discount": money(o.discount),
                "paid_at": timestamp(o.paid_at),
                "channel": o.channel,
                "store": o.store,
                "coupon_code": o.coupon_code,
                "items": items.get(o.id, []),
            }
            for o in orders
        ],
        "events": [
            {
                "type": e.type,
                "name": e.name,
                "occurred_at": timestamp(e.occurred_at),
                "properties": e.properties or {},
            }
            for e in events
        ],
    }
