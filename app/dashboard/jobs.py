"""The nightly build of the dashboard's recent days and today's tier and segment snapshot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from apscheduler.schedulers.base import BaseScheduler

from app.dashboard.periods import MAX_PERIOD_DAYS
from app.dashboard.refresh import REBUILD_RECENT_DAYS, build_days, ensure_days
from app.dashboard.snapshots import take_snapshot
from app.engine.clock import current_clock
from app.extensions import db

#: Days back the nightly job makes sure are built: the longest period, its previous
#: period's 90-day activity window included.
BACKFILL_DAYS = 2 * MAX_PERIOD_DAYS + 90


def nightly_build() -> dict:
    """Build the last days again (late orders, refunds), any missing day of the days a
    dashboard may read, and snapshot tiers and segments."""
    now = current_clock().now()
    today = now.date()
    built = build_days(db.session, today - timedelta(days=REBUILD_RECENT_DAYS), today, now)
    db.session.commit()
    missing = ensure_days(db.session, today - timedelta(days=BACKFILL_DAYS), today, now)
    take_snapshot(db.session, today)
    db.session.commit()
    return {"days": built, "missing": len(missing)}


def register_jobs(scheduler: BaseScheduler, run: Callable[[Callable], Callable]) -> None:
    """Nightly at 03:10 UTC, after the RFM refresh, so the snapshot holds fresh segments."""
    scheduler.add_job(
        run(nightly_build), "cron", hour=3, minute=10, id="dashboard.nightly", replace_existing=True
    )
