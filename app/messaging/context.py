"""The variables a template sees for one member and one message."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.coupons.terms import describe
from app.messaging import signing
from app.messaging.rendering import member_context, recommended
from app.models import Coupon, CouponTemplate, Member

UNSUBSCRIBE_CHANNELS = ("email", "sms", "push")


def coupon_facts(session: Session, codes: set[str]) -> dict[str, dict]:
    """``{code: {"code", "value", "valid_until"}}`` for the codes that exist (one query)."""
    if not codes:
        return {}
    rows = session.execute(
        select(Coupon.code, Coupon.valid_until, CouponTemplate.kind, CouponTemplate.terms)
        .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
        .where(Coupon.code.in_(codes))
    )
    return {
        code: {
            "code": code,
            "value": describe(kind, terms),
            "valid_until": until.date().isoformat(),
        }
        for code, until, kind, terms in rows
    }


def coupon_code(context: dict | None) -> str | None:
    coupon = (context or {}).get("coupon")
    if isinstance(coupon, dict) and coupon.get("code"):
        return str(coupon["code"])
    return None


def build_context(
    member: Member, channel: str, raw: dict | None, coupons: dict, unsubscribe: bool = True
) -> dict:
    """``member``, ``coupon`` (with its value looked up), ``points``, ``unsubscribe_url``,
    ``recommendations(n)`` (the products the send step attached) and ``vars`` (the rest of
    what the journey step passed). With ``unsubscribe=False`` (nothing will read it) the
    unsubscribe link is left empty instead of signed."""
    context = dict(raw or {})
    products = context.pop("recommendations", None) or []
    coupon = context.pop("coupon", None) or {}
    if isinstance(coupon, dict) and coupon.get("code") in coupons:
        coupon = {**coupons[coupon["code"]], **coupon}
    points = {"balance": member.points_balance, **(context.pop("points", None) or {})}
    unsubscribe = (
        signing.unsubscribe_url(member.id, channel)
        if unsubscribe and channel in UNSUBSCRIBE_CHANNELS
        else ""
    )
    return {
        "member": member_context(member),
        "coupon": coupon,
        "points": points,
        "unsubscribe_url": unsubscribe,
        "recommendations": recommended(products if isinstance(products, list) else []),
        "vars": context,
    }
