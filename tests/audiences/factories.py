"""Deterministic test data for audiences: members with orders, items, events and tags.

:func:`population` builds plain rows (so tests can compute expectations from them with
pandas) and :func:`insert_population` writes them with bulk inserts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from app.audiences.rfm.segments import UNSCORED_SEGMENTS, segment_for
from app.ingestion.facts import refresh_order_facts, settle_net_amounts
from app.models import Category, Event, Member, MemberTag, Order, OrderItem, Product

NOW = datetime(2025, 6, 15, 12, 0, tzinfo=UTC)
CITIES = ["Shanghai", "Beijing", "Hangzhou", "O'Brien Town", "100%_City", "上海浦东", None]
TIMEZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York"]
TAGS = ["vip", "newsletter", "test's tag", "50%_off"]
CATEGORIES = ["coffee", "tea", "snacks", "gear"]


@dataclass
class Population:
    members: list[dict] = field(default_factory=list)
    orders: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    tags: list[dict] = field(default_factory=list)
    products: list[dict] = field(default_factory=list)
    categories: list[dict] = field(default_factory=list)


def _attributes(rnd: random.Random) -> dict:
    attrs = {}
    if rnd.random() < 0.7:
        attrs["age"] = rnd.randint(16, 70)
    if rnd.random() < 0.5:
        attrs["vip"] = rnd.random() < 0.4
    if rnd.random() < 0.6:
        attrs["source"] = rnd.choice(["app", "pos", "mini_program", "it's 100%"])
    if rnd.random() < 0.5:
        attrs["last_visit"] = (NOW.date() - timedelta(days=rnd.randint(0, 400))).isoformat()
    if rnd.random() < 0.3:
        attrs["score"] = rnd.choice(["5", 5, 7.5, None])
    return attrs


def population(n: int = 300, seed: int = 7, now: datetime = NOW) -> Population:
    """Rows for ``n`` members and their behaviour, the same for the same seed."""
    rnd = random.Random(seed)
    pop = Population()
    pop.categories = [
        {"id": i + 1, "key": key, "name": key.title()} for i, key in enumerate(CATEGORIES)
    ]
    pop.products = [
        {
            "id": i + 1,
            "sku": f"SKU-{i + 1}",
            "name": f"Product {i + 1}",
            "category_id": i % 4 + 1,
            "price": Decimal("10"),
        }
        for i in range(10)
    ]
    for mid in range(1, n + 1):
        birthday = None
        if rnd.random() < 0.85:
            birthday = date(1960, 1, 1) + timedelta(days=rnd.randint(0, 16000))
            if mid % 37 == 0:
                birthday = date(1992, 2, 29)
            if mid % 41 == 0:
                birthday = date(
                    1990, (now + timedelta(days=mid % 9)).month, (now + timedelta(days=mid % 9)).day
                )
        r, f, m = (rnd.randint(1, 5) for _ in range(3))
        scored = rnd.random() < 0.8
        pop.members.append(
            {
                "id": mid,
                "external_id": f"m{mid}",
                "gender": rnd.choice(["female", "male", "other", "unknown"]),
                "city": rnd.choice(CITIES),
                "birthday": birthday,
                "birthday_mmdd": birthday.month * 100 + birthday.day if birthday else None,
                "registered_at": now
                - timedelta(days=rnd.randint(0, 900), seconds=rnd.randint(0, 86399)),
                "timezone": rnd.choice(TIMEZONES),
                "tier": rnd.choice(["basic", "silver", "gold", "platinum", "diamond"]),
                "points_balance": rnd.randint(0, 5000),
                "attributes": _attributes(rnd),
                "consent_email": rnd.random() < 0.6,
                "consent_sms": rnd.random() < 0.5,
                "consent_push": rnd.random() < 0.4,
                "rfm_r": r if scored else None,
                "rfm_f": f if scored else None,
                "rfm_m": m if scored else None,
                "rfm_segment": segment_for(r, f, m) if scored else UNSCORED_SEGMENTS[mid % 2],
            }
        )
        _behaviour(rnd, pop, mid, now)
    _denormalise(pop)
    return pop


def _behaviour(rnd: random.Random, pop: Population, mid: int, now: datetime) -> None:
    n_orders = 0 if rnd.random() < 0.3 else rnd.randint(1, 8)
    for _ in range(n_orders):
        oid = len(pop.orders) + 1
        pop.orders.append(
            {
                "id": oid,
                "external_id": f"o{oid}",
                "member_id": mid,
                "amount": Decimal(rnd.randint(1000, 50000)) / 100,
                "paid_at": now - timedelta(days=rnd.randint(0, 700), seconds=rnd.randint(0, 86399)),
            }
        )
        _settlement(random.Random(oid * 7919 + mid), pop.orders[-1])
        for _ in range(rnd.randint(1, 3)):
            product = rnd.choice(pop.products)
            pop.items.append(
                {
                    "id": len(pop.items) + 1,
                    "order_id": oid,
                    "product_id": product["id"],
                    "category_id": product["category_id"],
                    "quantity": 1,
                    "unit_price": Decimal("10"),
                }
            )
    for _ in range(rnd.randint(0, 10)):
        etype = rnd.choice(["login", "page_view", "cart_abandoned", "custom"])
        props = {}
        if rnd.random() < 0.6:
            props["amount"] = rnd.choice([rnd.randint(0, 500), str(rnd.randint(0, 500))])
        if rnd.random() < 0.5:
            props["page"] = rnd.choice(["home", "cart", "sale_50%", "o'clock"])
        pop.events.append(
            {
                "id": len(pop.events) + 1,
                "member_id": mid,
                "type": etype,
                "name": rnd.choice(["quiz", "game"]) if etype == "custom" else None,
                "occurred_at": now
                - timedelta(days=rnd.randint(0, 120), seconds=rnd.randint(0, 86399)),
                "properties": props,
            }
        )
    for tag in TAGS:
        if rnd.random() < 0.25:
            pop.tags.append({"member_id": mid, "tag": tag, "source": "manual"})


def _settlement(rnd: random.Random, order: dict) -> None:
    """Status, discount and refunds of an order: most are paid in full, some discounted
    (a few down to 0, or free from the start), some partly or fully refunded, some
    cancelled or never paid. Its own random stream, so the rest of the data stays put."""
    amount = order["amount"]
    roll = rnd.random()
    discount = refunded = Decimal("0")
    status = "paid"
    if roll < 0.04:
        amount = Decimal("0")
    elif roll < 0.08:
        discount = amount
    elif roll < 0.30:
        discount = (amount * Decimal(rnd.randint(5, 95)) / 100).quantize(Decimal("0.01"))
    roll = rnd.random()
    if roll < 0.06:
        status = "cancelled"
    elif roll < 0.10:
        status = "placed"
    elif roll < 0.16:
        status, refunded = "refunded", amount - discount
    elif roll < 0.24:
        refunded = ((amount - discount) * Decimal(rnd.randint(1, 99)) / 100).quantize(
            Decimal("0.01")
        )
    order.update(amount=amount, discount=discount, refunded=refunded, status=status)


def purchase_amount(order: dict) -> Decimal | None:
    """What the member paid for ``order`` net of discount and refunds, or None when the order
    is not a purchase (not paid, or fully refunded): the test's own statement of the rule."""
    if order["status"] != "paid":
        return None
    return order["amount"] - order["discount"] - order["refunded"]


def _denormalise(pop: Population) -> None:
    by_member: dict[int, list[dict]] = {}
    for order in pop.orders:
        if purchase_amount(order) is not None:
            by_member.setdefault(order["member_id"], []).append(order)
    for member in pop.members:
        orders = by_member.get(member["id"], [])
        member["orders_count"] = len(orders)
        member["total_spent"] = sum((purchase_amount(o) for o in orders), Decimal("0"))
        member["first_order_at"] = min((o["paid_at"] for o in orders), default=None)
        member["last_order_at"] = max((o["paid_at"] for o in orders), default=None)


def insert_population(session, pop: Population) -> None:
    """Write ``pop`` with bulk inserts and commit.

    Orders go in as the shop sends them (status, amount, discount, refunds); their net
    amounts and the members' order facts are then settled by ingestion's own statements,
    so tests compare what the app stored with what the rows say.
    """
    for model, rows in (
        (Category, pop.categories),
        (Product, pop.products),
        (Member, pop.members),
        (Order, pop.orders),
        (OrderItem, pop.items),
        (Event, pop.events),
        (MemberTag, pop.tags),
    ):
        if rows:
            session.execute(insert(model), rows)
    settle_net_amounts(select(Order.id))
    refresh_order_facts(select(Member.id))
    session.commit()
    _reset_sequences(session)


def _reset_sequences(session) -> None:
    """On PostgreSQL, move id sequences past the explicit ids used here."""
    if session.get_bind().dialect.name != "postgresql":
        return
    from sqlalchemy import text

    for table in (
        "categories",
        "products",
        "members",
        "orders",
        "order_items",
        "events",
        "member_tags",
    ):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}"
            )
        )
    session.commit()


def member_row(mid: int, **overrides) -> dict:
    """A minimal member row for small tests."""
    row = {
        "id": mid,
        "external_id": f"m{mid}",
        "registered_at": NOW - timedelta(days=10),
        "attributes": {},
    }
    row.update(overrides)
    return row
