"""Coupon templates (what a journey grants by key), with their issued-stock counter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime, utcnow

COUPON_KINDS = ("amount_off", "percent_off", "free_shipping")
REDEEM_CHANNELS = ("online", "pos")


class CouponTemplate(Base):
    __tablename__ = "coupon_templates"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    #: Kind-specific terms: threshold, amount, percent, cap.
    terms: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    #: ``{"days_after_grant": N}`` or ``{"starts_at": ..., "ends_at": ...}``.
    validity: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    stock_total: Mapped[int | None] = mapped_column(Integer)
    per_member_limit: Mapped[int] = mapped_column(Integer, default=1)
    channels: Mapped[list] = mapped_column(JsonDoc, default=list)
    #: The key of the code pool its codes are drawn from; generated codes when None.
    code_pool: Mapped[str | None] = mapped_column(String(100))
    #: Coupons granted so far; only ever changed under the template's row lock.
    issued_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
