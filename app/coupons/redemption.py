"""Claiming and redeeming a coupon, each refusal with its own code and sentence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.coupons.terms import discount_for, threshold
from app.models import Coupon, CouponEvent, CouponTemplate, Member
from app.models.coupon_grants import LIVE_STATUSES
from app.reports.coupon_days import coupon_days_kept


class CouponRefused(Exception):
    """A claim or redemption that may not happen; ``code`` names the reason."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class Redemption:
    code: str
    order_id: str
    order_amount: Decimal
    discount: Decimal
    free_shipping: bool
    redeemed_at: datetime
    replayed: bool = False


def _load(session: Session, code: str) -> tuple[Coupon, CouponTemplate]:
    row = session.execute(
        select(Coupon, CouponTemplate)
        .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
        .where(Coupon.code == code.strip().upper())
    ).first()
    if row is None:
        raise CouponRefused(404, "unknown_coupon", f"No coupon has the code {code!r}.")
    return row[0], row[1]


def _check_owner(session: Session, coupon: Coupon, member_external_id: str | None) -> None:
    if member_external_id is None:
        return
    owner = session.scalar(select(Member.external_id).where(Member.id == coupon.member_id))
    if owner != member_external_id:
        raise CouponRefused(403, "not_owner", f"Coupon {coupon.code} belongs to another member.")


def _check_live(coupon: Coupon, now: datetime) -> None:
    if coupon.status == "redeemed":
        raise CouponRefused(
            409,
            "already_redeemed",
            f"Coupon {coupon.code} was redeemed already, on order {coupon.order_ref}.",
        )
    if coupon.status == "expired" or (coupon.status in LIVE_STATUSES and now >= coupon.valid_until):
        raise CouponRefused(
            410, "expired", f"Coupon {coupon.code} expired at {coupon.valid_until.isoformat()}."
        )
    if coupon.status == "void":
        raise CouponRefused(409, "void", f"Coupon {coupon.code} was cancelled.")
    if now < coupon.valid_from:
        raise CouponRefused(
            409,
            "not_yet_valid",
            f"Coupon {coupon.code} is valid from {coupon.valid_from.isoformat()}.",
        )


def claim_coupon(session: Session, code: str, member_id: int, now: datetime) -> Coupon:
    """Mark a granted coupon as claimed by its owner (idempotent for a claimed coupon)."""
    coupon, _ = _load(session, code)
    if coupon.member_id != member_id:
        raise CouponRefused(403, "not_owner", f"Coupon {coupon.code} belongs to another member.")
    if coupon.status == "claimed":
        return coupon
    _check_live(coupon, now)
    with coupon_days_kept(session, Coupon.id == coupon.id):
        coupon.status, coupon.claimed_at = "claimed", now
        session.add(CouponEvent(coupon_id=coupon.id, status="claimed", at=now, detail={}))
        session.flush()
    return coupon


def redeem_coupon(
    session: Session,
    code: str,
    *,
    order_id: str,
    order_amount: Decimal,
    channel: str,
    now: datetime,
    member_external_id: str | None = None,
    shipping_fee: Decimal = Decimal("0"),
) -> Redemption:
    """Redeem ``code`` on an order, or raise :class:`CouponRefused` saying why not.

    Redeeming again with the same ``order_id`` answers the first result (``replayed``).
    The status change is one conditional ``UPDATE``, so two tills cannot both win.
    """
    coupon, template = _load(session, code)
    _check_owner(session, coupon, member_external_id)
    if coupon.status == "redeemed" and coupon.order_ref == order_id:
        return Redemption(
            coupon.code,
            order_id,
            coupon.order_amount,
            coupon.discount,
            template.kind == "free_shipping",
            coupon.redeemed_at,
            replayed=True,
        )
    _check_live(coupon, now)
    if channel not in (template.channels or []):
        allowed = ", ".join(template.channels or []) or "nowhere"
        raise CouponRefused(
            422, "channel_not_allowed", f"Coupon {coupon.code} is redeemable only {allowed}."
        )
    minimum = threshold(template.kind, template.terms)
    if order_amount < minimum:
        raise CouponRefused(
            422,
            "below_threshold",
            f"Coupon {coupon.code} needs an order of at least {minimum:g}; "
            f"this one is {order_amount:g}.",
        )
    discount = discount_for(template.kind, template.terms, order_amount, shipping_fee)
    with coupon_days_kept(session, Coupon.id == coupon.id):
        won = _mark_redeemed(session, coupon, order_id, order_amount, discount, channel, now)
    if won.rowcount != 1:
        session.expire(coupon)
        return redeem_coupon(
            session,
            code,
            order_id=order_id,
            order_amount=order_amount,
            channel=channel,
            now=now,
            member_external_id=member_external_id,
            shipping_fee=shipping_fee,
        )
    session.execute(
        insert(CouponEvent).values(
            coupon_id=coupon.id,
            status="redeemed",
            at=now,
            detail={"order_id": order_id, "amount": str(order_amount), "channel": channel},
        )
    )
    session.expire(coupon)
    return Redemption(
        coupon.code, order_id, order_amount, discount, template.kind == "free_shipping", now
    )


def _mark_redeemed(session, coupon, order_id, order_amount, discount, channel, now):
    """One conditional ``UPDATE``: only a live coupon becomes redeemed."""
    return session.execute(
        update(Coupon)
        .where(Coupon.id == coupon.id, Coupon.status.in_(LIVE_STATUSES))
        .values(
            status="redeemed",
            redeemed_at=now,
            order_ref=order_id,
            order_amount=order_amount,
            discount=discount,
            redeem_channel=channel,
        )
        .execution_options(synchronize_session=False)
    )
