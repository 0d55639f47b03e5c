"""Forecasts kept for later: the one shown when a version was published, to be measured
against what the version then did."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime


class JourneyForecast(Base):
    """One kept forecast of a journey version (the newest kept one counts)."""

    __tablename__ = "journey_forecasts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("journey_versions.id", ondelete="CASCADE"))
    made_at: Mapped[datetime] = mapped_column(UtcDateTime)
    days: Mapped[int] = mapped_column(Integer)
    #: The forecast's answer as served by the API.
    figures: Mapped[dict] = mapped_column(JsonDoc)

    __table_args__ = (Index("ix_journey_forecasts_version", "version_id", "made_at"),)
