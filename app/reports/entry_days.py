"""Real runs entering each journey per UTC day, counted as they enter."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.reports import JourneyEntryDay
from app.models.runs import JourneyMember
from app.reports.days import utc_day
from app.reports.kept import add_to_rows


def _add(session: Session, rows: list[tuple[int, str, int]]) -> None:
    add_to_rows(
        session.connection(), "journey_entry_days", ("journey_id", "day"), ("entered",), rows
    )


def count_entries(session: Session, journey_id: int, now: datetime, entered: int) -> None:
    """Add ``entered`` real runs that entered the journey at ``now``."""
    if entered:
        _add(session, [(journey_id, now.astimezone(UTC).date().isoformat(), entered)])


def count_journey_entries(session: Session, journey_id: int) -> None:
    """Count every real run of a journey (for runs written outside the engine, such as a
    benchmark's)."""
    day = utc_day(session, JourneyMember.entered_at)
    rows = session.execute(
        select(day, func.count())
        .where(JourneyMember.journey_id == journey_id, JourneyMember.is_test.is_(False))
        .group_by(day)
    )
    _add(session, [(journey_id, d, n) for d, n in rows])


def entry_days(
    session: Session, journey_id: int, first_day: str | None, last_day: str | None
) -> pd.DataFrame:
    """``day, entered`` from ``first_day`` to ``last_day`` (UTC, inclusive)."""
    days = JourneyEntryDay
    rows = session.execute(
        select(days.day, days.entered).where(
            days.journey_id == journey_id,
            *([days.day >= first_day] if first_day else []),
            *([days.day <= last_day] if last_day else []),
        )
    ).all()
    return pd.DataFrame(rows, columns=["day", "entered"])
