"""The daily check of every monitor."""

from __future__ import annotations

from collections.abc import Callable

from apscheduler.schedulers.base import BaseScheduler

from app.alerts.check import check_monitors
from app.engine.clock import current_clock
from app.extensions import db


def daily_check() -> int:
    return len(check_monitors(db.session, current_clock().now()))


def register_jobs(scheduler: BaseScheduler, run: Callable[[Callable], Callable]) -> None:
    """Daily at 03:30 UTC, after the dashboard's nightly build."""
    scheduler.add_job(
        run(daily_check), "cron", hour=3, minute=30, id="alerts.daily_check", replace_existing=True
    )
