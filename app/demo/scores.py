"""Tier, points and RFM scores of demo members, derived from their order facts.

Scores use fixed thresholds rather than quantiles, so a member's segment does not depend
on which chunk of the population they were generated in.
"""

from __future__ import annotations

import numpy as np

from app.demo.clock import DAY

#: Lower bound of total spend (yuan) for each tier, highest first.
TIER_THRESHOLDS = (("diamond", 8_000), ("platinum", 4_000), ("gold", 1_500), ("silver", 300))

R_DAYS = (14, 30, 90, 180)  # at most this many days since the last order → R 5, 4, 3, 2
F_ORDERS = (2, 3, 5, 10)  # at least this many orders → F 2, 3, 4, 5
M_YUAN = (300, 1_000, 3_000, 10_000)  # at least this much spent → M 2, 3, 4, 5


def tiers(spent_cents: np.ndarray) -> np.ndarray:
    """Tier by total spend."""
    spent = spent_cents / 100
    conditions = [spent >= low for _, low in TIER_THRESHOLDS]
    return np.select(conditions, [name for name, _ in TIER_THRESHOLDS], default="basic")


def points(rng: np.random.Generator, spent_cents: np.ndarray) -> np.ndarray:
    """One point per yuan spent, less what the member has redeemed already."""
    earned = spent_cents // 100
    return (earned * (1 - rng.random(len(earned)) * 0.7)).astype(np.int64)


def rfm(last_order: np.ndarray, count: np.ndarray, spent_cents: np.ndarray, now_s: int):
    """R, F and M scores (1-5) and a named segment; members without orders get none."""
    days = (now_s - last_order) / DAY
    r = 5 - np.searchsorted(np.array(R_DAYS), days, side="left")
    f = 1 + np.searchsorted(np.array(F_ORDERS), count, side="right")
    m = 1 + np.searchsorted(np.array(M_YUAN), spent_cents / 100, side="right")
    fm = (f + m) / 2
    segment = np.select(
        [
            (r >= 4) & (fm >= 4),
            (r >= 3) & (fm >= 3),
            (r >= 4) & (count == 1),
            (r >= 4),
            (r == 3),
            (r == 2) & (fm >= 3),
            (r == 2),
            (r == 1) & (fm >= 4),
            (r == 1) & (fm >= 2),
        ],
        [
            "champions",
            "loyal",
            "new_customers",
            "promising",
            "potential_loyalists",
            "at_risk",
            "about_to_sleep",
            "cant_lose_them",
            "hibernating",
        ],
        default="lost",
    ).astype(object)
    none = count == 0
    segment[none] = None
    return (
        np.where(none, -1, r),
        np.where(none, -1, f),
        np.where(none, -1, m),
        segment,
    )
