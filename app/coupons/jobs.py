"""Scheduled coupon expiry. Registered through ``app.scheduler.JOB_PROVIDERS``."""

from __future__ import annotations

from collections.abc import Callable

from apscheduler.schedulers.base import BaseScheduler

from app.coupons.expiry import expire_coupons
from app.engine.clock import current_clock
from app.extensions import db


def expire_job() -> int:
    """Expire lapsed coupons and commit; needs an app context."""
    count = expire_coupons(db.session, current_clock().now())
    db.session.commit()
    return count


def register_jobs(scheduler: BaseScheduler, run: Callable[[Callable], Callable] | None = None):
    """Expire coupons every 10 minutes."""
    job = run(expire_job) if run else expire_job
    scheduler.add_job(job, "interval", minutes=10, id="coupons.expire", replace_existing=True)
