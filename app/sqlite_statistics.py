"""SQLite's planner statistics, refreshed every night.

SQLite chooses its indexes from the statistics that ``ANALYZE`` stores in ``sqlite_stat1``
and never refreshes them by itself: a base analysed when it held the demo, or never, plans a
journey with a million touches as if it held a few. Here the scheduler runs a full
``ANALYZE`` every night, before the nightly refresh (``AUDIENCES_REFRESH_HOUR``:00 UTC), so
that refresh and the next day's reports plan from the base as it is. It holds the write lock
for a few seconds at a million members (4.9 s for 1,000,000 members and 10,000,000 orders);
writers wait for it. PostgreSQL's autovacuum keeps its own statistics, so nothing is
scheduled there.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from sqlalchemy.engine import Engine

JOB_ID = "sqlite-statistics"


def refresh_statistics(engine: Engine) -> bool:
    """Analyse every table and index of a SQLite database; False on another database."""
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    return True


def register_jobs(scheduler, run: Callable[[Callable], Callable]) -> None:
    """On SQLite, analyse every night at ``AUDIENCES_REFRESH_HOUR``:00 UTC (see app.scheduler)."""
    from app.extensions import db

    if db.engine.dialect.name != "sqlite":
        return
    hour = int(current_app.config.get("AUDIENCES_REFRESH_HOUR", 2))

    def statistics_job() -> None:
        refresh_statistics(db.engine)

    scheduler.add_job(run(statistics_job), "cron", hour=hour, minute=0, id=JOB_ID)
