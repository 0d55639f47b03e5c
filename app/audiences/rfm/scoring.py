"""RFM scores and segments from per-member order facts: numpy and pandas, no I/O.

A score is the quintile of the share of members with a strictly worse value:
``1 + floor(5 * worse / n)``. Equal values therefore always get equal scores (ties), the
worst value always scores 1, and a large tie never splits across scores. Recency is worse
when older, frequency and monetary when smaller. Ranks come from one sort per score
(each run of equal values takes the rank of its first member), so a million members take well
under a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.audiences.rfm.segments import SEGMENT_RULES, SegmentRule, segment_grid


def worse_counts(values: np.ndarray) -> np.ndarray:
    """For each value, how many values are strictly smaller (``rank(method="min") - 1``)."""
    n = len(values)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    # In sorted order, every value in a run of equal values takes the run's first position.
    starts = np.ones(n, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    first = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    worse = np.empty(n, dtype=np.int64)
    worse[order] = first
    return worse


def quintiles(values: np.ndarray) -> np.ndarray:
    """Scores 1-5 for ``values`` (higher is better) by quintile of rank, ties scoring the same."""
    n = len(values)
    if n == 0:
        return np.zeros(0, np.int64)
    return np.minimum(5, 1 + (5 * worse_counts(values)) // n).astype(np.int64)


def quintile_scores(values: pd.Series, higher_is_better: bool = True) -> pd.Series:
    """Scores 1-5 for ``values`` by quintile of rank, equal values scoring the same."""
    array = values.to_numpy()
    return pd.Series(quintiles(array if higher_is_better else -array), index=values.index)


def segment_table(rules: tuple[SegmentRule, ...] = SEGMENT_RULES) -> np.ndarray:
    """Segment names indexed by ``r * 10 + fm``, for a vectorised lookup."""
    table = np.full(60, None, dtype=object)
    for (r, fm), name in segment_grid(rules).items():
        table[r * 10 + fm] = name
    return table


def score_members(
    facts: pd.DataFrame, now: pd.Timestamp, rules: tuple[SegmentRule, ...] = SEGMENT_RULES
) -> pd.DataFrame:
    """Add ``r``, ``f``, ``m`` and ``segment`` to ``facts``.

    ``facts`` has one row per member with orders in the window: ``member_id``, ``orders``,
    ``revenue`` and ``last_paid_at`` (aware UTC, not after ``now``). A more recent last
    payment is better, as are more orders and more revenue; recency is ranked on the
    payment time itself, which orders members as days before ``now`` would.
    """
    out = facts.copy()
    last_paid = out["last_paid_at"].dt.tz_convert(None).to_numpy().astype("datetime64[us]")
    out["r"] = quintiles(last_paid.astype(np.int64))
    out["f"] = quintiles(out["orders"].to_numpy(dtype=np.float64))
    out["m"] = quintiles(out["revenue"].to_numpy(dtype=np.float64))
    fm = (out["f"].to_numpy() + out["m"].to_numpy() + 1) // 2
    out["segment"] = segment_table(rules)[out["r"].to_numpy() * 10 + fm]
    return out
