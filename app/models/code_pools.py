"""Coupon code pools: partner codes loaded by admins, claimed by grants, and low-stock alerts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, UtcDateTime, utcnow


class CodePool(Base):
    """A named pool of codes a coupon template may draw from instead of generating codes."""

    __tablename__ = "code_pools"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: An alert is recorded when the unclaimed codes fall to this level or below.
    low_stock_level: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: When the current low-stock alert was raised; cleared when an upload refills the pool.
    low_stock_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class PoolCode(Base):
    """One partner code; ``claimed_at`` is set once, by the grant that hands it out."""

    __tablename__ = "pool_codes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    pool_id: Mapped[int] = mapped_column(ForeignKey("code_pools.id", ondelete="CASCADE"))
    #: Unique over every pool: a granted code becomes a coupon code, unique too.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_pool_codes_pool_claimed", "pool_id", "claimed_at", "id"),)


class CodePoolAlert(Base):
    """A recorded low-stock alert: the pool fell to ``remaining`` codes (level ``level``)."""

    __tablename__ = "code_pool_alerts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    pool_id: Mapped[int] = mapped_column(ForeignKey("code_pools.id", ondelete="CASCADE"))
    remaining: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
