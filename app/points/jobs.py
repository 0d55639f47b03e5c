"""Scheduled points jobs: expiry and the tier review (downgrades). Registered through
``app.scheduler.JOB_PROVIDERS``.
"""

from __future__ import annotations

from collections.abc import Callable

from apscheduler.schedulers.base import BaseScheduler

from app.engine.clock import current_clock
from app.extensions import db
from app.points.expiry import expire_points
from app.points.tiers import recompute_tiers


def nightly_points() -> dict:
    """Expire lapsed points, then move members to the tier they qualify for; commits."""
    now = current_clock().now()
    expired = expire_points(db.session, now)
    changes = recompute_tiers(db.session, now)
    db.session.commit()
    return {"expired_points": expired, "tier_changes": len(changes)}


def register_jobs(scheduler: BaseScheduler, run: Callable[[Callable], Callable] | None = None):
    """Run :func:`nightly_points` at 01:15 UTC."""
    job = run(nightly_points) if run else nightly_points
    scheduler.add_job(job, "cron", hour=1, minute=15, id="points.nightly", replace_existing=True)
