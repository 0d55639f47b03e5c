"""Tier and points of demo members, derived from their order facts.

RFM scores are not made up here: the seed ends with the real RFM refresh
(app.audiences.rfm), as the nightly job would.
"""

from __future__ import annotations

import numpy as np

#: Lower bound of total spend (yuan) for each tier, highest first.
TIER_THRESHOLDS = (("diamond", 8_000), ("platinum", 4_000), ("gold", 1_500), ("silver", 300))


def tiers(spent_cents: np.ndarray) -> np.ndarray:
    """Tier by total spend."""
    spent = spent_cents / 100
    conditions = [spent >= low for _, low in TIER_THRESHOLDS]
    return np.select(conditions, [name for name, _ in TIER_THRESHOLDS], default="basic")


def points(rng: np.random.Generator, spent_cents: np.ndarray) -> np.ndarray:
    """One point per yuan spent, less what the member has redeemed already."""
    earned = spent_cents // 100
    return (earned * (1 - rng.random(len(earned)) * 0.7)).astype(np.int64)
