"""KPI alerts: monitors an admin defines on a dashboard metric, the alerts they raise."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime, utcnow


class AlertMonitor(Base):
    """Watches one metric over a period of ``period_days`` ending yesterday.

    ``comparison``: ``falls_by`` / ``rises_by`` (``threshold`` percent against the previous
    period of equal length), ``below`` / ``above`` (``threshold`` as a value).
    Journeys with an ``entry.alert`` node naming the monitor's ``key`` start when it fires.
    """

    __tablename__ = "alert_monitors"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(32))
    comparison: Mapped[str] = mapped_column(String(16))
    threshold: Mapped[Decimal] = mapped_column(Numeric(16, 4))
    period_days: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Alert(Base):
    """A monitor fired for one period (once per monitor and period end), or a code pool
    fell to its low-stock level (once per fall: ``code_pool_alert_id``)."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    monitor_id: Mapped[int | None] = mapped_column(
        ForeignKey("alert_monitors.id", ondelete="CASCADE")
    )
    code_pool_alert_id: Mapped[int | None] = mapped_column(
        ForeignKey("code_pool_alerts.id", ondelete="CASCADE"), unique=True
    )
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    previous: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    message: Mapped[str] = mapped_column(String(500))
    #: The members it concerns (for an active-members drop: active before, not now).
    members: Mapped[int] = mapped_column(Integer, default=0)
    #: What the alert did: the journey it started and members it entered, emails queued.
    outcome: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    fired_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("monitor_id", "period_end", name="uq_alerts_monitor_period"),
        Index("ix_alerts_fired_at", "fired_at"),
    )


class AlertRead(Base):
    """A user has read an alert (the header's unread count is per user)."""

    __tablename__ = "alert_reads"

    alert_id: Mapped[int] = mapped_column(
        ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
