from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.coupons.grants import CODE_ALPHABET, UnknownTemplate, grant_coupons
from app.extensions import db
from app.models import Coupon, CouponEvent, CouponTemplate

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


def test_bulk_grant_gives_each_member_a_unique_code_in_one_transaction(members, template):
    template()
    ids = members(3000)
    result = grant_coupons(db.session, "spend200", ids, NOW, source="journey:j1:n1")
    db.session.commit()
    assert set(result.granted) == set(ids) and not result.out_of_stock
    codes = list(result.granted.values())
    assert len(set(codes)) == 3000 and all(set(c) <= set(CODE_ALPHABET) for c in codes)
    assert db.session.scalar(select(func.count()).select_from(Coupon)) == 3000
    assert db.session.scalar(select(func.count()).select_from(CouponEvent)) == 3000
    coupon = db.session.scalar(select(Coupon).where(Coupon.member_id == ids[0]))
    assert coupon.valid_until == NOW + timedelta(days=30) and coupon.source == "journey:j1:n1"
    assert db.session.scalar(select(CouponTemplate.issued_count)) == 3000


def test_stock_runs_out_in_member_order(members, template):
    template(stock_total=5)
    ids = members(8)
    result = grant_coupons(db.session, "spend200", ids, NOW)
    assert set(result.granted) == set(ids[:5])
    assert result.out_of_stock == set(ids[5:])
    again = grant_coupons(db.session, "spend200", members(2, prefix="N"), NOW)
    assert not again.granted and len(again.out_of_stock) == 2


def test_per_member_limit_and_duplicate_ids(members, template):
    template(per_member_limit=2)
    ids = members(2)
    first = grant_coupons(db.session, "spend200", ids + ids, NOW)
    assert len(first.granted) == 2
    grant_coupons(db.session, "spend200", ids, NOW)
    third = grant_coupons(db.session, "spend200", ids, NOW)
    assert third.over_limit == set(ids) and not third.granted


def test_unknown_template_and_members(members, template):
    with pytest.raises(UnknownTemplate):
        grant_coupons(db.session, "nope", [1], NOW)
    template(active=False, key="off")
    with pytest.raises(UnknownTemplate, match="not active"):
        grant_coupons(db.session, "off", [1], NOW)
    template()
    result = grant_coupons(db.session, "spend200", [999999], NOW)
    assert result.unknown_members == {999999}


def test_grant_statement_count_does_not_grow_with_batch(members, template):
    from sqlalchemy import event

    template()
    counts = []
    for n in (10, 1000):
        ids = members(n, prefix=f"S{n}-")
        seen = []
        listener = lambda *a, _seen=seen, **k: _seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        grant_coupons(db.session, "spend200", ids, NOW)
        event.remove(db.engine, "before_cursor_execute", listener)
        counts.append(len(seen))
    # Rows are inserted a few dozen to a statement, all full statements in one executemany
    # and the rest in one more; beyond that the count does not grow.
    assert counts[0] <= counts[1] <= counts[0] + 1
