"""Factories for members with orders, items, events and tags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import Category, Event, Member, MemberTag, Order, OrderItem, Product

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def make_members(app):
    """Insert members from dicts of column values; returns them in insertion order."""

    def make(*specs: dict) -> list[Member]:
        members = []
        for n, spec in enumerate(specs, start=1):
            values = {"external_id": f"EXT-{n}", "name": f"Member {n}", "tier": "basic"}
            values.update(spec)
            members.append(Member(**values))
        db.session.add_all(members)
        db.session.commit()
        return members

    return make


@pytest.fixture
def member_with_history(make_members):
    """A gold member with tags, two orders with items and three events."""
    (member,) = make_members(
        {
            "name": "王小明",
            "email": "xiaoming@example.com",
            "phone": "13800001111",
            "tier": "gold",
            "birthday": datetime(1990, 5, 4).date(),
            "consent_sms": True,
            "unsubscribed_email_at": T0,
            "orders_count": 2,
            "total_spent": Decimal("407.50"),
            "first_order_at": T0,
            "last_order_at": T0 + timedelta(days=20),
            "rfm_r": 4,
            "rfm_f": 2,
            "rfm_m": 3,
            "rfm_segment": "promising",
            "attributes": {"signup_channel": "app"},
        }
    )
    category = Category(key="coffee_beans", name="咖啡豆")
    db.session.add(category)
    db.session.flush()
    product = Product(sku="CB-1", name="咖啡豆 250g", category_id=category.id, price=Decimal("98"))
    db.session.add(product)
    db.session.flush()
    first = Order(external_id="O-1", member_id=member.id, amount=Decimal("196.00"), paid_at=T0)
    second = Order(
        external_id="O-2",
        member_id=member.id,
        amount=Decimal("211.50"),
        discount=Decimal("50.00"),
        paid_at=T0 + timedelta(days=20),
        channel="pos",
        store="上海南京西路店",
        coupon_code="SPEND200GET50",
    )
    db.session.add_all([first, second])
    db.session.flush()
    db.session.add_all(
        [
            OrderItem(
                order_id=first.id,
                product_id=product.id,
                category_id=category.id,
                quantity=2,
                unit_price=Decimal("98.00"),
            ),
            OrderItem(order_id=second.id, quantity=1, unit_price=Decimal("261.50")),
            MemberTag(member_id=member.id, tag="vip", source="rule"),
            MemberTag(member_id=member.id, tag="coffee_lover", source="manual"),
            Event(member_id=member.id, type="registered", occurred_at=T0 - timedelta(days=3)),
            Event(
                member_id=member.id,
                type="page_view",
                occurred_at=T0 + timedelta(days=1),
                properties={"page": "/products/CB-1"},
            ),
            Event(
                member_id=member.id,
                type="custom",
                name="quiz_done",
                occurred_at=T0 + timedelta(days=2),
            ),
        ]
    )
    db.session.commit()
    return member
