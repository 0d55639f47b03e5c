"""When what a member buys again runs out: numpy and pandas, no I/O.

For each member and each product (and each category) they bought on at least
:data:`MIN_OCCASIONS` different days, the interval between their purchases is estimated
and added to their last purchase day. With ``n`` purchase days the member's own mean
interval ``(last - first) / (n - 1)`` rests on ``n - 1`` gaps; it is shrunk towards the
typical interval of that product or category as if the typical interval were
:data:`PRIOR_GAPS` more gaps:

    interval = ((n - 1) * own + PRIOR_GAPS * typical) / (n - 1 + PRIOR_GAPS)

So a member with two purchases gets a third of their own interval and two thirds of the
typical one; with eleven purchases their own interval weighs 10 against 2.

The typical interval is what the catalogue says a unit lasts (``products.replenish_days``;
for a category, the median over its products that say it) and, where the catalogue says
nothing, the median of the own intervals of every member who bought it repeatedly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_OCCASIONS = 2
PRIOR_GAPS = 2.0


def estimate(items: pd.DataFrame, key: str, catalogue: pd.Series | None = None) -> pd.DataFrame:
    """One row per member and value of ``key`` (``product_id`` or ``category_id``, 0 = none)
    bought on at least :data:`MIN_OCCASIONS` days: ``member_id``, ``key``, ``occasions``,
    ``last_day``, ``own_interval``, ``typical_interval``, ``interval_days`` and
    ``runs_out_day`` (fractional day numbers). ``catalogue`` gives the typical interval of
    some values of ``key`` (indexed by them); the others take the members' median."""
    frame = items.loc[items[key] > 0, ["member_id", key, "day"]].drop_duplicates()
    grouped = frame.groupby(["member_id", key], sort=True)["day"]
    stats = grouped.agg(first_day="min", last_day="max", occasions="count").reset_index()
    stats = stats[stats["occasions"] >= MIN_OCCASIONS].reset_index(drop=True)
    gaps = (stats["occasions"] - 1).to_numpy(np.float64)
    own = (stats["last_day"] - stats["first_day"]).to_numpy(np.float64) / np.maximum(gaps, 1)
    stats["own_interval"] = own
    median = stats.groupby(key)["own_interval"].transform("median")
    known = (catalogue if catalogue is not None else pd.Series(dtype=float)).dropna()
    stated = stats[key].map(known.astype(float)) if len(known) else np.nan
    stats["typical_interval"] = pd.Series(stated, index=stats.index, dtype=float).fillna(median)
    typical = stats["typical_interval"].to_numpy(np.float64)
    interval = (gaps * own + PRIOR_GAPS * typical) / (gaps + PRIOR_GAPS)
    stats["interval_days"] = interval
    stats["runs_out_day"] = stats["last_day"].to_numpy(np.float64) + interval
    return stats.drop(columns=["first_day"])


def catalogue_intervals(products: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Typical intervals the catalogue states, from ``products`` (``id``, ``category_id``,
    ``replenish_days``): by product id, and by category id (the median of its products)."""
    stated = products.dropna(subset=["replenish_days"])
    by_product = stated.set_index("id")["replenish_days"].astype(float)
    by_category = stated.dropna(subset=["category_id"]).groupby("category_id")["replenish_days"]
    return by_product, by_category.median().astype(float)


def replenishments(items: pd.DataFrame, products: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per-product and per-category estimates in one frame: ``product_id`` or
    ``category_id`` set (the other NULL), with the columns of :func:`estimate`; ``products``
    (the catalogue, see :func:`catalogue_intervals`) gives typical intervals."""
    by_product = by_category = None
    if products is not None and len(products):
        by_product, by_category = catalogue_intervals(products)
    products_frame = estimate(items, "product_id", by_product).assign(category_id=pd.NA)
    categories = estimate(items, "category_id", by_category).assign(product_id=pd.NA)
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
    return pd.concat([products_frame[columns], categories[columns]], ignore_index=True)
