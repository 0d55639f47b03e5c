"""JSON shapes of rewards and redemptions, shared by the admin and member routes."""

from __future__ import annotations

from app.models import Reward, RewardRedemption
from app.rewards.catalogue import stock_left


def _iso(value):
    return value.isoformat() if value is not None else None


def reward_json(r: Reward, coupon_template: str | None, product: tuple | None) -> dict:
    """``product`` is ``(sku, name)`` for product rewards."""
    return {
        "key": r.key,
        "name": r.name,
        "description": r.description,
        "kind": r.kind,
        "points_price": r.points_price,
        "coupon_template": coupon_template,
        "product_sku": product[0] if product else None,
        "product_name": product[1] if product else None,
        "stock_total": r.stock_total,
        "redeemed_count": r.redeemed_count,
        "stock_left": stock_left(r.stock_total, r.redeemed_count),
        "per_member_limit": r.per_member_limit,
        "tiers": r.tiers,
        "starts_at": _iso(r.starts_at),
        "ends_at": _iso(r.ends_at),
        "active": r.active,
        "updated_at": _iso(r.updated_at),
    }


def redemption_json(x: RewardRedemption, reward_key: str, replayed: bool = False) -> dict:
    return {
        "id": x.id,
        "reward": reward_key,
        "member_id": x.member_id,
        "idempotency_key": x.idempotency_key,
        "points": x.points,
        "tier": x.tier,
        "coupon_code": x.coupon_code,
        "lottery_code": x.lottery_code,
        "actor": x.actor,
        "created_at": _iso(x.created_at),
        "replayed": replayed,
    }
