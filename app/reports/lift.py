"""Treatment against holdout: absolute and relative lift with 95% confidence intervals.

Conversion (a paid order in the window) is compared as two independent proportions
(Newcombe's interval for the difference, a log interval for the ratio); paid amount per
member as two means (Welch). All from statsmodels.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

HOLDOUT = "holdout"


def _finite(value: float) -> float | None:
    value = float(value)
    return round(value, 6) if math.isfinite(value) else None


def _group(members: int, paying: int, amount: float) -> dict:
    return {
        "members": members,
        "paying_members": paying,
        "conversion_rate": round(paying / members, 6) if members else None,
        "paid_amount": round(amount, 2),
        "paid_per_member": round(amount / members, 4) if members else None,
    }


def holdout_lift(outcomes: pd.DataFrame, node_id: str, label: str) -> dict:
    """Every variant of a random split together against its holdout branch."""
    held = outcomes[outcomes["branch"] == HOLDOUT]
    treated = outcomes[outcomes["branch"] != HOLDOUT]
    n_t, n_h = len(treated), len(held)
    x_t, x_h = int((treated["orders"] > 0).sum()), int((held["orders"] > 0).sum())
    amount_t, amount_h = float(treated["amount"].sum()), float(held["amount"].sum())
    result = {
        "node_id": node_id,
        "label": label,
        "treatment": _group(n_t, x_t, amount_t),
        "holdout": _group(n_h, x_h, amount_h),
        "conversion_lift": None,
        "paid_per_member_lift": None,
    }
    if n_t < 2 or n_h < 2:
        return result
    p_t, p_h = x_t / n_t, x_h / n_h
    low, high = confint_proportions_2indep(x_t, n_t, x_h, n_h, compare="diff", method="newcomb")
    relative = rel_low = rel_high = None
    if x_h > 0 and x_t > 0:
        r_low, r_high = confint_proportions_2indep(
            x_t, n_t, x_h, n_h, compare="ratio", method="log"
        )
        relative, rel_low, rel_high = p_t / p_h - 1, r_low - 1, r_high - 1
    result["conversion_lift"] = {
        "absolute": _finite(p_t - p_h),
        "absolute_ci95": [_finite(low), _finite(high)],
        "relative": _finite(relative) if relative is not None else None,
        "relative_ci95": [_finite(rel_low), _finite(rel_high)] if relative is not None else None,
    }
    a_t = treated["amount"].to_numpy(dtype=np.float64)
    a_h = held["amount"].to_numpy(dtype=np.float64)
    diff = a_t.mean() - a_h.mean()
    if a_t.var() + a_h.var() > 0:
        m_low, m_high = CompareMeans(DescrStatsW(a_t), DescrStatsW(a_h)).tconfint_diff(
            alpha=0.05, usevar="unequal"
        )
    else:
        m_low = m_high = diff
    result["paid_per_member_lift"] = {
        "absolute": _finite(diff),
        "absolute_ci95": [_finite(m_low), _finite(m_high)],
        "relative": _finite(diff / a_h.mean()) if a_h.mean() else None,
    }
    return result
