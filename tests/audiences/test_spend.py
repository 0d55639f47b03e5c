"""One definition of spend in audiences: what was paid net of discount and refunds, over
purchases only (paid orders, a free one included), in RFM, every order condition and the
preview.

Orders go in through the orders API, as the shop sends them; expectations are recomputed
from the raw order columns with plain SQL written here, not with the app's queries.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from app.audiences.preview import preview
from app.audiences.rfm.facts import order_facts
from app.audiences.rfm.refresh import refresh_rfm
from app.audiences.rules.compiler import matching_member_ids
from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Member
from tests.audiences.factories import NOW


def at(days_ago: float) -> str:
    return (NOW - timedelta(days=days_ago)).isoformat()


def order(oid, member, amount, days_ago, **extra) -> dict:
    return {
        "external_id": oid,
        "member_external_id": member,
        "amount": amount,
        "paid_at": at(days_ago),
        **extra,
    }


#: Per member: what the shop sent.
ORDERS = [
    order("cheap-1", "cheap", "500.00", 10, discount="490.00"),
    order("full-1", "full", "100.00", 12),
    order("refund-1", "refund", "300.00", 5, status="refunded", refunded_at=at(4)),
    order("refund-2", "refund", "50.00", 100),
    order("free-1", "free", "0", 3, items=[{"sku": "FREE-1", "quantity": 1, "unit_price": "0"}]),
    order("free-2", "free", "40.00", 400, discount="40.00"),
    order(
        "cancel-1",
        "cancelled",
        "200.00",
        2,
        status="cancelled",
        items=[{"sku": "GIFT-1", "quantity": 1, "unit_price": "200.00"}],
    ),
    order("partial-1", "partial", "200.00", 20, discount="20.00", refunded="30.00"),
    order("partial-2", "partial", "80.00", 40),
    order("placed-1", "placed", "80.00", 1, status="placed"),
    order("lapsed-1", "lapsed", "120.00", 500),
]
MEMBERS = sorted({o["member_external_id"] for o in ORDERS} | {"none"})

#: The same rule in plain SQL, over the raw columns the shop sent.
PURCHASES = """
    SELECT m.external_id AS member, o.amount - o.discount - o.refunded AS paid, o.paid_at
    FROM orders o JOIN members m ON m.id = o.member_id
    WHERE o.status = 'paid' AND o.paid_at <= :now AND o.paid_at >= :since
"""


@pytest.fixture
def shop(app, client, token_headers):
    app.extensions["clock"] = VirtualClock(NOW)
    headers = token_headers("members:write", "orders:write")
    members = [{"external_id": m, "registered_at": at(800)} for m in MEMBERS]
    response = client.post("/api/members/bulk", json={"records": members}, headers=headers)
    assert response.status_code == 200, response.get_json()
    response = client.post("/api/orders/bulk", json={"records": ORDERS}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return {"client": client, "headers": headers}


def purchases(days: int | None) -> dict[str, list[float]]:
    """Net paid amounts per member's external id, in the window (all time for None)."""
    since = NOW - timedelta(days=days if days else 100_000)
    rows = db.session.execute(text(PURCHASES), {"now": NOW, "since": since}).all()
    out: dict[str, list[float]] = {m: [] for m in MEMBERS}
    for member, paid, _ in rows:
        out[member].append(round(float(paid), 2))
    return out


def ids_of(external_ids) -> set[int]:
    wanted = set(external_ids)
    rows = db.session.query(Member.id, Member.external_id).all()
    return {i for i, e in rows if e in wanted}


def matching(tree) -> set[int]:
    return matching_member_ids(db.session, tree, NOW)


def test_the_rule_itself(shop):
    # What the shop sent, read by the plain SQL: the figures the audiences must use.
    assert {m: sorted(p) for m, p in purchases(None).items()} == {
        "cheap": [10.0],
        "full": [100.0],
        "refund": [50.0],
        "free": [0.0, 0.0],
        "cancelled": [],
        "partial": [80.0, 150.0],
        "placed": [],
        "lapsed": [120.0],
        "none": [],
    }


def test_rfm_monetary_is_net_paid_and_counts_purchases_only(shop):
    facts = order_facts(db.session, NOW, 365).set_index("member_id")
    want = {m: p for m, p in purchases(365).items() if p}
    by_id = dict(db.session.query(Member.external_id, Member.id).all())
    assert sorted(facts.index) == sorted(by_id[m] for m in want)
    for member, paid in want.items():
        row = facts.loc[by_id[member]]
        assert row["orders"] == len(paid), member
        assert row["revenue"] == pytest.approx(sum(paid)), member
    # The refunded order (5 days ago) dropped out: the last purchase is 100 days old.
    assert facts.loc[by_id["refund"], "last_paid_at"] == NOW - timedelta(days=100)
    # A free order counts as a purchase with spend 0.
    assert (facts.loc[by_id["free"], "orders"], facts.loc[by_id["free"], "revenue"]) == (1, 0.0)

    refresh_rfm(db.session, NOW, 365)
    scores = {
        m.external_id: (m.rfm_f, m.rfm_m, m.rfm_segment) for m in db.session.query(Member).all()
    }
    # Paid 10 on a 500 order with 490 off scores lower M than paying 100.
    assert scores["cheap"][1] < scores["full"][1]
    assert scores["free"][1] == 1
    assert scores["cancelled"][2] == scores["placed"][2] == scores["none"][2] == "Never bought"
    assert scores["lapsed"][2] == "Lost"


def test_a_refund_drops_the_order_out(shop):
    client, headers = shop["client"], shop["headers"]
    refresh_rfm(db.session, NOW, 365)
    before = db.session.query(Member).filter_by(external_id="full").one()
    assert (before.orders_count, float(before.total_spent)) == (1, 100.0)
    assert before.rfm_r is not None
    refund = {**ORDERS[1], "status": "refunded", "refunded_at": at(1)}
    response = client.post("/api/orders", json=refund, headers=headers)
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    assert ids_of(["full"]) & matching({"kind": "no_first_order"})
    assert not ids_of(["full"]) & matching(
        {"kind": "order_count", "window_days": 30, "op": "gte", "value": 1}
    )
    refresh_rfm(db.session, NOW + timedelta(minutes=1), 365)
    after = db.session.query(Member).filter_by(external_id="full").one()
    assert (after.orders_count, float(after.total_spent)) == (0, 0.0)
    assert (after.rfm_r, after.rfm_segment) == (None, "Never bought")


@pytest.mark.parametrize("days", [None, 30, 365])
def test_every_order_condition_uses_net_paid_purchases(shop, days):
    paid = purchases(days)
    everyone = purchases(None)

    def want(pick) -> set[int]:
        return ids_of(m for m in MEMBERS if pick(m))

    def total(m):
        return sum(paid[m])

    cases = [
        (
            {"kind": "total_spend", "window_days": days, "op": "gte", "value": 50},
            lambda m: total(m) >= 50,
        ),
        (
            {"kind": "total_spend", "window_days": days, "op": "lt", "value": 20},
            lambda m: total(m) < 20,
        ),
        (
            {"kind": "total_spend", "window_days": days, "op": "eq", "value": 0},
            lambda m: total(m) == 0,
        ),
        (
            {"kind": "avg_spend", "window_days": days, "op": "lte", "value": 10},
            lambda m: bool(paid[m]) and total(m) / len(paid[m]) <= 10,
        ),
        (
            {"kind": "avg_spend", "window_days": days, "op": "gt", "value": 60},
            lambda m: bool(paid[m]) and total(m) / len(paid[m]) > 60,
        ),
        (
            {"kind": "order_count", "window_days": days, "op": "gte", "value": 1},
            lambda m: len(paid[m]) >= 1,
        ),
        (
            {"kind": "order_count", "window_days": days, "op": "eq", "value": 0},
            lambda m: not paid[m],
        ),
        (
            {"kind": "order_count", "window_days": days, "op": "eq", "value": 2},
            lambda m: len(paid[m]) == 2,
        ),
        ({"kind": "bought", "product": "FREE-1", "window_days": days}, lambda m: m == "free"),
        ({"kind": "bought", "product": "GIFT-1", "window_days": days}, lambda m: False),
    ]
    for tree, pick in cases:
        assert matching(tree) == want(pick), tree
    # Not windowed: never bought, and days since the last purchase (the refunded order of
    # 5 days ago and the cancelled one of 2 days ago do not count).
    assert matching({"kind": "no_first_order"}) == want(lambda m: not everyone[m])
    assert matching({"kind": "days_since_last_order", "op": "lte", "value": 15}) == ids_of(
        ["cheap", "full", "free"]
    )
    assert matching({"kind": "days_since_last_order", "op": "gte", "value": 90}) == ids_of(
        ["refund", "lapsed"]
    )


def test_preview_spend_is_net_paid(shop):
    got = preview(db.session, {"all": []}, NOW)
    paid = purchases(None)
    amounts = [a for m in MEMBERS for a in paid[m]]
    assert got["size"] == len(MEMBERS)
    assert got["order_value"]["avg"] == pytest.approx(sum(amounts) / len(amounts), abs=0.01)
    per_member = sorted(sum(p) / len(p) for p in paid.values() if p)
    assert got["order_value"]["median"] == pytest.approx(
        (per_member[len(per_member) // 2] + per_member[(len(per_member) - 1) // 2]) / 2, abs=0.01
    )
    sample = {m["external_id"]: m for m in got["sample"]}
    assert (sample["cheap"]["orders_count"], sample["cheap"]["total_spent"]) == (1, 10.0)
    assert (sample["free"]["orders_count"], sample["free"]["total_spent"]) == (2, 0.0)
    assert (sample["cancelled"]["orders_count"], sample["cancelled"]["total_spent"]) == (0, 0.0)
