"""Parallel grants of one template on PostgreSQL never oversell its stock."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.coupons.grants import grant_coupons
from app.extensions import db
from app.models import Coupon, CouponTemplate

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.mark.postgres
def test_parallel_grants_never_oversell(app, members, template):
    template(stock_total=150)
    ids = members(400)
    chunks = [ids[i::8] for i in range(8)]

    def grant(chunk):
        with app.app_context(), Session(db.engine) as session:
            result = grant_coupons(session, "spend200", chunk, NOW)
            session.commit()
            return len(result.granted), len(result.out_of_stock)

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(grant, chunks))
    assert sum(g for g, _ in outcomes) == 150
    assert sum(o for _, o in outcomes) == 250
    assert db.session.scalar(select(func.count()).select_from(Coupon)) == 150
    assert db.session.scalar(select(CouponTemplate.issued_count)) == 150


@pytest.mark.postgres
def test_parallel_redemptions_of_one_code_let_one_win(app, members, template):
    from decimal import Decimal

    from app.coupons.redemption import CouponRefused, redeem_coupon

    template()
    (member,) = members(1)
    code = grant_coupons(db.session, "spend200", [member], NOW).granted[member]
    db.session.commit()

    def redeem(i):
        with app.app_context(), Session(db.engine) as session:
            try:
                redeem_coupon(
                    session,
                    code,
                    order_id=f"O{i}",
                    order_amount=Decimal("300"),
                    channel="pos",
                    now=NOW,
                )
                session.commit()
                return "ok"
            except CouponRefused as exc:
                return exc.code

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(redeem, range(6)))
    assert outcomes.count("ok") == 1 and outcomes.count("already_redeemed") == 5
