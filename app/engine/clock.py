"""The one clock of the engine: real time in production, a movable clock in tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock UTC time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class VirtualClock:
    """A clock that only moves when told to: tests and test mode run days in seconds."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime.now(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment


def current_clock() -> Clock:
    """The app's clock (``app.extensions["clock"]``), the system clock by default."""
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.extensions.setdefault("clock", SystemClock())
    return SystemClock()
