"""Monitors: what an admin writes (checked), lists and removes."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.alerts.core import COMPARISONS
from app.dashboard.periods import MAX_PERIOD_DAYS
from app.dashboard.service import METRICS
from app.errors import ApiError
from app.journeys.types import StableKey
from app.models import AlertMonitor

Metric = Literal[METRICS]  # type: ignore[valid-type]
Comparison = Literal[COMPARISONS]  # type: ignore[valid-type]


class MonitorIn(BaseModel):
    """A monitor as an admin writes it."""

    model_config = ConfigDict(extra="forbid")

    key: StableKey = Field(max_length=100, description="Named by entry.alert nodes")
    name: str = Field(min_length=1, max_length=200)
    metric: Metric = Field(description="A dashboard metric")
    comparison: Comparison = Field(
        description="falls_by / rises_by: percent against the previous period; below / above: a value"
    )
    threshold: Decimal = Field(ge=0, le=Decimal("1e12"), max_digits=16, decimal_places=4)
    period_days: int = Field(default=30, ge=1, le=MAX_PERIOD_DAYS)
    active: bool = True


class MonitorPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    active: bool


def monitor_json(m: AlertMonitor) -> dict:
    return {
        "key": m.key,
        "name": m.name,
        "metric": m.metric,
        "comparison": m.comparison,
        "threshold": float(m.threshold),
        "period_days": m.period_days,
        "active": m.active,
        "created_at": m.created_at.isoformat(),
    }


def find_monitor(session: Session, key: str) -> AlertMonitor:
    monitor = session.scalar(select(AlertMonitor).where(AlertMonitor.key == key))
    if monitor is None:
        raise ApiError(404, "not_found", f"No monitor with the key '{key}'.")
    return monitor


def create_monitor(session: Session, body: MonitorIn) -> AlertMonitor:
    if session.scalar(select(AlertMonitor.id).where(AlertMonitor.key == body.key)):
        raise ApiError(
            409,
            "conflict",
            f"A monitor with the key '{body.key}' exists.",
            [{"field": "key", "message": "already used"}],
        )
    monitor = AlertMonitor(**body.model_dump())
    session.add(monitor)
    session.flush()
    return monitor
