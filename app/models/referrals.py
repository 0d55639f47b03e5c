"""Referrals: who invited whom, refused attempts with their reason, and lottery draws."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime

REFUSAL_REASONS = ("self_referral", "loop", "unknown_code", "already_referred")


class Referral(Base):
    """An invitee linked to its inviter; one per invitee (the first touch wins)."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    inviter_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    invitee_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    code: Mapped[str] = mapped_column(String(16))
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: When the invitee's first paid order settled (``referral_first_order`` was emitted).
    first_order_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_referrals_inviter", "inviter_id"),)


class ReferralRefusal(Base):
    """A code presented at registration that linked nobody, and why."""

    __tablename__ = "referral_refusals"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    invitee_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    inviter_id: Mapped[int | None] = mapped_column(BigId)
    code: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_referral_refusals_at", "at"),)


class LotteryDraw(Base):
    """A seeded draw among the codes of a coupon template, reproducible from what it records."""

    __tablename__ = "lottery_draws"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    template_key: Mapped[str] = mapped_column(String(100))
    #: Entrants are the template's coupons granted before this moment.
    entrants_until: Mapped[datetime] = mapped_column(UtcDateTime)
    seed: Mapped[str] = mapped_column(String(64))
    entrants_count: Mapped[int] = mapped_column(Integer)
    #: SHA-256 of the entrants' codes, sorted, one per line.
    entrants_hash: Mapped[str] = mapped_column(String(64))
    winners: Mapped[list] = mapped_column(JsonDoc, default=list)
    drawn_at: Mapped[datetime] = mapped_column(UtcDateTime)
    drawn_by: Mapped[str] = mapped_column(String(254), default="")
