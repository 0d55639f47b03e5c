"""The catalogue API: marketers and admins define rewards, viewers read; every bad field is
a 400 naming it, and writes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Product, Reward


def _coupon_reward(**fields) -> dict:
    return {
        "key": "ten-off",
        "name": "10 off your next order",
        "kind": "coupon",
        "points_price": 500,
        "coupon_template": "tenoff",
        "stock_total": 100,
        "per_member_limit": 2,
        "tiers": ["gold", "silver"],
        "starts_at": "2026-03-01T00:00:00+08:00",
        "ends_at": "2026-04-01T00:00:00+08:00",
        **fields,
    }


def test_create_read_update_and_delete_a_reward(marketer_client, viewer_client, coupon_template):
    coupon_template()
    made = marketer_client.post("/api/rewards", json=_coupon_reward())
    assert made.status_code == 201, made.get_json()
    reward = made.get_json()["reward"]
    assert reward["coupon_template"] == "tenoff" and reward["stock_left"] == 100
    assert reward["tiers"] == ["silver", "gold"]  # kept in tier order
    assert viewer_client.get("/api/rewards/ten-off").get_json()["reward"] == reward
    assert [r["key"] for r in viewer_client.get("/api/rewards").get_json()["rewards"]] == [
        "ten-off"
    ]
    assert viewer_client.post("/api/rewards", json=_coupon_reward(key="x")).status_code == 403

    changed = marketer_client.put(
        "/api/rewards/ten-off", json=_coupon_reward(stock_total=None, points_price=450)
    )
    assert changed.status_code == 200
    assert changed.get_json()["reward"]["stock_left"] is None
    assert changed.get_json()["reward"]["points_price"] == 450
    assert marketer_client.delete("/api/rewards/ten-off").get_json() == {"deleted": "ten-off"}
    assert marketer_client.get("/api/rewards/ten-off").status_code == 404


def test_a_product_and_a_lottery_reward(marketer_client):
    db.session.add(Product(sku="MUG-1", name="Mug"))
    db.session.commit()
    product = {"key": "mug", "name": "Mug", "kind": "product", "points_price": 800}
    made = marketer_client.post("/api/rewards", json={**product, "product_sku": "MUG-1"})
    assert made.get_json()["reward"]["product_name"] == "Mug"
    lottery = {"key": "draw", "name": "Prize draw", "kind": "lottery", "points_price": 50}
    made = marketer_client.post("/api/rewards", json={**lottery, "per_member_limit": None})
    assert made.status_code == 201 and made.get_json()["reward"]["per_member_limit"] is None


BAD = {
    "coupon_template": ({"coupon_template": "nope"}, "coupon_template"),
    "missing template": ({"coupon_template": None}, "coupon_template"),
    "price": ({"points_price": 0}, "points_price"),
    "stock": ({"stock_total": -1}, "stock_total"),
    "tier": ({"tiers": ["bronze"]}, "tiers"),
    "window": ({"ends_at": "2026-02-01T00:00:00+08:00"}, "ends_at"),
    "kind": ({"kind": "cash"}, "kind"),
    "product with a template": ({"kind": "product", "product_sku": "X"}, "coupon_template"),
}


def test_bad_definitions_name_the_field_and_write_nothing(marketer_client, coupon_template):
    coupon_template()
    for case, (fields, field) in BAD.items():
        response = marketer_client.post("/api/rewards", json=_coupon_reward(**fields))
        assert response.status_code == 400, case
        assert field in str(response.get_json()), (case, response.get_json())
    assert db.session.scalar(select(func.count()).select_from(Reward)) == 0


def test_an_update_keeps_key_kind_and_stock_above_redemptions(
    marketer_client, coupon_template, members, reward
):
    coupon_template()
    reward("ten-off", "coupon", redeemed_count=5, stock_total=10)
    response = marketer_client.put(
        "/api/rewards/ten-off",
        json=_coupon_reward(key="other", kind="lottery", coupon_template=None, stock_total=4),
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert fields == {"key", "kind", "stock_total"}
    assert db.session.scalar(select(Reward.stock_total)) == 10
    assert marketer_client.put("/api/rewards/none", json=_coupon_reward()).status_code == 404


def test_a_redeemed_reward_cannot_be_deleted_only_switched_off(admin_client, members, reward):
    (m,) = members(1, points=500)
    reward("draw", points_price=10)
    admin_client.post(
        "/api/rewards/draw/redemptions", json={"member_id": m, "idempotency_key": "a"}
    )
    response = admin_client.delete("/api/rewards/draw")
    assert response.status_code == 409 and response.get_json()["error"] == "has_redemptions"
