from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.coupons.expiry import expire_coupons
from app.coupons.grants import grant_coupons
from app.coupons.redemption import CouponRefused, claim_coupon, redeem_coupon
from app.extensions import db
from app.models import Coupon, CouponEvent, Member

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.fixture
def coupon(members, template):
    template()
    ids = members(2)
    granted = grant_coupons(db.session, "spend200", ids, NOW).granted
    db.session.commit()
    return granted[ids[0]], ids


def redeem(code, **kw):
    args = {"order_id": "O1", "order_amount": Decimal("260"), "channel": "pos", "now": NOW}
    args.update(kw)
    return redeem_coupon(db.session, code, **args)


def test_redeem_gives_the_discount_and_is_idempotent_on_order_id(coupon):
    code, ids = coupon
    ext = db.session.scalar(select(Member.external_id).where(Member.id == ids[0]))
    first = redeem(code.lower(), member_external_id=ext)
    db.session.commit()
    assert first.discount == Decimal("50.00") and not first.replayed
    again = redeem(code, now=NOW + timedelta(hours=1))
    assert again.replayed and again.discount == Decimal("50.00")
    statuses = db.session.scalars(select(CouponEvent.status).order_by(CouponEvent.id)).all()
    assert statuses == ["granted", "granted", "redeemed"]


@pytest.mark.parametrize(
    ("kwargs", "code", "status"),
    [
        ({"order_amount": Decimal("199.99")}, "below_threshold", 422),
        ({"channel": "mini_program"}, "channel_not_allowed", 422),
        ({"now": NOW + timedelta(days=31)}, "expired", 410),
        ({"member_external_id": "someone-else"}, "not_owner", 403),
    ],
)
def test_each_refusal_has_its_own_reason(coupon, kwargs, code, status):
    with pytest.raises(CouponRefused) as info:
        redeem(coupon[0], **kwargs)
    assert (info.value.code, info.value.status) == (code, status)
    assert db.session.scalar(select(Coupon.status).where(Coupon.code == coupon[0])) == "granted"


def test_second_order_is_refused_and_unknown_code(coupon):
    redeem(coupon[0])
    with pytest.raises(CouponRefused) as info:
        redeem(coupon[0], order_id="O2")
    assert info.value.code == "already_redeemed" and "O1" in info.value.message
    with pytest.raises(CouponRefused) as info:
        redeem("NOPE")
    assert info.value.code == "unknown_coupon"


def test_fixed_window_not_yet_valid(members, template):
    template(
        key="later",
        validity={"starts_at": "2026-04-01T00:00:00+00:00", "ends_at": "2026-05-01T00:00:00+00:00"},
    )
    (m,) = members(1)
    code = grant_coupons(db.session, "later", [m], NOW).granted[m]
    with pytest.raises(CouponRefused) as info:
        redeem(code)
    assert info.value.code == "not_yet_valid"


def test_claim_then_expire_with_history(coupon):
    code, ids = coupon
    claim_coupon(db.session, code, ids[0], NOW)
    with pytest.raises(CouponRefused):
        claim_coupon(db.session, code, ids[1], NOW)
    assert expire_coupons(db.session, NOW + timedelta(days=29)) == 0
    assert expire_coupons(db.session, NOW + timedelta(days=30)) == 2
    db.session.commit()
    c = db.session.scalar(select(Coupon).where(Coupon.code == code))
    history = db.session.scalars(
        select(CouponEvent.status).where(CouponEvent.coupon_id == c.id).order_by(CouponEvent.id)
    ).all()
    assert c.status == "expired" and history == ["granted", "claimed", "expired"]
    assert expire_coupons(db.session, NOW + timedelta(days=40)) == 0
