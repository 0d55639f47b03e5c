"""Treatment against holdout: absolute and relative lift with 95% confidence intervals.

Conversion (a paid order in the window) is compared as two independent proportions
(Newcombe's interval for the difference, a log interval for the ratio, from statsmodels);
paid amount per member as two means (Welch), from each side's count, sum and sum of squares.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep

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


def arms_of_members(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per-member ``branch, orders, amount`` summed per branch as ``holdout_lift`` reads
    them: ``members``, ``paying``, ``orders``, ``amount``, ``amount_sq``."""
    amount = outcomes["amount"].astype("float64")
    return (
        outcomes.assign(paying=outcomes["orders"] > 0, amount=amount, amount_sq=amount * amount)
        .groupby("branch", as_index=False)
        .agg(
            members=("orders", "size"),
            paying=("paying", "sum"),
            orders=("orders", "sum"),
            amount=("amount", "sum"),
            amount_sq=("amount_sq", "sum"),
        )
    )


def _spread(group: pd.DataFrame) -> tuple[int, float, float]:
    """Members, mean and variance (ddof 0) of paid amount per member, from the sums."""
    n = int(group["members"].sum())
    mean = float(group["amount"].sum()) / n
    return n, mean, max(float(group["amount_sq"].sum()) / n - mean * mean, 0.0)


def _welch(treated: pd.DataFrame, held: pd.DataFrame) -> tuple[float, float, float]:
    """Difference of mean paid amount per member and its Welch 95% interval (as
    statsmodels' ``CompareMeans.tconfint_diff(usevar="unequal")`` computes it)."""
    (n_t, mean_t, var_t), (n_h, mean_h, var_h) = _spread(treated), _spread(held)
    diff = mean_t - mean_h
    if var_t + var_h <= 0:
        return diff, diff, diff
    sem_t, sem_h = var_t / (n_t - 1), var_h / (n_h - 1)
    dof = 1.0 / (
        (sem_t / (sem_t + sem_h)) ** 2 / (n_t - 1) + (sem_h / (sem_t + sem_h)) ** 2 / (n_h - 1)
    )
    half = stats.t.ppf(0.975, dof) * math.sqrt(sem_t + sem_h)
    return diff, diff - half, diff + half


def holdout_lift(arms: pd.DataFrame, node_id: str, label: str) -> dict:
    """Every variant of a random split together against its holdout branch; ``arms`` holds
    the split's rows of ``app.reports.arms.arm_totals``."""
    held = arms[arms["branch"] == HOLDOUT]
    treated = arms[arms["branch"] != HOLDOUT]
    n_t, n_h = int(treated["members"].sum()), int(held["members"].sum())
    x_t, x_h = int(treated["paying"].sum()), int(held["paying"].sum())
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
    diff, m_low, m_high = _welch(treated, held)
    mean_h = amount_h / n_h
    result["paid_per_member_lift"] = {
        "absolute": _finite(diff),
        "absolute_ci95": [_finite(m_low), _finite(m_high)],
        "relative": _finite(diff / mean_h) if mean_h else None,
    }
    return result
