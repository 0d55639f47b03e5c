from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Member, TierChange, TierLevel
from app.points.ledger import PointsAward, award_points
from app.points.tiers import recompute_tiers, tier_for

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


def tier(m):
    return db.session.scalar(select(Member.tier).where(Member.id == m))


def test_tier_for_thresholds():
    levels = {"silver": 100, "gold": 500, "platinum": 2000, "diamond": 5000}
    assert [tier_for(p, levels) for p in (0, 100, 499, 500, 4999, 5000)] == [
        "basic",
        "silver",
        "silver",
        "gold",
        "platinum",
        "diamond",
    ]


def test_upgrade_on_earning_and_downgrade_when_points_leave_the_window(members):
    db.session.add_all(
        [TierLevel(tier="silver", min_points=100), TierLevel(tier="gold", min_points=500)]
    )
    a, b = members(2)
    award_points(
        db.session, [PointsAward(a, 600, reference="a"), PointsAward(b, 50, reference="b")], NOW
    )
    assert (tier(a), tier(b)) == ("gold", "basic")
    later = NOW + timedelta(days=200)
    award_points(db.session, [PointsAward(a, 150, reference="a2")], later)
    assert tier(a) == "gold"
    changes = recompute_tiers(db.session, NOW + timedelta(days=366))
    assert [(c["from_tier"], c["to_tier"], c["direction"]) for c in changes] == [
        ("gold", "silver", "down")
    ]
    db.session.commit()
    rows = db.session.scalars(select(TierChange.direction).order_by(TierChange.id)).all()
    assert rows == ["up", "down"]


def test_earning_never_moves_a_member_down(members):
    db.session.add_all(
        [TierLevel(tier="silver", min_points=100), TierLevel(tier="gold", min_points=500)]
    )
    (a,) = members(1)
    db.session.get(Member, a).tier = "gold"
    award_points(db.session, [PointsAward(a, 120, reference="small")], NOW)
    assert tier(a) == "gold"
    assert db.session.scalars(select(TierChange)).all() == []
    # The scheduled run is what moves members down.
    changes = recompute_tiers(db.session, NOW)
    assert [(c["from_tier"], c["to_tier"]) for c in changes] == [("gold", "silver")]
