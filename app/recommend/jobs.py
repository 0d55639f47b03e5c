"""The nightly refresh of recommendations. Registered through ``app.scheduler.JOB_PROVIDERS``."""

from __future__ import annotations

from collections.abc import Callable

from apscheduler.schedulers.base import BaseScheduler
from flask import current_app

from app.engine.clock import current_clock
from app.extensions import db
from app.recommend.refresh import refresh_recommendations


def nightly_recommendations() -> int:
    """Recompute every member's recommendations and commit; needs an app context."""
    done = refresh_recommendations(db.session, current_clock().now())
    db.session.commit()
    return done.members


def register_jobs(scheduler: BaseScheduler, run: Callable[[Callable], Callable] | None = None):
    """Refresh at ``AUDIENCES_REFRESH_HOUR``:50 UTC, after the predictions' refresh has set
    the run-out dates the recommendations put first."""
    hour = int(current_app.config.get("AUDIENCES_REFRESH_HOUR", 2)) if current_app else 2
    job = run(nightly_recommendations) if run else nightly_recommendations
    scheduler.add_job(
        job, "cron", hour=hour, minute=50, id="recommend.nightly", replace_existing=True
    )
