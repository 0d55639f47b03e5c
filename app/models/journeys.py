"""The journey aggregate: a journey and its immutable versions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, BigId, JsonDoc, UtcDateTime, utcnow

JOURNEY_STATUSES = ("draft", "published", "paused", "archived")
VERSION_STATUSES = ("draft", "published", "superseded")


class Journey(Base):
    """A journey, known across environments by its stable ``key``."""

    __tablename__ = "journeys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: When the running journey was paused; cleared on resume.
    paused_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    versions: Mapped[list[JourneyVersion]] = relationship(
        back_populates="journey",
        cascade="all, delete-orphan",
        order_by="JourneyVersion.number",
        lazy="raise",
    )


class JourneyVersion(Base):
    """One version of a journey's document. Published versions never change."""

    __tablename__ = "journey_versions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    document: Mapped[dict] = mapped_column(JsonDoc)
    #: SHA-256 of the canonical export, to tell at a glance whether two versions differ.
    checksum: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    journey: Mapped[Journey] = relationship(back_populates="versions")

    __table_args__ = (UniqueConstraint("journey_id", "number", name="uq_journey_versions_number"),)
