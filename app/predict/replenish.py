"""When what a member buys again runs out: numpy and pandas, no I/O.

For each member and each product (and each category) they bought on at least
:data:`MIN_OCCASIONS` different days, the interval between their purchases is estimated
and added to their last purchase day. With ``n`` purchase days the member's own mean
interval ``(last - first) / (n - 1)`` rests on ``n - 1`` gaps; it is shrunk towards the
typical interval of that product or category (the median of every such member's own mean)
as if the typical interval were :data:`PRIOR_GAPS` more gaps:

    interval = ((n - 1) * own + PRIOR_GAPS * typical) / (n - 1 + PRIOR_GAPS)

So a member with two purchases gets a third of their own interval and two thirds of the
typical one; with eleven purchases their own interval weighs 10 against 2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_OCCASIONS = 2
PRIOR_GAPS = 2.0


def estimate(items: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per member and value of ``key`` (``product_id`` or ``category_id``, 0 = none)
    bought on at least :data:`MIN_OCCASIONS` days: ``member_id``, ``key``, ``occasions``,
    ``last_day``, ``own_interval``, ``typical_interval``, ``interval_days`` and
    ``runs_out_day`` (fractional day numbers)."""
    frame = items.loc[items[key] > 0, ["member_id", key, "day"]].drop_duplicates()
    grouped = frame.groupby(["member_id", key], sort=True)["day"]
    stats = grouped.agg(first_day="min", last_day="max", occasions="count").reset_index()
    stats = stats[stats["occasions"] >= MIN_OCCASIONS].reset_index(drop=True)
    gaps = (stats["occasions"] - 1).to_numpy(np.float64)
    own = (stats["last_day"] - stats["first_day"]).to_numpy(np.float64) / np.maximum(gaps, 1)
    stats["own_interval"] = own
    stats["typical_interval"] = stats.groupby(key)["own_interval"].transform("median")
    typical = stats["typical_interval"].to_numpy(np.float64)
    interval = (gaps * own + PRIOR_GAPS * typical) / (gaps + PRIOR_GAPS)
    stats["interval_days"] = interval
    stats["runs_out_day"] = stats["last_day"].to_numpy(np.float64) + interval
    return stats.drop(columns=["first_day"])


def replenishments(items: pd.DataFrame) -> pd.DataFrame:
    """Per-product and per-category estimates in one frame: ``product_id`` or
    ``category_id`` set (the other NULL), with the columns of :func:`estimate`."""
    products = estimate(items, "product_id").assign(category_id=pd.NA)
    categories = estimate(items, "category_id").assign(product_id=pd.NA)
    columns = [
        "member_id",
        "product_id",
        "category_id",
        "occasions",
        "last_day",
        "own_interval",
        "typical_interval",
        "interval_days",
        "runs_out_day",
    ]
    return pd.concat([products[columns], categories[columns]], ignore_index=True)
