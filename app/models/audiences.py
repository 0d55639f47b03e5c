"""Saved audiences and tag definitions: rule trees with a stable key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime, utcnow


class Audience(Base):
    __tablename__ = "audiences"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    rules: Mapped[dict] = mapped_column(JsonDoc)
    last_size: Mapped[int | None] = mapped_column(Integer)
    last_size_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class TagDefinition(Base):
    """A named tag: ``static`` (set by hand, CSV or API) or ``rule`` (computed from rules)."""

    __tablename__ = "tag_definitions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="static")
    rules: Mapped[dict | None] = mapped_column(JsonDoc)
    last_computed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RfmRefresh(Base):
    """One RFM refresh: when it ran, the moment it scored as of (its run time unless it was
    run at a past date), over which window, how many members it scored and changed."""

    __tablename__ = "rfm_refreshes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    refreshed_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    #: NULL for refreshes logged before scoring at a past date existed: as of ``refreshed_at``.
    as_of: Mapped[datetime | None] = mapped_column(UtcDateTime)
    window_days: Mapped[int] = mapped_column(Integer)
    scored: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
