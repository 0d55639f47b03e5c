"""What a coupon template promises: its terms, validity and the discount for an order.

Pure functions and pydantic models, with no database access.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from app.models.coupons import REDEEM_CHANNELS

CENT = Decimal("0.01")


class AmountOff(BaseModel):
    """Spend ``threshold``, get ``amount`` off (threshold 0 means no minimum)."""

    threshold: Decimal = Field(default=Decimal("0"), ge=0)
    amount: Decimal = Field(gt=0)


class PercentOff(BaseModel):
    """``percent`` off the order, at most ``cap`` when a cap is set."""

    threshold: Decimal = Field(default=Decimal("0"), ge=0)
    percent: Decimal = Field(gt=0, le=100)
    cap: Decimal | None = Field(default=None, gt=0)


class FreeShipping(BaseModel):
    """Free shipping above ``threshold``; the discount is the shipping fee the shop sends."""

    threshold: Decimal = Field(default=Decimal("0"), ge=0)


TERMS_MODELS = {"amount_off": AmountOff, "percent_off": PercentOff, "free_shipping": FreeShipping}


class Validity(BaseModel):
    """Either ``days_after_grant`` or a fixed window ``starts_at``..``ends_at``."""

    days_after_grant: int | None = Field(default=None, ge=1, le=3650)
    starts_at: datetime | None = None
    ends_at: datetime | None = None

    @model_validator(mode="after")
    def _one_kind(self):
        fixed = self.starts_at is not None or self.ends_at is not None
        if (self.days_after_grant is None) == (not fixed):
            raise ValueError("give either days_after_grant or starts_at and ends_at")
        if fixed:
            if self.starts_at is None or self.ends_at is None:
                raise ValueError("a fixed window needs both starts_at and ends_at")
            if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
                raise ValueError("starts_at and ends_at need a timezone offset")
            if self.ends_at <= self.starts_at:
                raise ValueError("ends_at must be after starts_at")
        return self


class TemplateDefinition(BaseModel):
    """A coupon template as the API accepts it."""

    key: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["amount_off", "percent_off", "free_shipping"]
    terms: dict = Field(default_factory=dict)
    validity: Validity
    stock_total: int | None = Field(default=None, ge=0)
    per_member_limit: int = Field(default=1, ge=1, le=1000)
    channels: list[Literal["online", "pos"]] = Field(default_factory=lambda: list(REDEEM_CHANNELS))
    code_pool: str | None = Field(
        default=None, max_length=100, description="Draw codes from this pool instead of generating"
    )
    active: bool = True

    @model_validator(mode="after")
    def _terms_fit_kind(self):
        self.terms = TERMS_MODELS[self.kind].model_validate(self.terms).model_dump(mode="json")
        if not self.channels:
            raise ValueError("channels must name at least one of online, pos")
        return self


def validity_window(validity: dict, granted_at: datetime) -> tuple[datetime, datetime]:
    """The ``(valid_from, valid_until)`` of a coupon granted at ``granted_at``."""
    v = Validity.model_validate(validity)
    if v.days_after_grant is not None:
        return granted_at, granted_at + timedelta(days=v.days_after_grant)
    return v.starts_at, v.ends_at


def threshold(kind: str, terms: dict) -> Decimal:
    return Decimal(str(terms.get("threshold", 0)))


def discount_for(kind: str, terms: dict, order_amount: Decimal, shipping_fee: Decimal) -> Decimal:
    """The discount this coupon gives on an order of ``order_amount``."""
    t = TERMS_MODELS[kind].model_validate(terms)
    if kind == "amount_off":
        value = min(t.amount, order_amount)
    elif kind == "percent_off":
        value = order_amount * t.percent / 100
        if t.cap is not None:
            value = min(value, t.cap)
    else:
        value = shipping_fee
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def describe(kind: str, terms: dict) -> str:
    """A short human description, used in messages as the coupon's value."""
    t = TERMS_MODELS[kind].model_validate(terms)
    spend = f"spend {t.threshold:g}, " if t.threshold else ""
    if kind == "amount_off":
        return f"{spend}{t.amount:g} off"
    if kind == "percent_off":
        cap = f" (up to {t.cap:g})" if t.cap is not None else ""
        return f"{spend}{t.percent:g}% off{cap}"
    return f"{spend}free shipping"
