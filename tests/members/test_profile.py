"""GET /api/members/<id>: the profile with tags, latest orders with items, latest events."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import insert

from app.extensions import db
from app.models import Order
from tests.members.conftest import T0


def test_profile_has_member_tags_orders_with_items_and_events(viewer_client, member_with_history):
    response = viewer_client.get(f"/api/members/{member_with_history.id}")
    assert response.status_code == 200
    body = response.get_json()
    member = body["member"]
    assert member["name"] == "王小明"
    assert member["birthday"] == "1990-05-04"
    assert member["consent"] == {"email": False, "sms": True, "push": False}
    assert member["unsubscribed"] == {
        "email": "2026-03-01T08:00:00+00:00",
        "sms": None,
        "push": None,
    }
    assert member["first_order_at"] == "2026-03-01T08:00:00+00:00"
    assert member["last_order_at"] == "2026-03-21T08:00:00+00:00"
    assert member["total_spent"] == 407.5
    assert member["rfm"] == {"r": 4, "f": 2, "m": 3, "segment": "promising", "updated_at": None}
    assert member["attributes"] == {"signup_channel": "app"}
    assert body["tags"] == [
        {"tag": "coffee_lover", "source": "manual"},
        {"tag": "vip", "source": "rule"},
    ]
    latest, older = body["orders"]
    assert latest == {
        "external_id": "O-2",
        "amount": 211.5,
        "discount": 50.0,
        "paid_at": "2026-03-21T08:00:00+00:00",
        "channel": "pos",
        "store": "上海南京西路店",
        "coupon_code": "SPEND200GET50",
        "items": [
            {"sku": None, "product": None, "category": None, "quantity": 1, "unit_price": 261.5}
        ],
    }
    assert older["items"] == [
        {
            "sku": "CB-1",
            "product": "咖啡豆 250g",
            "category": "咖啡豆",
            "quantity": 2,
            "unit_price": 98.0,
        }
    ]
    assert [(e["type"], e["name"]) for e in body["events"]] == [
        ("custom", "quiz_done"),
        ("page_view", None),
        ("registered", None),
    ]
    assert body["events"][1]["properties"] == {"page": "/products/CB-1"}


def test_profile_lists_the_latest_50_orders_newest_first(viewer_client, member_with_history):
    db.session.execute(
        insert(Order),
        [
            {
                "external_id": f"BULK-{i}",
                "member_id": member_with_history.id,
                "amount": Decimal("10"),
                "paid_at": T0 + timedelta(days=30 + i),
            }
            for i in range(60)
        ],
    )
    db.session.commit()
    orders = viewer_client.get(f"/api/members/{member_with_history.id}").get_json()["orders"]
    assert len(orders) == 50
    assert orders[0]["external_id"] == "BULK-59"
    assert orders[-1]["external_id"] == "BULK-10"


def test_unknown_member_is_404_naming_the_id(viewer_client, member_with_history):
    response = viewer_client.get(f"/api/members/{member_with_history.id + 1000}")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": "not_found",
        "message": f"No member with id {member_with_history.id + 1000}.",
    }


def test_profile_needs_sign_in(client, member_with_history):
    assert client.get(f"/api/members/{member_with_history.id}").status_code == 401
