"""Orders through their lifecycle: placed, paid, refunded in part or whole, cancelled, free.

Spend is recomputed from the rows posted (plain arithmetic), not from the code's formula.
"""

from __future__ import annotations

import io
from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.ingestion.imports import run_import
from app.models import EarningRule, Event, Member, Order, PointsEntry


def order(external_id: str, **extra) -> dict:
    return {
        "external_id": external_id,
        "member_external_id": "M1",
        "amount": "100.00",
        "paid_at": "2026-03-02T04:00:00Z",
        **extra,
    }


def member() -> Member:
    db.session.expire_all()
    return db.session.scalar(select(Member).where(Member.external_id == "M1"))


def net(external_id: str):
    db.session.expire_all()
    return db.session.scalar(select(Order.net_amount).where(Order.external_id == external_id))


def test_spend_is_paid_net_of_discount_and_refunds(post, members):
    members("M1")
    records = [
        order("A", amount="500.00", discount="490.00"),  # paid 10
        order("B", amount="120.00", discount="20.00", refunded="30.00"),  # paid 100, 30 back
        order("C", amount="0.00"),  # free
        order("D", amount="80.00", status="refunded"),  # all paid back
        order("E", amount="60.00", status="cancelled"),
        order("F", amount="70.00", status="placed"),
    ]
    assert post("/api/orders/bulk", {"records": records}).status_code == 200
    m = member()
    assert (m.orders_count, m.total_spent) == (3, Decimal("80.00"))  # A, B, C; 10 + 70 + 0
    assert [net(x) for x in "ABCDEF"] == [
        Decimal("10"),
        Decimal("70"),
        Decimal("0"),
        None,
        None,
        None,
    ]
    refunded = db.session.scalar(select(Order.refunded).where(Order.external_id == "D"))
    assert refunded == Decimal("80.00")


def test_a_placed_order_counts_once_paid_and_stops_counting_once_cancelled(post, members):
    members("M1")
    post("/api/orders", order("P", status="placed"))
    assert member().orders_count == 0
    post("/api/orders", order("P", status="paid"))
    assert (member().orders_count, member().total_spent) == (1, Decimal("100.00"))
    post("/api/orders", order("P", status="cancelled"))
    assert (member().orders_count, member().total_spent) == (0, Decimal("0"))


def test_a_paid_order_is_the_order_paid_fact_once(post, members):
    members("M1")
    post("/api/orders", order("P", status="placed"))
    assert db.session.scalars(select(Event)).all() == []
    for _ in range(2):
        post("/api/orders", order("P", amount="100.00", discount="15.00"))
    post("/api/orders", order("P", amount="100.00", discount="15.00", refunded="5.00"))
    events = db.session.scalars(select(Event)).all()
    assert len(events) == 1
    assert (events[0].type, events[0].properties["amount"]) == ("order_paid", 85.0)
    assert events[0].properties["order_id"] == "P"


def test_refunds_claw_back_the_points_they_paid_back(post, members):
    db.session.add(EarningRule(key="base", name="Base", bands=[{"min_amount": 0, "rate": 1}]))
    db.session.commit()
    members("M1")
    post("/api/orders", order("R", amount="200.00"))
    assert member().points_balance == 200
    post("/api/orders", order("R", amount="200.00", refunded="50.00"))
    assert member().points_balance == 150  # a quarter paid back
    post("/api/orders", order("R", amount="200.00", refunded="50.00"))
    assert member().points_balance == 150  # the same refund books once
    post("/api/orders", order("R", amount="200.00", status="refunded"))
    assert member().points_balance == 0
    ledger = db.session.scalars(select(PointsEntry.points).order_by(PointsEntry.id)).all()
    assert ledger == [200, -50, -150] and sum(ledger) == member().points_balance


def test_a_refund_beyond_what_was_paid_is_refused_and_writes_nothing(post, members, counts):
    members("M1")
    before = counts()
    response = post("/api/orders", order("X", discount="20.00", refunded="80.01"))
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "refunded"
    assert counts() == before


def test_csv_orders_take_status_refunds_and_free_orders(app):
    members = "external_id,name,registered_at\nM1,x,2024-01-01T00:00:00Z\n"
    assert run_import("members", io.BytesIO(members.encode())).ok
    orders = (
        "external_id,member_external_id,amount,discount,paid_at,status,refunded\n"
        "O1,M1,0.00,0,2024-02-01T00:00:00Z,,\n"
        "O2,M1,100,10,2024-02-02T00:00:00Z,paid,40\n"
        "O3,M1,50,0,2024-02-03T00:00:00Z,refunded,\n"
        "O4,M1,70,0,2024-02-04T00:00:00Z,placed,\n"
    )
    report = run_import("orders", io.BytesIO(orders.encode()))
    assert report.ok, report.errors
    assert [net(x) for x in ("O1", "O2", "O3", "O4")] == [Decimal("0"), Decimal("50"), None, None]
    m = member()
    assert (m.orders_count, m.total_spent) == (2, Decimal("50.00"))
    assert [e.type for e in db.session.scalars(select(Event))] == ["order_paid", "order_paid"]
    bad = "external_id,member_external_id,amount,discount,paid_at,refunded\nO9,M1,10,5,2024-02-01T00:00:00Z,6\n"
    report = run_import("orders", io.BytesIO(bad.encode()))
    assert not report.ok and report.errors[0]["column"] == "refunded"
