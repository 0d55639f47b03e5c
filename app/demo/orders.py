"""Orders and their items for a chunk of members, from each member's purchase plan.

Money is in integer cents throughout, so a member's ``total_spent`` equals the sum of what
their orders paid exactly. Here an order's ``amount`` is what was paid: its items' value
minus ``discount``; it is stored as ``orders.net_amount``, with the items' value as
``orders.amount`` (see :mod:`app.demo.chunk`). Demo orders are all paid, none refunded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from app.demo.catalogue import COUPONS, PRODUCT_WEIGHTS, PRODUCTS, STORES
from app.demo.clock import DAY, epoch
from app.demo.population import MemberChunk

CHANNELS = np.array(["online", "pos", "mini_program"])
PRICES = np.array([p.price_cents for p in PRODUCTS], dtype=np.int64)


@dataclass
class OrderChunk:
    """Orders (one entry per order) and items (one entry per item) as numpy columns."""

    ids: np.ndarray
    member_index: np.ndarray  # position of the order's member in the MemberChunk
    paid_at: np.ndarray
    amount: np.ndarray
    discount: np.ndarray
    channel: np.ndarray
    store: np.ndarray
    coupon_code: np.ndarray
    item_order_id: np.ndarray
    item_product: np.ndarray
    item_quantity: np.ndarray
    item_unit_price: np.ndarray


def _paid_times(rng: np.random.Generator, members: MemberChunk, now_s: int):
    n = members.n_orders
    member_index = np.repeat(np.arange(len(n)), n)
    starts = np.cumsum(n) - n
    k = np.arange(int(n.sum())) - np.repeat(starts, n)
    count = n[member_index]
    last = now_s - members.last_days[member_index] * DAY
    interior = (k > 0) & (k < count - 1)
    steps = np.maximum(count - 1, 1)
    # Ordinary members: spread between first and last order, jittered but never reordered.
    frac = np.where(count > 1, k / steps, 1.0)
    frac = frac + np.where(interior, (rng.random(len(k)) - 0.5) * 0.6 / steps, 0.0)
    spread = last - (1 - frac) * members.span_days[member_index] * DAY
    # Repeat buyers: one order per replenish interval, give or take a day.
    interval = members.interval_days[member_index] * DAY
    regular = (
        last - (count - 1 - k) * interval + np.where(interior, rng.normal(0, 0.4, len(k)), 0) * DAY
    )
    repeat = members.repeat_product[member_index] >= 0
    paid = np.where(repeat, regular, spread).astype(np.int64)
    paid = np.clip(paid, members.registered_at[member_index], now_s - 60)
    return member_index, paid, repeat


def build_orders(
    rng: np.random.Generator, members: MemberChunk, first_order_id: int, now: datetime
) -> OrderChunk:
    """Orders with items for every member of the chunk that has a purchase plan."""
    member_index, paid_at, repeat = _paid_times(rng, members, epoch(now))
    n = len(paid_at)
    ids = first_order_id + np.arange(n, dtype=np.int64)

    per_order = 1 + (rng.random(n) < 0.35) + (rng.random(n) < 0.1)
    item_order = np.repeat(np.arange(n), per_order)
    position = np.arange(len(item_order)) - np.repeat(np.cumsum(per_order) - per_order, per_order)
    weights = np.asarray(PRODUCT_WEIGHTS, dtype=float)
    product = rng.choice(len(PRODUCTS), size=len(item_order), p=weights / weights.sum())
    own = members.repeat_product[member_index][item_order]
    product = np.where((position == 0) & (own >= 0), own, product)
    quantity = 1 + (rng.random(len(item_order)) < 0.15) + (rng.random(len(item_order)) < 0.05)
    unit_price = PRICES[product]
    gross = np.bincount(item_order, weights=quantity * unit_price, minlength=n).astype(np.int64)

    coupon = rng.integers(0, len(COUPONS), size=n)
    coupon_value = np.array([c[1] for c in COUPONS], dtype=np.int64)[coupon]
    with_coupon = (rng.random(n) < 0.18) & (gross >= 2 * coupon_value)
    discount = np.where(with_coupon, coupon_value, 0)
    coupon_code = np.where(with_coupon, np.array([c[0] for c in COUPONS])[coupon], None)

    channel = CHANNELS[rng.choice(3, size=n, p=[0.45, 0.35, 0.2])]
    store = np.where(channel == "pos", np.array(STORES)[rng.integers(0, len(STORES), n)], None)
    return OrderChunk(
        ids=ids,
        member_index=member_index,
        paid_at=paid_at,
        amount=gross - discount,
        discount=discount,
        channel=channel,
        store=store,
        coupon_code=coupon_code,
        item_order_id=ids[item_order],
        item_product=product,
        item_quantity=quantity,
        item_unit_price=unit_price,
    )


def member_facts(members: MemberChunk, orders: OrderChunk) -> dict[str, np.ndarray]:
    """First and last order time (-1 when none), order count, spend in cents, and the ids
    of the first two orders and the second's time (-1 when none), per member."""
    size = len(members.ids)
    count = np.bincount(orders.member_index, minlength=size)
    spent = np.bincount(orders.member_index, weights=orders.amount, minlength=size).astype(np.int64)
    first = np.full(size, np.iinfo(np.int64).max)
    last = np.full(size, -1, dtype=np.int64)
    np.minimum.at(first, orders.member_index, orders.paid_at)
    np.maximum.at(last, orders.member_index, orders.paid_at)
    first[count == 0] = -1
    # Each member's orders by (paid_at, id): their first two purchases.
    ranked = np.lexsort((orders.ids, orders.paid_at, orders.member_index))
    starts = np.searchsorted(orders.member_index[ranked], np.arange(size))
    first_id = np.full(size, -1, dtype=np.int64)
    second_id = np.full(size, -1, dtype=np.int64)
    second = np.full(size, -1, dtype=np.int64)
    first_id[count > 0] = orders.ids[ranked[starts[count > 0]]]
    second_id[count > 1] = orders.ids[ranked[starts[count > 1] + 1]]
    second[count > 1] = orders.paid_at[ranked[starts[count > 1] + 1]]
    return {
        "first": first,
        "last": last,
        "count": count,
        "spent_cents": spent,
        "first_id": first_id,
        "second_id": second_id,
        "second": second,
    }
