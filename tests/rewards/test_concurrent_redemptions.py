"""Redemptions racing from several processes on one database file (SQLite) or server
(PostgreSQL) never oversell a reward, never take a balance below zero, never pass the
per-member limit and redeem a retried key once."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from app.extensions import db
from app.models import Coupon, CouponTemplate, Member, PointsEntry, Reward, RewardRedemption
from tests.rewards.conftest import NOW
from tests.rewards.processes import redeem_in_processes

PROCESSES = 4


def _ledger_matches_balances() -> None:
    balances = dict(db.session.execute(select(Member.id, Member.points_balance)).all())
    sums = dict(
        db.session.execute(
            select(PointsEntry.member_id, func.sum(PointsEntry.points)).group_by(
                PointsEntry.member_id
            )
        ).all()
    )
    assert all(b >= 0 for b in balances.values())
    assert {m: b for m, b in balances.items() if b or m in sums} == {
        m: int(s) for m, s in sums.items()
    }


def test_parallel_redemptions_never_oversell(app, database_url, members, reward):
    ids = members(60, points=1000)
    reward("mug", "coupon", points_price=100, stock_total=25)
    shares = [[(m, "mug", f"k{m}") for m in ids[p::PROCESSES]] for p in range(PROCESSES)]

    answers = redeem_in_processes(database_url, NOW, shares)

    outcome = Counter((status, error) for _, _, status, error, _ in answers)
    assert outcome == {(201, None): 25, (409, "out_of_stock"): 35}
    db.session.expire_all()
    assert db.session.scalar(select(Reward.redeemed_count)) == 25
    assert db.session.scalar(select(func.count()).select_from(RewardRedemption)) == 25
    assert db.session.scalar(select(func.count()).select_from(Coupon)) == 25
    assert db.session.scalar(select(CouponTemplate.issued_count)) == 25
    winners = {m for m, _, status, _, _ in answers if status == 201}
    balances = dict(db.session.execute(select(Member.id, Member.points_balance)).all())
    assert balances == {m: 900 if m in winners else 1000 for m in ids}
    _ledger_matches_balances()


def test_parallel_redemptions_never_overdraw_nor_pass_the_limit_and_retries_count_once(
    app, database_url, members, reward
):
    # Each member can pay for 3 coffees (350 points) and may have at most 4 cakes.
    poor = members(4, points=350, prefix="poor")
    rich = members(2, points=100_000, prefix="rich")
    reward("coffee", points_price=100)
    reward("cake", points_price=1, per_member_limit=4)
    shares = []
    for p in range(PROCESSES):
        share = [(m, "coffee", f"coffee-{p}-{i}") for m in poor for i in range(3)]
        share += [(m, "cake", f"cake-{p}-{i}") for m in rich for i in range(3)]
        # The same retried key, sent by every process at once.
        share += [(m, "coffee", "retried") for m in rich]
        shares.append(share)

    answers = redeem_in_processes(database_url, NOW, shares)

    made = Counter((m, k.split("-")[0]) for m, k, status, _, _ in answers if status == 201)
    assert {m: made[(m, "coffee")] for m in poor} == dict.fromkeys(poor, 3)
    assert {m: made[(m, "cake")] for m in rich} == dict.fromkeys(rich, 4)
    refused = Counter(error for _, _, status, error, _ in answers if status >= 400)
    assert refused == {
        "insufficient_points": len(poor) * (3 * PROCESSES - 3),
        "over_limit": len(rich) * (3 * PROCESSES - 4),
    }
    retried = [(m, status, body) for m, k, status, _, body in answers if k == "retried"]
    for m in rich:
        mine = [(status, body["redemption"]["id"]) for who, status, body in retried if who == m]
        assert sorted(s for s, _ in mine) == [200] * (PROCESSES - 1) + [201]
        assert len({rid for _, rid in mine}) == 1
    db.session.expire_all()
    balances = dict(db.session.execute(select(Member.id, Member.points_balance)).all())
    assert {m: balances[m] for m in poor} == dict.fromkeys(poor, 50)
    assert {m: balances[m] for m in rich} == dict.fromkeys(rich, 100_000 - 4 - 100)
    rows = Counter(
        db.session.execute(
            select(RewardRedemption.member_id, Reward.key).join(
                Reward, Reward.id == RewardRedemption.reward_id
            )
        ).all()
    )
    assert rows == {
        **{(m, "coffee"): 3 for m in poor},
        **{(m, "cake"): 4 for m in rich},
        **{(m, "coffee"): 1 for m in rich},
    }
    _ledger_matches_balances()
