"""Behaviour events reported by the shop, app and POS."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime, utcnow

EVENT_TYPES = (
    "registered",
    "login",
    "page_view",
    "cart_add",
    "cart_abandoned",
    "order_paid",
    "referral",
    "referral_registered",
    "referral_first_order",
    "tier_changed",
    "reward_redeemed",
    "custom",
)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    #: The sender's id for the event; re-posting the same id never stores it twice.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(64))
    #: For ``custom`` events, the sender's own name for them.
    name: Mapped[str | None] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    properties: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_events_member_type_occurred", "member_id", "type", "occurred_at"),
        Index("ix_events_type_occurred", "type", "occurred_at"),
    )
