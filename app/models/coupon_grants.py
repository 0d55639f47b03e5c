"""Granted coupons (one row per code) and the status history of each."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime

COUPON_STATUSES = ("granted", "claimed", "redeemed", "expired", "void")
#: Statuses in which a coupon may still be redeemed.
LIVE_STATUSES = ("granted", "claimed")


class Coupon(Base):
    """One coupon held by one member, known to the shop and POS by its unique ``code``."""

    __tablename__ = "coupons"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("coupon_templates.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="granted")
    #: What granted it, e.g. ``journey:coffee-winback:node-7`` or ``api``.
    source: Mapped[str] = mapped_column(String(200), default="")
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    valid_from: Mapped[datetime] = mapped_column(UtcDateTime)
    valid_until: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    redeemed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    expired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: The shop's or POS's order id; redeeming again with it answers the same result.
    order_ref: Mapped[str | None] = mapped_column(String(64))
    order_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    discount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    redeem_channel: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (
        Index("ix_coupons_template_member", "template_id", "member_id"),
        Index("ix_coupons_member_status", "member_id", "status"),
        Index("ix_coupons_status_valid_until", "status", "valid_until"),
    )


class CouponEvent(Base):
    """One change of a coupon's status, with what caused it."""

    __tablename__ = "coupon_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    coupon_id: Mapped[int] = mapped_column(ForeignKey("coupons.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    detail: Mapped[dict] = mapped_column(JsonDoc, default=dict)

    __table_args__ = (Index("ix_coupon_events_coupon_id", "coupon_id"),)
