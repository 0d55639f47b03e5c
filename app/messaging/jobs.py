"""The dispatcher as a scheduled job. Registered through ``app.scheduler.JOB_PROVIDERS``;
in production it can run instead as its own process: ``flask channels dispatch --forever``.
"""

from __future__ import annotations

from collections.abc import Callable

from apscheduler.schedulers.base import BaseScheduler
from flask import current_app

from app.engine.clock import current_clock
from app.extensions import db
from app.messaging.dispatcher import Dispatcher


def dispatch_job(max_batches: int = 20) -> dict:
    """Send what is due, up to ``max_batches`` batches; needs an app context."""
    clock = current_clock()
    size = int(current_app.config.get("DISPATCH_BATCH_SIZE", 500))
    stats = Dispatcher(db.session, clock=clock.now, batch_size=size).run(max_batches)
    return {"claimed": stats.claimed, **stats.outcomes}


def register_jobs(scheduler: BaseScheduler, run: Callable[[Callable], Callable] | None = None):
    """Dispatch every ``DISPATCH_INTERVAL_SECONDS`` (5 by default)."""
    seconds = int(current_app.config.get("DISPATCH_INTERVAL_SECONDS", 5)) if current_app else 5
    job = run(dispatch_job) if run else dispatch_job
    scheduler.add_job(
        job, "interval", seconds=seconds, id="messaging.dispatch", replace_existing=True
    )
