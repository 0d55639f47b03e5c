"""The ticker: repeatedly advance due runs in batches, each batch its own transaction."""

from __future__ import annotations

import logging
import time

from sqlalchemy.orm import Session

from app.engine import hooks
from app.engine.clock import Clock, current_clock
from app.engine.runner import BatchReport, advance_due

log = logging.getLogger(__name__)

BATCH_SIZE = 1000


def engine_session() -> Session:
    """A session for one engine transaction. On SQLite it takes the write lock at BEGIN, so
    two tickers can never read the same due rows."""
    from app.extensions import db

    return Session(bind=db.engine.execution_options(sqlite_begin_immediate=True))


def tick(
    clock: Clock | None = None,
    batch_size: int = BATCH_SIZE,
    max_seconds: float = 5.0,
    journey_ids: list[int] | None = None,
) -> list[BatchReport]:
    """Advance due runs until none is due or ``max_seconds`` passed; returns each batch's report.

    A batch that fails as a whole (say, the database went away) is rolled back and left due,
    so it runs again on the next tick.
    """
    clock = clock or current_clock()
    reports: list[BatchReport] = []
    started = time.monotonic()
    while time.monotonic() - started < max_seconds:
        with engine_session() as session:
            try:
                report = advance_due(session, clock.now(), batch_size, journey_ids)
                session.commit()
            except Exception:
                session.rollback()
                log.exception("engine batch failed; it stays due and runs again")
                break
        if report.runs == 0:
            break
        hooks.batch_processed(report)
        reports.append(report)
    return reports
