"""Redeeming through the member API and by an admin: the ledger, the stock, the reward and
the event in one transaction; retries answer the first redemption; every refusal is a 4xx
naming its reason and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Coupon, Event, Member, PointsEntry, Reward, RewardRedemption
from tests.rewards.conftest import NOW, counts


def _redeem(client, headers, key="coffee", idem="k1"):
    return client.post(
        f"/api/member/rewards/{key}/redeem", json={"idempotency_key": idem}, headers=headers
    )


def test_a_coupon_redemption_books_points_takes_stock_grants_and_announces(
    client, members, reward, member_headers
):
    (m,) = members(1, points=500)
    reward("coffee", "coupon", points_price=120, stock_total=3)
    response = _redeem(client, member_headers(m))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()["redemption"]
    assert body["points"] == 120 and body["replayed"] is False and body["coupon_code"]

    assert db.session.get(Member, m).points_balance == 380
    spend = db.session.scalar(select(PointsEntry).where(PointsEntry.kind == "spend"))
    assert (spend.points, spend.member_id, spend.source) == (-120, m, "reward:coffee")
    assert db.session.scalar(select(Reward.redeemed_count)) == 1
    coupon = db.session.scalar(select(Coupon))
    assert (coupon.code, coupon.member_id, coupon.source) == (
        body["coupon_code"],
        m,
        "reward:coffee",
    )
    event = db.session.scalar(select(Event).where(Event.type == "reward_redeemed"))
    assert event.member_id == m and event.external_id == f"reward:{body['id']}"
    assert event.properties["reward"] == "coffee" and event.properties["points"] == 120
    assert event.properties["coupon_code"] == body["coupon_code"]
    x = db.session.scalar(select(RewardRedemption))
    assert (x.ledger_entry_id, x.actor, x.tier) == (spend.id, "member", "basic")


@pytest.mark.parametrize("kind", ["product", "lottery"])
def test_product_and_lottery_rewards(client, members, reward, member_headers, kind):
    (m,) = members(1, points=100)
    reward("coffee", kind)
    body = _redeem(client, member_headers(m)).get_json()["redemption"]
    assert body["coupon_code"] is None
    assert (body["lottery_code"] is not None) == (kind == "lottery")
    props = db.session.scalar(select(Event.properties))
    assert props["product_sku"] == ("MUG-1" if kind == "product" else None)


def test_a_retry_with_the_same_key_answers_the_same_redemption(
    client, members, reward, member_headers
):
    (m,) = members(1, points=1000)
    reward("coffee", "coupon")
    first = _redeem(client, member_headers(m))
    before = counts()
    again = _redeem(client, member_headers(m))
    assert (first.status_code, again.status_code) == (201, 200)
    a, b = first.get_json()["redemption"], again.get_json()["redemption"]
    assert b["replayed"] is True
    assert {k: v for k, v in a.items() if k != "replayed"} == {
        k: v for k, v in b.items() if k != "replayed"
    }
    assert counts() == before
    # A new key is a new redemption.
    assert _redeem(client, member_headers(m), idem="k2").status_code == 201
    assert db.session.get(Member, m).points_balance == 800


def test_a_key_spent_on_another_reward_is_refused(client, members, reward, member_headers):
    (m,) = members(1, points=1000)
    reward("coffee")
    reward("tea")
    assert _redeem(client, member_headers(m), "coffee").status_code == 201
    before = counts()
    response = _redeem(client, member_headers(m), "tea")
    assert response.status_code == 422
    assert response.get_json()["error"] == "idempotency_key_reused"
    assert counts() == before


REFUSALS = {
    # case: (reward fields, member points, member tier, expected status, expected code)
    "unknown_reward": (None, 1000, "basic", 404, "unknown_reward"),
    "insufficient_points": ({"points_price": 101}, 100, "basic", 409, "insufficient_points"),
    "tier_not_allowed": ({"tiers": ["gold", "diamond"]}, 1000, "silver", 403, "tier_not_allowed"),
    "out_of_stock": ({"stock_total": 0}, 1000, "basic", 409, "out_of_stock"),
    "reward_expired": ({"ends_at": NOW}, 1000, "basic", 410, "reward_expired"),
    "reward_not_started": (
        {"starts_at": NOW + timedelta(hours=1)},
        1000,
        "basic",
        409,
        "reward_not_started",
    ),
    "reward_inactive": ({"active": False}, 1000, "basic", 409, "reward_inactive"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_refusal_names_its_reason_and_writes_nothing(
    client, members, reward, member_headers, case
):
    fields, points, tier, status, code = REFUSALS[case]
    (m,) = members(1, points=points, tier=tier)
    if fields is not None:
        reward("coffee", "coupon", **fields)
    before = counts()
    response = _redeem(client, member_headers(m))
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    assert body["error"] == code and "coffee" in body["message"]
    db.session.expire_all()
    assert counts() == before


def test_over_the_per_member_limit_is_refused_and_writes_nothing(
    client, members, reward, member_headers
):
    (m, other) = members(2, points=1000)
    reward("coffee", "coupon", per_member_limit=2)
    for idem in ("a", "b"):
        assert _redeem(client, member_headers(m), idem=idem).status_code == 201
    before = counts()
    response = _redeem(client, member_headers(m), idem="c")
    assert response.status_code == 409 and response.get_json()["error"] == "over_limit"
    assert counts() == before
    assert _redeem(client, member_headers(other), idem="c").status_code == 201


def test_a_coupon_template_out_of_stock_refuses_the_whole_redemption(
    client, members, reward, coupon_template, member_headers
):
    (m,) = members(1, points=1000)
    coupon_template(stock_total=0)
    reward("coffee", "coupon")
    before = counts()
    response = _redeem(client, member_headers(m))
    assert response.status_code == 409 and response.get_json()["error"] == "coupon_unavailable"
    assert counts() == before


def test_member_routes_need_a_valid_member_token(client, members, reward):
    reward("coffee")
    assert client.get("/api/member/rewards").status_code == 401
    bad = {"X-Member-Token": "forged"}
    assert _redeem(client, bad).get_json()["error"] == "invalid_member_token"


def test_an_admin_redeems_on_a_members_behalf(admin_client, marketer_client, members, reward):
    (m,) = members(1, points=300)
    reward("coffee", points_price=100)
    body = {"member_id": m, "idempotency_key": "desk-1"}
    refused = marketer_client.post("/api/rewards/coffee/redemptions", json=body)
    assert refused.status_code == 403
    made = admin_client.post("/api/rewards/coffee/redemptions", json=body)
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["redemption"]["actor"].startswith("user:")
    assert admin_client.post("/api/rewards/coffee/redemptions", json=body).status_code == 200
    assert db.session.get(Member, m).points_balance == 200
    before = counts()
    unknown = admin_client.post(
        "/api/rewards/coffee/redemptions", json={"member_id": m + 99, "idempotency_key": "x"}
    )
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "unknown_member"
    assert counts() == before
    listed = admin_client.get(f"/api/reward-redemptions?member_id={m}").get_json()
    assert [x["idempotency_key"] for x in listed["redemptions"]] == ["desk-1"]


def test_the_member_catalogue_says_what_blocks_each_reward(client, members, reward, member_headers):
    (m,) = members(1, points=150, tier="silver")
    reward("cheap", points_price=100, per_member_limit=1)
    reward("dear", points_price=1000)
    reward("gold-only", points_price=10, tiers=["gold"])
    reward("gone", points_price=10, stock_total=0)
    reward("later", points_price=10, starts_at=NOW + timedelta(days=1))
    reward("off", points_price=10, active=False)
    shown = client.get("/api/member/rewards", headers=member_headers(m)).get_json()
    assert shown["balance"] == 150 and shown["tier"] == "silver"
    blocked = {r["key"]: r["blocked_by"] for r in shown["rewards"]}
    assert blocked == {
        "gold-only": "tier_not_allowed",
        "gone": "out_of_stock",
        "cheap": None,
        "dear": "insufficient_points",
    }
    assert _redeem(client, member_headers(m), "cheap").status_code == 201
    shown = client.get("/api/member/rewards", headers=member_headers(m)).get_json()
    assert {r["key"]: r["blocked_by"] for r in shown["rewards"]}["cheap"] == "over_limit"
    mine = client.get("/api/member/redemptions", headers=member_headers(m)).get_json()
    assert [x["reward"] for x in mine["redemptions"]] == ["cheap"]
