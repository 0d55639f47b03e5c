"""APScheduler host: the background jobs of the app (engine ticker, dispatcher, nightly refreshes).

Packages contribute jobs through ``JOB_PROVIDERS``: each is a function
``register(scheduler, run)`` where ``run(fn)`` wraps ``fn`` so it runs inside the app context.
One process owns the scheduler (APScheduler 3 cannot share a job store between processes):
the app itself in the embedded set-up, or ``flask --app wsgi worker`` in production.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

#: ``"package.module:function"`` paths of job registration functions.
JOB_PROVIDERS: list[str] = [
    "app.engine.jobs:register",
    "app.audiences.jobs:register_jobs",
    "app.coupons.jobs:register_jobs",
    "app.points.jobs:register_jobs",
    "app.send_time.jobs:register_jobs",
    "app.recommend.jobs:register_jobs",
    "app.messaging.jobs:register_jobs",
    "app.sqlite_wal:register_jobs",
    "app.sqlite_statistics:register_jobs",
    "app.demo.shop:register_jobs",
    "app.dashboard.jobs:register_jobs",
    "app.alerts.jobs:register_jobs",
]


def _in_app_context(app: Flask, fn: Callable) -> Callable:
    @functools.wraps(fn)
    def run(*args, **kwargs):
        with app.app_context():
            from app.extensions import db

            try:
                return fn(*args, **kwargs)
            finally:
                db.session.remove()

    return run


def _load(path: str) -> Callable:
    module_name, _, attr = path.partition(":")
    module = __import__(module_name, fromlist=[attr])
    return getattr(module, attr)


def build_scheduler(app: Flask, blocking: bool = False) -> BaseScheduler:
    """A scheduler with every provider's jobs registered, not yet started."""
    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
    for path in JOB_PROVIDERS:
        _load(path)(scheduler, functools.partial(_in_app_context, app))
    return scheduler
