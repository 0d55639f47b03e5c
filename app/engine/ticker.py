"""The ticker: repeatedly advance due runs in batches, each batch its own transaction."""

from __future__ import annotations

import logging
import time
from contextlib import ExitStack

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.engine import hooks
from app.engine.clock import Clock, current_clock
from app.engine.read_ahead import ReadAhead
from app.engine.report import BatchReport
from app.engine.runner import advance_due

log = logging.getLogger(__name__)

#: Runs claimed per batch (one transaction) unless ``ENGINE_BATCH_SIZE`` says otherwise.
#: Large batches spread each statement's fixed cost over many members; on SQLite a batch
#: holds the write lock for as long as it runs (about half a second for 10,000 new entrants).
BATCH_SIZE = 10_000


def configured_batch_size() -> int:
    """The app's ``ENGINE_BATCH_SIZE``, or :data:`BATCH_SIZE` outside an app."""
    from flask import current_app, has_app_context

    if not has_app_context():
        return BATCH_SIZE
    return int(current_app.config.get("ENGINE_BATCH_SIZE") or BATCH_SIZE)


def engine_session(connection: Connection | None = None) -> Session:
    """A session for one engine transaction, on ``connection`` if given. On SQLite it takes
    the write lock at BEGIN, so two tickers can never read the same due rows."""
    from app.extensions import db

    bind = connection if connection is not None else db.engine
    return Session(bind=bind.execution_options(sqlite_begin_immediate=True))


def tick(
    clock: Clock | None = None,
    batch_size: int = BATCH_SIZE,
    max_seconds: float = 5.0,
    journey_ids: list[int] | None = None,
) -> list[BatchReport]:
    """Advance due runs batch after batch until none is due; returns each batch's report.

    Batches follow each other back to back: a full batch means more runs are due (a mass
    expiry of waits, say), so the next is claimed at once; a batch that comes back short
    means everything due was taken, and the tick ends without asking again. No new batch
    starts after ``max_seconds``. A batch that fails as a whole (say, the database went
    away) is rolled back and left due, so it runs again on the next tick.

    On SQLite the tick's batches share one connection, and each reads the next one's runs
    ahead while it works (see :mod:`app.engine.read_ahead`).
    """
    from app.extensions import db

    clock = clock or current_clock()
    reports: list[BatchReport] = []
    started = time.monotonic()
    with ExitStack() as stack:
        connection, ahead = None, None
        if db.engine.dialect.name == "sqlite":
            connection = stack.enter_context(db.engine.connect())
            ahead = stack.enter_context(ReadAhead(db.engine))
        while time.monotonic() - started < max_seconds:
            with engine_session(connection) as session:
                try:
                    report = advance_due(session, clock.now(), batch_size, journey_ids, ahead)
                    session.commit()
                except Exception:
                    session.rollback()
                    log.exception("engine batch failed; it stays due and runs again")
                    break
            if report.runs == 0:
                break
            hooks.batch_processed(report)
            reports.append(report)
            if report.runs < batch_size:
                break
    return reports
