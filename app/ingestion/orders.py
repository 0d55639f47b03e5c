"""Store orders: upsert by external id, items replaced, member facts kept exact.

Re-posting an order's external id updates the stored order (and replaces its items) when
anything differs, and is a no-op when nothing does; an order is never stored twice.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import delete, insert

from app.attribution.orders import credits_kept
from app.extensions import db
from app.ingestion.batch import (
    StoreResult,
    duplicate_errors,
    hold_write_lock,
    lookup,
    raise_if_any,
    unknown_member_errors,
    upsert,
)
from app.ingestion.catalog import resolve_items
from app.ingestion.schemas import OrderIn
from app.ingestion.settle import orders_settled
from app.ingestion.signals import StoredRow
from app.models import Member, Order, OrderItem
from app.models.base import utcnow

members = Member.__table__
orders = Order.__table__
order_items = OrderItem.__table__

FIELDS = (
    "member_id", "amount", "discount", "paid_at", "status", "refunded", "refunded_at", "channel",
    "store", "coupon_code",
)  # fmt: skip
CENT = Decimal("0.01")


def _order_row(record: OrderIn, member_id: int) -> dict:
    return {
        "external_id": record.external_id,
        "member_id": member_id,
        "amount": record.amount.quantize(CENT),
        "discount": record.discount.quantize(CENT),
        "paid_at": record.paid_at,
        "status": record.status,
        "refunded": record.refunded.quantize(CENT),
        "refunded_at": record.refunded_at,
        "channel": record.channel,
        "store": record.store,
        "coupon_code": record.coupon_code,
    }


def _item_keys(items) -> list[tuple]:
    """Items in a comparable form: (sku, category, quantity, unit price), sorted."""
    return sorted((i[0], i[1], i[2], Decimal(i[3]).quantize(CENT)) for i in items)


def _stored_items(order_ids: list[int]) -> dict[int, list[tuple]]:
    items: dict[int, list[tuple]] = defaultdict(list)
    if order_ids:
        query = db.select(
            order_items.c.order_id,
            order_items.c.product_id,
            order_items.c.category_id,
            order_items.c.quantity,
            order_items.c.unit_price,
        ).where(order_items.c.order_id.in_(order_ids))
        for order_id, *item in db.session.execute(query):
            items[order_id].append(tuple(item))
    return items


def store_orders(records: list[OrderIn]) -> StoreResult:
    """Upsert orders by external id in one transaction; refuse the batch on any problem."""
    errors = duplicate_errors([r.external_id for r in records], "external_id")
    member_ids = lookup(
        members.c.external_id, (r.member_external_id for r in records), members.c.id
    )
    errors += unknown_member_errors(member_ids, records)
    raise_if_any(errors)

    hold_write_lock(orders)
    stored = lookup(
        orders.c.external_id,
        (r.external_id for r in records),
        orders.c.id,
        *(orders.c[f] for f in FIELDS),
    )
    catalog = resolve_items([i for r in records for i in r.items])
    old_items = _stored_items([row[0] for row in stored.values()])

    result = StoreResult()
    changed: list[tuple[OrderIn, dict]] = []
    affected_members: set[int] = set()
    for record in records:
        row = _order_row(record, member_ids[record.member_external_id])
        old = stored.get(record.external_id)
        if old is None:
            result.created += 1
        else:
            items = [
                (catalog.product_id(i), catalog.category_id(i), i.quantity, i.unit_price)
                for i in record.items
            ]
            same = all(a == row[f] for f, a in zip(FIELDS, old[1:], strict=True))
            if same and _item_keys(items) == _item_keys(old_items.get(old[0], [])):
                result.unchanged += 1
                continue
            result.updated += 1
            affected_members.add(old[1])
        changed.append((record, row))
    if not changed:
        return result

    # The members whose orders change, read before they do (the journeys' kept figures).
    touched = affected_members | {row["member_id"] for _, row in changed}
    codes = sorted({r.coupon_code for r, _ in changed if r.coupon_code})
    with credits_kept(db.session, sorted(touched), codes):
        _write(changed, stored, catalog, affected_members)
    return result


def _write(changed, stored, catalog, affected_members: set[int]) -> None:
    now = utcnow()
    stmt = upsert(orders)
    stmt = stmt.on_conflict_do_update(
        index_elements=["external_id"], set_={f: stmt.excluded[f] for f in FIELDS}
    ).returning(orders.c.id, orders.c.member_id, orders.c.external_id)
    rows = db.session.execute(stmt, [row | {"created_at": now} for _, row in changed]).all()
    order_ids = {external_id: order_id for order_id, _, external_id in rows}

    replaced = [order_ids[r.external_id] for r, _ in changed if r.external_id in stored]
    if replaced:
        db.session.execute(delete(order_items).where(order_items.c.order_id.in_(replaced)))
    items = [
        {
            "order_id": order_ids[record.external_id],
            "product_id": catalog.product_id(item),
            "category_id": catalog.category_id(item),
            "quantity": item.quantity,
            "unit_price": item.unit_price,
        }
        for record, _ in changed
        for item in record.items
    ]
    if items:
        db.session.execute(insert(order_items), items)

    affected_members.update(member_id for _, member_id, _ in rows)
    orders_settled(
        [StoredRow(order_id, member_id) for order_id, member_id, _ in rows],
        sorted(affected_members),
    )
