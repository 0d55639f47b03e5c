"""What a reward is, as the API accepts it, and who may redeem it when: pure checks with no
database access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from app.models.points import TIER_ORDER

#: Points move in 32-bit columns; one price stays well inside them.
POINTS_LIMIT = 2_000_000_000
Tier = Literal[TIER_ORDER]  # type: ignore[valid-type]


class RewardDefinition(BaseModel):
    """A reward: what it gives, its price in points, stock, limits, tiers and validity."""

    key: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)
    kind: Literal["coupon", "product", "lottery"]
    points_price: int = Field(ge=1, le=POINTS_LIMIT)
    coupon_template: str | None = Field(
        default=None, max_length=100, description="Key of the coupon template (coupon rewards)."
    )
    product_sku: str | None = Field(
        default=None, max_length=64, description="SKU of the product (product rewards)."
    )
    stock_total: int | None = Field(
        default=None, ge=0, le=POINTS_LIMIT, description="None: unlimited."
    )
    per_member_limit: int | None = Field(default=1, ge=1, le=100000, description="None: unlimited.")
    tiers: list[Tier] = Field(
        default_factory=list, description="Tiers that may redeem; empty: all."
    )
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    active: bool = True

    @model_validator(mode="after")
    def _consistent(self):
        if self.kind == "coupon" and not self.coupon_template:
            raise ValueError("a coupon reward needs coupon_template")
        if self.kind == "product" and not self.product_sku:
            raise ValueError("a product reward needs product_sku")
        if self.kind != "coupon" and self.coupon_template:
            raise ValueError("only a coupon reward takes coupon_template")
        if self.kind != "product" and self.product_sku:
            raise ValueError("only a product reward takes product_sku")
        for moment in (self.starts_at, self.ends_at):
            if moment is not None and moment.tzinfo is None:
                raise ValueError("starts_at and ends_at need a timezone offset")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        self.tiers = [t for t in TIER_ORDER if t in set(self.tiers)]
        return self


class RedemptionRefused(Exception):
    """A redemption that may not happen; ``code`` names the reason, ``status`` the answer."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class Offer:
    """What the checks need to know of a reward."""

    key: str
    active: bool
    tiers: tuple[str, ...]
    starts_at: datetime | None
    ends_at: datetime | None


def availability_refusal(offer: Offer, tier: str, now: datetime) -> RedemptionRefused | None:
    """Why a member of ``tier`` may not redeem ``offer`` at ``now``, or None.

    Stock, the per-member limit and the balance are checked under lock when redeeming.
    """
    if not offer.active:
        return RedemptionRefused(
            409, "reward_inactive", f"The reward {offer.key!r} is switched off."
        )
    if offer.starts_at is not None and now < offer.starts_at:
        return RedemptionRefused(
            409,
            "reward_not_started",
            f"The reward {offer.key!r} can be redeemed from {offer.starts_at.isoformat()}.",
        )
    if offer.ends_at is not None and now >= offer.ends_at:
        return RedemptionRefused(
            410,
            "reward_expired",
            f"The reward {offer.key!r} could be redeemed until {offer.ends_at.isoformat()}.",
        )
    if offer.tiers and tier not in offer.tiers:
        return RedemptionRefused(
            403,
            "tier_not_allowed",
            f"The reward {offer.key!r} is for {', '.join(offer.tiers)} members; "
            f"this member is {tier}.",
        )
    return None


def stock_left(stock_total: int | None, redeemed_count: int) -> int | None:
    """Units still to give, None when unlimited."""
    return None if stock_total is None else max(stock_total - redeemed_count, 0)
