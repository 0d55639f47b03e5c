"""Templates set to a pool hand out its codes, set-based; an empty pool is out of stock."""

import json
import subprocess
import sys

from sqlalchemy import func, insert, select

from app.coupons.grants import grant_coupons
from app.extensions import db
from app.models import Coupon, CouponTemplate, Member
from app.models.code_pools import CodePool, CodePoolAlert, PoolCode
from tests.code_pools.conftest import NOW


def test_grant_draws_pool_codes_in_upload_order_and_marks_them(members, pool, pooled_template):
    pool(codes=[f"P{i:04d}" for i in range(5)])
    pooled_template()
    ids = members(7)
    result = grant_coupons(db.session, "partner-gift", ids, NOW)
    db.session.commit()
    assert result.granted == {m: f"P{i:04d}" for i, m in enumerate(ids[:5])}
    assert result.out_of_stock == set(ids[5:])
    claimed = db.session.scalars(select(PoolCode.code).where(PoolCode.claimed_at.is_not(None)))
    assert sorted(claimed) == sorted(result.granted.values())
    assert db.session.scalar(select(CouponTemplate.issued_count)) == 5


def test_grant_statement_count_does_not_grow_with_batch(members, pool, pooled_template):
    from sqlalchemy import event

    pool(codes=[f"C{i:05d}" for i in range(3000)])
    pooled_template()
    small, large = members(10), members(2000, prefix="L")
    counts = []
    for batch in (small, large):
        seen = []
        listener = lambda *a, _seen=seen, **k: _seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        grant_coupons(db.session, "partner-gift", batch, NOW)
        event.remove(db.engine, "before_cursor_execute", listener)
        counts.append(len(seen))
    # Full insert statements go in one executemany and the rest in one more.
    assert counts[0] <= counts[1] <= counts[0] + 1


def test_low_stock_alert_recorded_once_and_cleared_by_an_upload(members, pool, pooled_template):
    from app.code_pools.service import upload_codes
    from tests.code_pools.conftest import csv_of

    p = pool(codes=[f"A{i}" for i in range(10)], low_stock_level=3)
    pooled_template()
    grant_coupons(db.session, "partner-gift", members(6), NOW)
    assert db.session.scalar(select(func.count()).select_from(CodePoolAlert)) == 0
    grant_coupons(db.session, "partner-gift", members(1, prefix="X"), NOW)
    grant_coupons(db.session, "partner-gift", members(1, prefix="Y"), NOW)
    db.session.commit()
    alerts = db.session.scalars(select(CodePoolAlert)).all()
    assert [(a.remaining, a.level) for a in alerts] == [(3, 3)]
    assert db.session.get(CodePool, p.id).low_stock_since is not None
    upload_codes(db.session, p, csv_of([f"B{i}" for i in range(5)]), NOW)
    db.session.commit()
    assert db.session.get(CodePool, p.id).low_stock_since is None


def test_parallel_processes_give_every_code_once(app, database_url, pool, template):
    """Four processes, two templates on one pool, 12,000 members for 10,000 codes."""
    pool(codes=[f"PX{i:06d}" for i in range(10_000)])
    template(key="gift-a", code_pool="partner")
    template(key="gift-b", code_pool="partner")
    db.session.execute(insert(Member), [{"external_id": f"M{i:06d}"} for i in range(12_000)])
    db.session.commit()
    first = db.session.scalar(select(func.min(Member.id)))
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.code_pools.grant_worker", database_url,
             "gift-a" if n % 2 else "gift-b", str(first + n * 3000), "3000", "500"],
            stdout=subprocess.PIPE,
        )
        for n in range(4)
    ]  # fmt: skip
    outcomes = [json.loads(w.communicate(timeout=600)[0]) for w in workers]
    assert all(w.returncode == 0 for w in workers)
    granted = [code for o in outcomes for code in o["granted"]]
    assert len(granted) == 10_000 and len(set(granted)) == 10_000
    assert sum(o["out_of_stock"] for o in outcomes) == 2_000
    db.session.expire_all()
    coupons = db.session.scalars(select(Coupon.code)).all()
    pool_codes = db.session.scalars(select(PoolCode.code)).all()
    assert sorted(coupons) == sorted(pool_codes) == sorted(granted)
    unclaimed = db.session.scalar(
        select(func.count()).select_from(PoolCode).where(PoolCode.claimed_at.is_(None))
    )
    assert unclaimed == 0
