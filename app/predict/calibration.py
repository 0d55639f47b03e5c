"""Holdout calibration, as in the BG/NBD paper's figures: fit on the history up to a cut-off,
predict each member's repeat purchases in the holdout period after it, and compare the
mean predicted with the mean actual count for members grouped by their purchases before
the cut-off. Pure: takes purchase occasions, returns plain data for the Insights page.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.predict.bgnbd import expected_purchases, fit_bgnbd
from app.predict.facts import summarise

#: Frequency buckets: 0 … 6 repeat purchases before the cut-off, then 7 or more.
TOP_BUCKET = 7


def calibration(occ: pd.DataFrame, as_of_day: int, holdout_days: int) -> dict | None:
    """Predicted against actual repeat purchases in the ``holdout_days`` up to
    ``as_of_day``, for members whose first purchase was before the cut-off; None when too
    little history (no member with a repeat purchase before the cut-off)."""
    cutoff = as_of_day - holdout_days
    before = occ[occ["day"] <= cutoff]
    cal = summarise(before, cutoff)
    if not len(cal) or not (cal["x"] > 0).any():
        return None
    try:
        params = fit_bgnbd(cal["x"].to_numpy(), cal["t_x"].to_numpy(), cal["T"].to_numpy())
    except ValueError:
        return None
    after = occ[(occ["day"] > cutoff) & (occ["day"] <= as_of_day)]
    actual = after.groupby("member_id").size()
    cal["actual"] = actual.reindex(cal["member_id"].to_numpy()).fillna(0).to_numpy()
    cal["predicted"] = expected_purchases(
        params, holdout_days, cal["x"].to_numpy(), cal["t_x"].to_numpy(), cal["T"].to_numpy()
    )
    cal["bucket"] = np.minimum(cal["x"].to_numpy(), TOP_BUCKET).astype(int)
    grouped = cal.groupby("bucket").agg(
        members=("member_id", "size"), predicted=("predicted", "mean"), actual=("actual", "mean")
    )
    buckets = [
        {
            "frequency": f"{b}+" if b == TOP_BUCKET else str(b),
            "members": int(row.members),
            "predicted": round(float(row.predicted), 4),
            "actual": round(float(row.actual), 4),
        }
        for b, row in grouped.iterrows()
    ]
    return {
        "cutoff_day": int(cutoff),
        "holdout_days": int(holdout_days),
        "members": int(len(cal)),
        "predicted_total": round(float(cal["predicted"].sum()), 2),
        "actual_total": int(cal["actual"].sum()),
        "parameters": params.as_dict(),
        "buckets": buckets,
    }
