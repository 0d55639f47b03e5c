"""JSON shapes of coupon templates and coupons, shared by the routes."""

from __future__ import annotations

from app.coupons.terms import describe
from app.models import Coupon, CouponTemplate


def _iso(value):
    return value.isoformat() if value is not None else None


def template_json(t: CouponTemplate) -> dict:
    return {
        "key": t.key,
        "name": t.name,
        "kind": t.kind,
        "terms": t.terms,
        "value": describe(t.kind, t.terms),
        "validity": t.validity,
        "stock_total": t.stock_total,
        "issued_count": t.issued_count,
        "stock_left": None if t.stock_total is None else max(t.stock_total - t.issued_count, 0),
        "per_member_limit": t.per_member_limit,
        "channels": t.channels,
        "code_pool": t.code_pool,
        "active": t.active,
        "updated_at": _iso(t.updated_at),
    }


def coupon_json(c: Coupon, template_key: str, member_external_id: str | None = None) -> dict:
    """A coupon; ``member_external_id`` is the member's id as the shop knows it (M0000005)."""
    return {
        "code": c.code,
        "template": template_key,
        "member_id": c.member_id,
        "member_external_id": member_external_id,
        "status": c.status,
        "source": c.source,
        "granted_at": _iso(c.granted_at),
        "valid_from": _iso(c.valid_from),
        "valid_until": _iso(c.valid_until),
        "claimed_at": _iso(c.claimed_at),
        "redeemed_at": _iso(c.redeemed_at),
        "expired_at": _iso(c.expired_at),
        "order_id": c.order_ref,
        "order_amount": str(c.order_amount) if c.order_amount is not None else None,
        "discount": str(c.discount) if c.discount is not None else None,
        "redeem_channel": c.redeem_channel,
    }
