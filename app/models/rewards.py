"""The points rewards catalogue (积分商城): rewards members buy with points, and each
redemption of one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime, utcnow

#: What a reward gives: a coupon of a template, a product to hand over, a lottery entry.
REWARD_KINDS = ("coupon", "product", "lottery")


class Reward(Base):
    """One item of the catalogue, bought for ``points_price`` points."""

    __tablename__ = "rewards"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16))
    points_price: Mapped[int] = mapped_column(Integer)
    #: The coupon template a ``coupon`` reward grants from.
    coupon_template_id: Mapped[int | None] = mapped_column(ForeignKey("coupon_templates.id"))
    #: The product a ``product`` reward hands over.
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    #: Units to give out in all; None is unlimited.
    stock_total: Mapped[int | None] = mapped_column(Integer)
    #: Units given out so far; only ever raised by a conditional ``UPDATE`` below the stock.
    redeemed_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Redemptions one member may make; None is unlimited.
    per_member_limit: Mapped[int | None] = mapped_column(Integer)
    #: Tiers that may redeem; empty means every tier.
    tiers: Mapped[list] = mapped_column(JsonDoc, default=list)
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class RewardRedemption(Base):
    """One member's purchase of a reward: the points it cost and what it granted.

    ``(member_id, idempotency_key)`` is unique: a retry with the same key finds this row.
    """

    __tablename__ = "reward_redemptions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reward_id: Mapped[int] = mapped_column(ForeignKey("rewards.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    idempotency_key: Mapped[str] = mapped_column(String(100))
    points: Mapped[int] = mapped_column(Integer)
    #: The member's tier when they redeemed.
    tier: Mapped[str] = mapped_column(String(16))
    #: The points ledger line that paid for it.
    ledger_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("points_ledger.id", ondelete="SET NULL")
    )
    coupon_code: Mapped[str | None] = mapped_column(String(32))
    lottery_code: Mapped[str | None] = mapped_column(String(32))
    #: ``member`` (through the member API) or ``user:<id>`` (an admin on their behalf).
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("member_id", "idempotency_key", name="uq_reward_redemptions_member_key"),
        Index("ix_reward_redemptions_reward_member", "reward_id", "member_id"),
        Index("ix_reward_redemptions_created_at", "created_at"),
    )
