"""A small shop written to the real tables: members who buy again, baskets that go
together, product views and cart adds, and run-out dates, before and after a cutoff."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from app.extensions import db
from app.models import Event, Member, MemberReplenishment, Order, OrderItem, Product

NOW = datetime(2026, 6, 1, tzinfo=UTC)
SKUS = ("BEANS", "MILK", "CUPS", "FORMULA", "DIAPERS", "SCARF", "TEA")


def build_shop(members: int = 90, seed: int = 3) -> dict:
    """Write the shop; returns ``{"products": {sku: id}, "members": [ids]}``."""
    rnd = random.Random(seed)
    db.session.execute(
        insert(Product),
        [{"sku": s, "name": s.title(), "price": Decimal(10 + 5 * i)} for i, s in enumerate(SKUS)],
    )
    products = dict(db.session.execute(select(Product.sku, Product.id)).all())
    db.session.execute(
        insert(Member), [{"external_id": f"r{i}", "timezone": "UTC"} for i in range(members)]
    )
    ids = list(db.session.scalars(select(Member.id).order_by(Member.id)))
    orders, items, events = [], [], []
    order_no = 0
    for n, mid in enumerate(ids):
        if n % 9 == 8:
            continue  # no history at all
        habit = rnd.choice(["coffee", "baby", "mixed"])
        for _ in range(rnd.randint(1, 7)):
            at = NOW - timedelta(days=rnd.uniform(1, 300), minutes=n)
            if habit == "coffee":
                basket = ["BEANS"] + (["MILK"] if rnd.random() < 0.6 else [])
            elif habit == "baby":
                basket = ["FORMULA"] + (["DIAPERS"] if rnd.random() < 0.7 else [])
            else:
                basket = rnd.sample(SKUS, rnd.randint(1, 2))
            if rnd.random() < 0.2:
                basket.append(rnd.choice(SKUS))
            order_no += 1
            orders.append(
                {
                    "id": order_no,
                    "external_id": f"o{order_no}",
                    "member_id": mid,
                    "amount": Decimal(50),
                    "paid_at": at,
                    "status": "paid",
                    "net_amount": Decimal(50),
                }
            )
            items += [
                {"order_id": order_no, "product_id": products[s], "unit_price": Decimal(10)}
                for s in basket
            ]
        for _ in range(rnd.randint(0, 3)):
            sku = rnd.choice(SKUS)
            kind = rnd.choice(["page_view", "cart_add"])
            props = {"page": f"/products/{sku}"} if kind == "page_view" else {"sku": sku}
            events.append(
                {
                    "member_id": mid,
                    "type": kind,
                    "occurred_at": NOW - timedelta(days=rnd.uniform(1, 300)),
                    "properties": props,
                }
            )
    # A cancelled order and an item without a product count for nothing.
    orders.append(
        {
            "id": order_no + 1,
            "external_id": "cancelled",
            "member_id": ids[0],
            "amount": Decimal(50),
            "paid_at": NOW - timedelta(days=3),
            "status": "cancelled",
            "net_amount": None,
        }
    )
    items.append({"order_id": order_no + 1, "product_id": products["SCARF"], "unit_price": 1})
    db.session.execute(insert(Order), orders)
    db.session.execute(insert(OrderItem), items)
    db.session.execute(insert(Event), events)
    # Member 2 runs out of tea in 5 days, member 3 ran out 60 days ago (too long ago).
    db.session.execute(
        insert(MemberReplenishment),
        [
            {
                "member_id": ids[1],
                "product_id": products["TEA"],
                "purchases": 2,
                "last_bought_at": NOW - timedelta(days=25),
                "interval_days": 30.0,
                "runs_out_at": NOW + timedelta(days=5),
            },
            {
                "member_id": ids[2],
                "product_id": products["TEA"],
                "purchases": 2,
                "last_bought_at": NOW - timedelta(days=90),
                "interval_days": 30.0,
                "runs_out_at": NOW - timedelta(days=60),
            },
        ],
    )
    db.session.commit()
    return {"products": products, "members": ids}
