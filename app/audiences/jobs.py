"""Scheduled jobs: the nightly RFM refresh, predictions and rule-tag computation.

Register with ``app.scheduler.JOB_PROVIDERS.append("app.audiences.jobs:register_jobs")``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.base import BaseScheduler
from flask import current_app

from app.audiences.rfm.refresh import refresh_rfm
from app.audiences.sizes import count_all
from app.audiences.tags.compute import compute_all_rule_tags
from app.engine.clock import current_clock
from app.extensions import db
from app.predict.refresh import refresh_predictions

log = logging.getLogger(__name__)


def nightly_refresh() -> dict:
    """Refresh RFM, then the predictions, then compute rule tags (which may use RFM segments
    and predicted scores), then count every audience (whose rules may use all three). A
    prediction refresh that fails keeps the previous predictions and does not stop the rest.
    Needs an app context."""
    now = current_clock().now()
    rfm = refresh_rfm(db.session, now)
    try:
        predictions = refresh_predictions(db.session, now)
    except Exception:
        log.exception("prediction refresh failed; the previous predictions are kept")
        predictions = None
    tags = compute_all_rule_tags(db.session, now)
    sizes = count_all(db.session, now)
    db.session.commit()
    return {"rfm": rfm, "predictions": predictions, "tags": tags, "sizes": sizes}


def register_jobs(
    scheduler: BaseScheduler, run: Callable[[Callable], Callable] | None = None
) -> None:
    """Add the nightly job (``AUDIENCES_REFRESH_HOUR``:30 UTC, 02:30 by default).

    ``run`` wraps a job so it runs inside the app context (see :mod:`app.scheduler`).
    """
    hour = int(current_app.config.get("AUDIENCES_REFRESH_HOUR", 2)) if current_app else 2
    job = run(nightly_refresh) if run else nightly_refresh
    scheduler.add_job(
        job, "cron", hour=hour, minute=30, id="audiences.nightly_refresh", replace_existing=True
    )
