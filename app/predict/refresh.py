"""Refresh the stored predictions: read purchases, fit, score, calibrate, store; commits.

A refresh works "as of" a moment (by default when it runs): purchases after it are ignored,
and every date it stores counts from it. Scores and replenishments replace the previous
ones in one transaction with the refresh's log row (``prediction_refreshes``); when any step
fails the transaction is rolled back and the previous results stay.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from flask import current_app
from sqlalchemy.orm import Session

from app.models import PredictionRefresh
from app.predict.calibration import calibration
from app.predict.facts import (
    epoch_day,
    load_catalogue,
    load_items,
    load_purchases,
    occasions,
    summarise,
)
from app.predict.replenish import replenishments
from app.predict.scoring import fit_models, score
from app.predict.store import replace_results

DEFAULT_HOLDOUT_DAYS = 90
#: Steps a refresh reports to ``progress``, one unit each.
STEPS = 7


def holdout_days() -> int:
    """The configured holdout of the calibration (``PREDICT_HOLDOUT_DAYS``), 90 by default."""
    try:
        configured = current_app.config.get("PREDICT_HOLDOUT_DAYS")
    except RuntimeError:
        configured = None
    return int(configured or DEFAULT_HOLDOUT_DAYS)


def refresh_predictions(
    session: Session,
    now: datetime,
    as_of: datetime | None = None,
    holdout: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Fit the models on every purchase up to ``as_of`` (default ``now``), score every
    member with a purchase, estimate replenishments, calibrate on a holdout and store it
    all; commits, or rolls back and raises. Returns a summary of the refresh."""
    started = time.perf_counter()
    as_of = as_of or now
    if as_of > now:
        raise ValueError(f"as_of {as_of.isoformat()} is after now ({now.isoformat()})")
    holdout = holdout or holdout_days()
    step = progress or (lambda _n: None)
    try:
        as_of_day = epoch_day(as_of)
        occ = occasions(load_purchases(session, as_of))
        step(1)
        facts = summarise(occ, as_of_day)
        if not len(facts) or not (facts["x"] > 0).any():
            raise ValueError("predictions need members with at least one repeat purchase")
        models = fit_models(facts)
        step(1)
        scores = score(facts, models)
        scores["purchases"] = facts["occasions"].to_numpy()
        step(1)
        checked = calibration(occ, as_of_day, holdout)
        step(1)
        refills = replenishments(load_items(session, as_of), load_catalogue(session))
        step(1)
        # Dates count from the as-of moment itself, not from the start of its day.
        moment = as_of.timestamp() / 86_400
        replace_results(session, scores, refills, moment, progress=step)
        seconds = time.perf_counter() - started
        session.add(
            PredictionRefresh(
                refreshed_at=now,
                as_of=as_of,
                members=len(scores),
                replenishments=len(refills),
                parameters=models.as_dict(),
                holdout_days=holdout,
                calibration=checked,
                seconds=round(seconds, 3),
            )
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    return {
        "members": len(scores),
        "replenishments": len(refills),
        "refreshed_at": now,
        "as_of": as_of,
        "parameters": models.as_dict(),
        "holdout_days": holdout,
        "calibration": checked,
        "seconds": round(seconds, 3),
    }
