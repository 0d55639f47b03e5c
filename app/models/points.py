"""The points aggregate: an append-only ledger, earning rules, multipliers and tier levels."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime, utcnow

ENTRY_KINDS = ("earn", "spend", "expire", "adjust")
#: Tiers in rank order; a member's tier comes from points earned in the qualifying window.
TIER_ORDER = ("basic", "silver", "gold", "platinum", "diamond")
DEFAULT_TIER_THRESHOLDS = {"silver": 1000, "gold": 5000, "platinum": 20000, "diamond": 50000}
QUALIFYING_DAYS = 365


class PointsEntry(Base):
    """One ledger line. Rows are only inserted; ``remaining`` tracks what is left of a lot.

    The sum of ``points`` over a member's rows always equals ``members.points_balance``.
    Positive rows are lots; spends and expiries consume lots oldest-expiring first.
    """

    __tablename__ = "points_ledger"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    points: Mapped[int] = mapped_column(Integer)
    remaining: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: Idempotency key such as ``order:123``; the same reference is never booked twice.
    reference: Mapped[str | None] = mapped_column(String(200), unique=True)
    source: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_points_ledger_member_created", "member_id", "created_at"),
        Index("ix_points_ledger_expires_at", "expires_at"),
    )


class EarningRule(Base):
    """Points per yuan by order size: the band an order's amount falls in sets its rate."""

    __tablename__ = "points_earning_rules"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: ``[{"min_amount": 0, "rate": 1}, {"min_amount": 500, "rate": 1.5}]``
    bands: Mapped[list] = mapped_column(JsonDoc, default=list)
    #: Order channels the rule applies to; empty means all.
    channels: Mapped[list] = mapped_column(JsonDoc, default=list)
    expires_after_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class PointsMultiplier(Base):
    """A limited-time multiplier (double points week) for orders paid inside its window."""

    __tablename__ = "points_multipliers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    factor: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: Tiers it applies to; empty means every tier.
    tiers: Mapped[list] = mapped_column(JsonDoc, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class TierLevel(Base):
    """The qualifying points a tier needs; with no rows the defaults apply."""

    __tablename__ = "tier_levels"

    tier: Mapped[str] = mapped_column(String(16), primary_key=True)
    min_points: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class TierChange(Base):
    """A member's move between tiers, so journeys and reports can see upgrades."""

    __tablename__ = "tier_changes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    from_tier: Mapped[str] = mapped_column(String(16))
    to_tier: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_tier_changes_member_at", "member_id", "at"),)
