"""The points report: every figure recomputed with pandas from the raw tables (ledger,
members, redemptions, rewards), for a period and for all time."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import text

from app.extensions import db
from app.models import Member
from app.points.expiry import expire_points
from app.points.ledger import PointsAward, award_points, deduct_points
from app.rewards.catalogue import RedemptionRefused
from app.rewards.redemption import redeem_reward
from tests.rewards.conftest import NOW

TIERS = ["basic", "silver", "gold", "platinum"]


def _history(members, reward) -> None:
    """Earnings, expiries, adjustments and redemptions over three weeks, by a fixed seed."""
    rng = random.Random(7)
    ids = []
    for tier in TIERS:
        ids += members(6, tier=tier, prefix=f"{tier}-")
    # ``members`` seeds nothing here: every ledger line comes from below.
    reward("mug", points_price=120, stock_total=30)
    reward("coffee", points_price=40, per_member_limit=3)
    reward("vip", points_price=10, tiers=["gold", "platinum"])
    for day in range(21):
        at = NOW + timedelta(days=day)
        awards = [
            PointsAward(
                m,
                rng.randint(20, 200),
                "earn",
                f"earn:{day}:{m}",
                "test",
                at + timedelta(days=10) if rng.random() < 0.3 else None,
            )
            for m in ids
            if rng.random() < 0.5
        ]
        award_points(db.session, awards, at)
        expire_points(db.session, at)
        for m in rng.sample(ids, 4):
            for key in ("mug", "coffee", "vip"):
                try:
                    redeem_reward(db.session, key, m, f"{key}-{day}-{m}", at)
                    db.session.commit()
                except RedemptionRefused:  # refusals are part of the history
                    db.session.rollback()
        if day % 5 == 0:
            m = rng.choice(ids)
            balance = db.session.get(Member, m).points_balance
            if balance > 10:
                deduct_points(db.session, m, 10, at, kind="adjust", reference=f"fix:{day}")
        db.session.commit()
    # Tiers move after the fact: the report uses the tier each member holds now.
    db.session.execute(text("UPDATE members SET tier = 'diamond' WHERE id = :m"), {"m": ids[0]})
    db.session.commit()


def _frames():
    read = lambda sql: pd.read_sql(text(sql), db.session.connection())  # noqa: E731
    ledger = read("SELECT member_id, kind, points, created_at FROM points_ledger")
    members = read("SELECT id AS member_id, tier, points_balance FROM members")
    redemptions = read("SELECT member_id, reward_id, points, created_at FROM reward_redemptions")
    rewards = read("SELECT id AS reward_id, key, name FROM rewards")
    for frame in (ledger, redemptions):
        frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return ledger, members, redemptions, rewards


def _expected(since, until, value: Decimal) -> dict:
    ledger, members, redemptions, rewards = _frames()

    def inside(frame):
        keep = pd.Series(True, index=frame.index)
        if since is not None:
            keep &= frame["created_at"] >= pd.Timestamp(since)
        if until is not None:
            keep &= frame["created_at"] < pd.Timestamp(until)
        return frame[keep]

    ledger, redemptions = inside(ledger), inside(redemptions)
    issued = ledger[ledger.points > 0].merge(members, on="member_id")
    issued_by_tier = issued.groupby("tier")["points"].sum()
    red = redemptions.merge(members, on="member_id")
    outstanding = int(members.points_balance.sum())
    by_tier = []
    for tier, group in members.groupby("tier"):
        mine = red[red.tier == tier]
        points_issued = int(issued_by_tier.get(tier, 0))
        points = int(mine.points.sum())
        by_tier.append(
            {
                "tier": tier,
                "members": len(group),
                "redeemers": mine.member_id.nunique(),
                "redemptions": len(mine),
                "member_redemption_rate": round(mine.member_id.nunique() / len(group), 6),
                "points_issued": points_issued,
                "points_redeemed": points,
                "points_redemption_rate": round(points / points_issued, 6)
                if points_issued
                else None,
                "points_outstanding": int(group.points_balance.sum()),
            }
        )
    per_reward = redemptions.groupby("reward_id").agg(n=("points", "size"), p=("points", "sum"))
    by_reward = [
        {
            "reward": row.key,
            "name": row.name,
            "redemptions": int(per_reward.n.get(row.reward_id, 0)),
            "points": int(per_reward.p.get(row.reward_id, 0)),
        }
        for row in rewards.sort_values("key").itertuples()
    ]
    redeemed = int(redemptions.points.sum())
    return {
        "points_issued": int(ledger[ledger.points > 0].points.sum()),
        "points_redeemed": redeemed,
        "points_expired": int(-ledger[ledger.kind == "expire"].points.sum()),
        "points_adjusted_down": int(
            -ledger[(ledger.kind == "adjust") & (ledger.points < 0)].points.sum()
        ),
        "points_outstanding": outstanding,
        "liability": str((outstanding * value).quantize(Decimal("0.01"))),
        "yuan_per_point": str(value),
        "redemptions": len(redemptions),
        "points_redemption_rate": round(redeemed / int(ledger[ledger.points > 0].points.sum()), 6),
        "by_tier": sorted(
            by_tier,
            key=lambda r: ["basic", "silver", "gold", "platinum", "diamond"].index(r["tier"]),
        ),
        "by_reward": by_reward,
    }


@pytest.mark.parametrize(
    ("since", "until"), [(None, None), (NOW + timedelta(days=7), NOW + timedelta(days=14))]
)
def test_every_figure_of_the_report_recomputes_from_the_raw_tables(
    admin_client, members, reward, since, until
):
    _history(members, reward)
    assert admin_client.put(
        "/api/program/points-value", json={"yuan_per_point": "0.02"}
    ).get_json() == {"yuan_per_point": "0.02"}
    query = {k: v.isoformat() for k, v in (("since", since), ("until", until)) if v}
    got = admin_client.get("/api/reports/points", query_string=query).get_json()
    want = _expected(since, until, Decimal("0.02"))
    assert got == want
    # The history has something of every kind in it, so the comparison says something.
    assert all(want[k] > 0 for k in ("points_issued", "points_redeemed", "points_expired"))
    assert want["points_adjusted_down"] > 0 or since is not None
    assert {r["tier"] for r in want["by_tier"] if r["redeemers"]} >= {"silver", "gold"}


def test_the_point_value_is_an_admin_setting_with_a_default(
    admin_client, marketer_client, viewer_client
):
    assert viewer_client.get("/api/program/points-value").get_json() == {"yuan_per_point": "0.01"}
    refused = marketer_client.put("/api/program/points-value", json={"yuan_per_point": "1"})
    assert refused.status_code == 403
    bad = admin_client.put("/api/program/points-value", json={"yuan_per_point": "-1"})
    assert bad.status_code == 400 and "yuan_per_point" in str(bad.get_json())
    assert viewer_client.get("/api/reports/points").get_json()["liability"] == "0.00"
