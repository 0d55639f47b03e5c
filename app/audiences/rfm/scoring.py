"""RFM scores and segments from per-member order facts: pure pandas, no I/O.

A score is the quintile of the share of members with a strictly worse value:
``1 + floor(5 * worse / n)``. Equal values therefore always get equal scores (ties), the
worst value always scores 1, and a large tie never splits across scores. Recency is worse
when older, frequency and monetary when smaller.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.audiences.rfm.segments import SEGMENT_RULES, SegmentRule, segment_grid


def quintile_scores(values: pd.Series, higher_is_better: bool = True) -> pd.Series:
    """Scores 1-5 for ``values`` by quintile of rank, equal values scoring the same."""
    n = len(values)
    if n == 0:
        return pd.Series([], dtype="int64", index=values.index)
    ranked = values if higher_is_better else -values
    worse = ranked.rank(method="min").to_numpy() - 1
    return pd.Series(np.minimum(5, 1 + (5 * worse // n)).astype("int64"), index=values.index)


def score_members(
    facts: pd.DataFrame, now: pd.Timestamp, rules: tuple[SegmentRule, ...] = SEGMENT_RULES
) -> pd.DataFrame:
    """Add ``r``, ``f``, ``m`` and ``segment`` to ``facts``.

    ``facts`` has one row per member with orders in the window: ``member_id``, ``orders``,
    ``revenue`` and ``last_paid_at`` (aware UTC).
    """
    out = facts.copy()
    recency_days = (now - out["last_paid_at"]).dt.total_seconds() / 86400.0
    out["r"] = quintile_scores(recency_days, higher_is_better=False)
    out["f"] = quintile_scores(out["orders"].astype("float64"))
    out["m"] = quintile_scores(out["revenue"].astype("float64"))
    grid = segment_grid(rules)
    fm = (out["f"] + out["m"] + 1) // 2
    keys = out["r"] * 10 + fm
    lookup = {r * 10 + f: name for (r, f), name in grid.items()}
    out["segment"] = keys.map(lookup)
    return out
