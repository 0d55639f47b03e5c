"""The nightly refresh of best send times. Registered through ``app.scheduler.JOB_PROVIDERS``."""

from __future__ import annotations

from collections.abc import Callable

from apscheduler.schedulers.base import BaseScheduler
from flask import current_app

from app.engine.clock import current_clock
from app.extensions import db
from app.send_time.refresh import refresh_send_times


def nightly_send_times() -> int:
    """Recompute every member's best send time and commit; needs an app context."""
    stored = refresh_send_times(db.session, current_clock().now())
    db.session.commit()
    return stored


def register_jobs(scheduler: BaseScheduler, run: Callable[[Callable], Callable] | None = None):
    """Refresh at ``AUDIENCES_REFRESH_HOUR``:45 UTC, after the nightly RFM refresh has set
    the segments the estimates are shrunk towards."""
    hour = int(current_app.config.get("AUDIENCES_REFRESH_HOUR", 2)) if current_app else 2
    job = run(nightly_send_times) if run else nightly_send_times
    scheduler.add_job(
        job, "cron", hour=hour, minute=45, id="send_time.nightly", replace_existing=True
    )
