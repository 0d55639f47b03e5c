"""Program-wide settings an admin keeps, one JSON value per key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, JsonDoc, UtcDateTime, utcnow


class ProgramSetting(Base):
    """One program setting, e.g. ``control_group``: ``{"percent": 5, "salt": "…"}``."""

    __tablename__ = "program_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
