from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import EarningRule, Member, PointsEntry, PointsMultiplier
from app.points.earning import RuleDefinition, earn_points_for_orders, points_for

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
BANDS = [
    {"min_amount": 0, "rate": 1},
    {"min_amount": 500, "rate": "1.5"},
    {"min_amount": 2000, "rate": 2},
]


@pytest.mark.parametrize(
    ("amount", "expected"), [("99.9", 99), ("499.99", 499), ("500", 750), ("2000", 4000)]
)
def test_rate_grows_with_order_size(amount, expected):
    assert points_for(Decimal(amount), BANDS) == expected


def test_rule_definition_checks_bands():
    with pytest.raises(ValueError, match="increasing"):
        RuleDefinition(
            key="r", name="r", bands=[{"min_amount": 0, "rate": 1}, {"min_amount": 0, "rate": 2}]
        )
    with pytest.raises(ValueError, match="start at min_amount 0"):
        RuleDefinition(key="r", name="r", bands=[{"min_amount": 10, "rate": 1}])


def test_orders_earn_by_rule_with_double_points_week_once(members, order):
    db.session.add(EarningRule(key="base", name="Base", bands=BANDS, expires_after_days=365))
    db.session.add(
        PointsMultiplier(
            name="Double week", factor=Decimal("2"), starts_at=NOW, ends_at=NOW + timedelta(days=7)
        )
    )
    a, b = members(2)
    o1 = order(a, "600", NOW - timedelta(days=1))
    o2 = order(b, "600", NOW + timedelta(days=1))
    result = earn_points_for_orders(db.session, [o1, o2], NOW)
    again = earn_points_for_orders(db.session, [o1, o2], NOW)
    db.session.commit()
    assert result.booked == {a: 900, b: 1800}
    assert again.duplicates == {f"order:{o1}", f"order:{o2}"} and not again.booked
    entry = db.session.scalar(select(PointsEntry).where(PointsEntry.reference == f"order:{o2}"))
    assert entry.expires_at == NOW + timedelta(days=365) and "x2" in entry.source
    assert db.session.scalar(select(Member.points_balance).where(Member.id == b)) == 1800


def test_no_active_rule_earns_nothing(members, order):
    (m,) = members(1)
    assert not earn_points_for_orders(db.session, [order(m, "100", NOW)], NOW).booked
