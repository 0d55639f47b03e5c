"""Rewards test fixtures: members holding points, a coupon template, rewards, member tokens,
and row counts of every table a redemption writes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select

from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import (
    Coupon,
    CouponEvent,
    CouponTemplate,
    Event,
    Member,
    PointsEntry,
    Product,
    Reward,
    RewardRedemption,
)
from app.points.ledger import PointsAward, award_points
from tests.factories.coupons import make_coupon_template

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
#: Tables a redemption writes to; a refused one leaves each count as it was.
WRITTEN = (RewardRedemption, PointsEntry, Coupon, CouponEvent, Event)


@pytest.fixture(autouse=True)
def clock(app) -> VirtualClock:
    """The app's clock stands at :data:`NOW`."""
    app.extensions["clock"] = VirtualClock(NOW)
    return app.extensions["clock"]


@pytest.fixture
def members(app):
    """Insert ``n`` members, each given ``points`` through the ledger (as an adjustment, so
    tiers stay as set); their ids in order."""

    def make(n: int, points: int = 0, prefix: str = "R", **fields) -> list[int]:
        start = db.session.scalar(select(func.count()).select_from(Member))
        rows = [{"external_id": f"{prefix}{start + i:06d}", **fields} for i in range(n)]
        db.session.execute(insert(Member), rows)
        found = dict(db.session.execute(select(Member.external_id, Member.id)).all())
        ids = [found[r["external_id"]] for r in rows]
        if points:
            award_points(
                db.session,
                [PointsAward(m, points, "adjust", f"seed:{m}", "test") for m in ids],
                NOW,
            )
        db.session.commit()
        return ids

    return make


@pytest.fixture
def coupon_template(app):
    def make(key: str = "tenoff", **fields) -> CouponTemplate:
        return make_coupon_template(
            key,
            **{
                "name": "10 off",
                "terms": {"threshold": "0", "amount": "10"},
                "per_member_limit": 100,
                **fields,
            },
        )

    return make


@pytest.fixture
def reward(app, coupon_template):
    """Create a reward straight in the table (the API is tested on its own)."""

    def make(key: str = "coffee", kind: str = "lottery", **fields) -> Reward:
        values = {
            "key": key,
            "name": key.title(),
            "description": "",
            "kind": kind,
            "points_price": 100,
            "stock_total": None,
            "per_member_limit": None,
            "tiers": [],
            **fields,
        }
        if kind == "coupon" and "coupon_template_id" not in values:
            t = db.session.scalar(select(CouponTemplate).where(CouponTemplate.key == "tenoff"))
            values["coupon_template_id"] = (t or coupon_template()).id
        if kind == "product" and "product_id" not in values:
            p = Product(sku="MUG-1", name="Mug")
            db.session.add(p)
            db.session.flush()
            values["product_id"] = p.id
        r = Reward(**values)
        db.session.add(r)
        db.session.commit()
        return r

    return make


@pytest.fixture
def member_headers(app):
    """``X-Member-Token`` headers for a member, as the app would hold them."""
    from app.messaging.signing import member_token

    def make(member_id: int) -> dict:
        return {"X-Member-Token": member_token(member_id)}

    return make


def counts() -> dict[str, int]:
    """Rows per table a redemption writes, and the stock and balances it moves."""
    out = {m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in WRITTEN}
    out["redeemed_count"] = db.session.scalar(select(func.sum(Reward.redeemed_count))) or 0
    out["balances"] = db.session.scalar(select(func.sum(Member.points_balance))) or 0
    out["issued_coupons"] = db.session.scalar(select(func.sum(CouponTemplate.issued_count))) or 0
    return out
