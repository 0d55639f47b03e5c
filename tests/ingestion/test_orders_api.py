from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.ingestion.signals import orders_stored
from app.models import Category, Member, OrderItem, Product


def order(external_id: str, member: str = "M1", amount="100.00", **extra) -> dict:
    return {
        "external_id": external_id,
        "member_external_id": member,
        "amount": amount,
        "paid_at": "2024-05-01T09:30:00+08:00",
        **extra,
    }


def facts(external_id: str) -> tuple:
    db.session.expire_all()
    m = db.session.scalar(select(Member).where(Member.external_id == external_id))
    first = m.first_order_at.isoformat() if m.first_order_at else None
    last = m.last_order_at.isoformat() if m.last_order_at else None
    return first, last, m.orders_count, m.total_spent


def test_single_order_is_stored_with_items_and_catalog_entries(post, members, counts):
    members("M1")
    item = {"sku": "LATTE", "category": "coffee", "quantity": 2, "unit_price": "30.00"}
    response = post("/api/orders", order("O1", discount="10", items=[item], channel="pos"))
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"created": 1, "updated": 0, "unchanged": 0}
    product = db.session.scalar(select(Product))
    category = db.session.scalar(select(Category))
    assert (product.sku, category.key, product.category_id) == ("LATTE", "coffee", category.id)
    stored = db.session.scalar(select(OrderItem))
    assert (stored.quantity, stored.unit_price, stored.category_id) == (
        2,
        Decimal("30.00"),
        category.id,
    )
    assert counts()["orders"] == 1


def test_member_facts_are_exact_after_orders(post, members):
    members("M1", "M2")
    post(
        "/api/orders/bulk",
        {
            "records": [
                order("O1", amount="100.00", discount="20.00"),
                order("O2", amount="50.50", paid_at="2024-06-01T00:00:00Z"),
                order("O3", member="M2", amount="9.99", paid_at="2023-01-01T00:00:00Z"),
            ]
        },
    )
    assert facts("M1") == (
        "2024-05-01T01:30:00+00:00", "2024-06-01T00:00:00+00:00", 2, Decimal("130.50"),
    )  # fmt: skip
    assert facts("M2")[2:] == (1, Decimal("9.99"))


def test_reposting_an_order_updates_it_or_is_a_no_op(post, members, counts):
    members("M1", "M2")
    item = {"sku": "BEANS", "quantity": 1, "unit_price": "80"}
    assert post("/api/orders", order("O1", items=[item])).get_json()["created"] == 1
    assert post("/api/orders", order("O1", items=[item])).get_json() == {
        "created": 0, "updated": 0, "unchanged": 1,
    }  # fmt: skip
    moved = post(
        "/api/orders", order("O1", member="M2", amount="120", items=[item, item | {"sku": "CUP"}])
    )
    assert moved.get_json() == {"created": 0, "updated": 1, "unchanged": 0}
    assert counts()["orders"] == 1 and counts()["order_items"] == 2
    assert facts("M1")[2:] == (0, Decimal("0"))
    assert facts("M2")[2:] == (1, Decimal("120.00"))


def test_orders_stored_signal_runs_inside_the_transaction(post, members):
    members("M1")
    seen = []

    def receiver(session, rows):
        seen.extend(rows)
        # Inside the transaction: the rows are visible to the receiver's session already.
        assert session.get(Member, rows[0].member_id).orders_count == 1

    with orders_stored.connected_to(receiver):
        post("/api/orders/bulk", {"records": [order("O1"), order("O2")]})
        post("/api/orders/bulk", {"records": [order("O1")]})  # unchanged: no signal rows
    member_id = db.session.scalar(select(Member.id).where(Member.external_id == "M1"))
    assert len(seen) == 2 and {r.member_id for r in seen} == {member_id}
