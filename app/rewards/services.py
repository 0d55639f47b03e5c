"""Reading and writing the catalogue: rewards with what they link to, in one query each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import CouponTemplate, Member, Product, Reward, RewardRedemption
from app.rewards.catalogue import (
    RedemptionRefused,
    RewardDefinition,
    availability_refusal,
    stock_left,
)
from app.rewards.redemption import offer_of
from app.rewards.serialize import reward_json


class LinkProblem(ValueError):
    """A reward names a coupon template or product that does not exist."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def link_ids(session: Session, body: RewardDefinition) -> tuple[int | None, int | None]:
    """The coupon template and product ids the definition names."""
    template_id = product_id = None
    if body.coupon_template:
        template_id = session.scalar(
            select(CouponTemplate.id).where(CouponTemplate.key == body.coupon_template)
        )
        if template_id is None:
            raise LinkProblem("coupon_template", f"no coupon template {body.coupon_template!r}")
    if body.product_sku:
        product_id = session.scalar(select(Product.id).where(Product.sku == body.product_sku))
        if product_id is None:
            raise LinkProblem("product_sku", f"no product with SKU {body.product_sku!r}")
    return template_id, product_id


def apply_definition(session: Session, reward: Reward, body: RewardDefinition) -> None:
    template_id, product_id = link_ids(session, body)
    values = body.model_dump(mode="python", exclude={"coupon_template", "product_sku"})
    for field, value in values.items():
        setattr(reward, field, value)
    reward.coupon_template_id, reward.product_id = template_id, product_id


def _links(session: Session, rewards: list[Reward]) -> tuple[dict, dict]:
    template_ids = {r.coupon_template_id for r in rewards if r.coupon_template_id}
    product_ids = {r.product_id for r in rewards if r.product_id}
    templates = dict(
        session.execute(
            select(CouponTemplate.id, CouponTemplate.key).where(CouponTemplate.id.in_(template_ids))
        ).all()
        if template_ids
        else []
    )
    products = {
        pid: (sku, name)
        for pid, sku, name in (
            session.execute(
                select(Product.id, Product.sku, Product.name).where(Product.id.in_(product_ids))
            ).all()
            if product_ids
            else []
        )
    }
    return templates, products


def rewards_json(session: Session, rewards: list[Reward]) -> list[dict]:
    templates, products = _links(session, rewards)
    return [
        reward_json(r, templates.get(r.coupon_template_id), products.get(r.product_id))
        for r in rewards
    ]


def member_catalogue(session: Session, member_id: int, now: datetime) -> dict:
    """What a member sees: active rewards in their window, each saying whether this member
    can redeem it now and, if not, why (``blocked_by``)."""
    member = session.get(Member, member_id)
    if member is None:
        raise RedemptionRefused(404, "unknown_member", f"No member with id {member_id}.")
    rewards = list(
        session.scalars(
            select(Reward)
            .where(
                Reward.active.is_(True),
                (Reward.starts_at.is_(None)) | (Reward.starts_at <= now),
                (Reward.ends_at.is_(None)) | (Reward.ends_at > now),
            )
            .order_by(Reward.points_price, Reward.key)
        )
    )
    made: dict[int, int] = {}
    for reward_id in session.scalars(
        select(RewardRedemption.reward_id).where(RewardRedemption.member_id == member_id)
    ):
        made[reward_id] = made.get(reward_id, 0) + 1
    out = []
    for r, shown in zip(rewards, rewards_json(session, rewards), strict=True):
        refusal = availability_refusal(offer_of(r), member.tier, now)
        blocked = refusal.code if refusal else None
        left = stock_left(r.stock_total, r.redeemed_count)
        if (
            blocked is None
            and r.per_member_limit is not None
            and made.get(r.id, 0) >= r.per_member_limit
        ):
            blocked = "over_limit"
        if blocked is None and left == 0:
            blocked = "out_of_stock"
        if blocked is None and member.points_balance < r.points_price:
            blocked = "insufficient_points"
        shown.update(redeemed_by_member=made.get(r.id, 0), blocked_by=blocked)
        out.append(shown)
    return {
        "member_id": member.id,
        "tier": member.tier,
        "balance": member.points_balance,
        "rewards": out,
    }
