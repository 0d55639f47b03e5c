from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Member, PointsEntry
from app.points.expiry import expire_points
from app.points.ledger import (
    PointsAward,
    PointsError,
    award_points,
    balances_by_ledger,
    deduct_points,
)

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


def balances(ids):
    return dict(
        db.session.execute(select(Member.id, Member.points_balance).where(Member.id.in_(ids))).all()
    )


def test_bulk_award_is_idempotent_by_reference(members):
    ids = members(2000)
    entries = [PointsAward(m, 100, reference=f"welcome:{m}") for m in ids]
    result = award_points(db.session, entries, NOW)
    db.session.commit()
    assert len(result.booked) == 2000 and not result.duplicates
    again = award_points(
        db.session,
        entries[:10]
        + [PointsAward(ids[0], 5, reference="x"), PointsAward(ids[0], 5, reference="x")],
        NOW,
    )
    assert len(again.duplicates) == 11 and again.booked == {ids[0]: 5}
    assert balances(ids[:2]) == {ids[0]: 105, ids[1]: 100}
    assert balances_by_ledger(db.session, ids[:2]) == balances(ids[:2])


def test_spend_consumes_soonest_expiring_lots_and_refuses_overdraft(members):
    (m,) = members(1)
    award_points(
        db.session,
        [
            PointsAward(m, 100, expires_at=NOW + timedelta(days=10), reference="a"),
            PointsAward(m, 50, expires_at=NOW + timedelta(days=5), reference="b"),
            PointsAward(m, 30, kind="adjust", reference="c"),
        ],
        NOW,
    )
    deduct_points(db.session, m, 70, NOW, reference="spend-1")
    deduct_points(db.session, m, 70, NOW, reference="spend-1")  # replay: booked once
    lots = dict(db.session.execute(select(PointsEntry.reference, PointsEntry.remaining)).all())
    assert lots["b"] == 0 and lots["a"] == 80 and lots["c"] == 30
    with pytest.raises(PointsError) as info:
        deduct_points(db.session, m, 111, NOW)
    assert info.value.code == "insufficient_points"
    assert balances([m]) == {m: 110}
    with pytest.raises(PointsError):
        deduct_points(db.session, 424242, 1, NOW)


def test_expiry_books_what_is_left_once(members):
    a, b = members(2)
    award_points(
        db.session,
        [
            PointsAward(a, 100, expires_at=NOW + timedelta(days=1), reference="a1"),
            PointsAward(a, 40, reference="a2"),
            PointsAward(b, 60, expires_at=NOW + timedelta(days=1), reference="b1"),
        ],
        NOW,
    )
    deduct_points(db.session, a, 30, NOW)
    assert expire_points(db.session, NOW) == 0
    assert expire_points(db.session, NOW + timedelta(days=1)) == 70 + 60
    assert expire_points(db.session, NOW + timedelta(days=2)) == 0
    db.session.commit()
    assert balances([a, b]) == {a: 40, b: 0}
    assert balances_by_ledger(db.session, [a, b]) == {a: 40, b: 0}
    kinds = db.session.scalars(select(PointsEntry.kind).order_by(PointsEntry.id)).all()
    assert kinds.count("expire") == 2


def test_award_refuses_non_positive_entries(members):
    (m,) = members(1)
    with pytest.raises(PointsError):
        award_points(db.session, [PointsAward(m, 0)], NOW)
    with pytest.raises(PointsError):
        award_points(db.session, [PointsAward(m, 5, kind="spend")], NOW)
