"""Per-member scores from the fitted models: numpy and pandas, no I/O.

Time is in days. For each member with a purchase: probability alive, expected purchases in
the next 30, 90 and 365 days, expected spend per purchase, a discounted 12-month value, the
expected next purchase day and a churn risk level. Thresholds and the discount rate are
here, as data, and described in ``docs/predictions.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.predict.bgnbd import (
    BgNbdParams,
    expected_purchases,
    fit_bgnbd,
    median_wait,
    probability_alive,
    silence_probability,
)
from app.predict.gamma_gamma import GammaGammaParams, expected_spend, fit_gamma_gamma

#: Horizons (days) of the stored expected purchase counts.
HORIZONS = (30, 90, 365)
#: Yearly discount rate of the 12-month value, applied monthly: (1 + 10%)^(1/12) - 1 a month.
ANNUAL_DISCOUNT = 0.10
MONTH_DAYS = 365.0 / 12
#: Churn risk from the activity probability: high below 0.3, medium below 0.7, else low.
CHURN_LEVELS = ("low", "medium", "high")
HIGH_BELOW = 0.3
MEDIUM_BELOW = 0.7


@dataclass(frozen=True)
class FittedModels:
    bgnbd: BgNbdParams
    gamma_gamma: GammaGammaParams | None

    def as_dict(self) -> dict:
        return {
            "bgnbd": self.bgnbd.as_dict(),
            "gamma_gamma": self.gamma_gamma.as_dict() if self.gamma_gamma else None,
        }


def fit_models(facts: pd.DataFrame) -> FittedModels:
    """BG/NBD on ``x``, ``t_x``, ``T``; Gamma-Gamma on members with repeat purchases of
    positive mean value ``m`` (None when fewer than two such members)."""
    bgnbd = fit_bgnbd(facts["x"].to_numpy(), facts["t_x"].to_numpy(), facts["T"].to_numpy())
    repeat = facts[(facts["x"] > 0) & (facts["m"] > 0)]
    try:
        gg = fit_gamma_gamma(repeat["x"].to_numpy(), repeat["m"].to_numpy())
    except ValueError:
        gg = None
    if gg is not None and gg.q <= 1:
        gg = None
    return FittedModels(bgnbd, gg)


def churn_activity(params: BgNbdParams, x, t_x, T) -> np.ndarray:
    """What churn risk is judged on: P(alive) for members with a repeat purchase; for
    one-time buyers (for whom BG/NBD's P(alive) is 1 by construction) the chance that an
    active member would have stayed silent since their first purchase."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(
        x > 0, probability_alive(params, x, t_x, T), silence_probability(params, x, t_x, T)
    )


def churn_levels(activity: np.ndarray) -> np.ndarray:
    """``high`` below :data:`HIGH_BELOW`, ``medium`` below :data:`MEDIUM_BELOW`, else ``low``."""
    return np.select(
        [activity < HIGH_BELOW, activity < MEDIUM_BELOW], ["high", "medium"], default="low"
    ).astype(object)


def twelve_month_value(params: BgNbdParams, spend: np.ndarray, x, t_x, T) -> np.ndarray:
    """Expected spend over the next 12 months, each month's expected purchases times the
    expected spend per purchase, discounted monthly at :data:`ANNUAL_DISCOUNT` a year."""
    monthly = (1 + ANNUAL_DISCOUNT) ** (1 / 12) - 1
    total = np.zeros(len(np.asarray(x)), dtype=np.float64)
    previous = np.zeros_like(total)
    for month in range(1, 13):
        cumulative = expected_purchases(params, month * MONTH_DAYS, x, t_x, T)
        total += (cumulative - previous) / (1 + monthly) ** month
        previous = cumulative
    return total * spend


def score(facts: pd.DataFrame, models: FittedModels) -> pd.DataFrame:
    """One row per member of ``facts`` (``member_id``, ``x``, ``t_x``, ``T``, ``m``):
    ``probability_alive``, ``expected_30``/``_90``/``_365``, ``expected_spend``,
    ``predicted_value``, ``next_purchase_days`` (from the as-of day) and ``churn_risk``."""
    x, t_x, T = (facts[c].to_numpy(dtype=np.float64) for c in ("x", "t_x", "T"))
    bg = models.bgnbd
    out = pd.DataFrame({"member_id": facts["member_id"].to_numpy()})
    out["probability_alive"] = probability_alive(bg, x, t_x, T)
    for horizon in HORIZONS:
        out[f"expected_{horizon}"] = expected_purchases(bg, horizon, x, t_x, T)
    if models.gamma_gamma is not None:
        spend = expected_spend(models.gamma_gamma, x, facts["m"].to_numpy(dtype=np.float64))
    else:
        spend = np.full(len(x), float(np.nanmean(facts["m"])) if len(x) else 0.0)
    out["expected_spend"] = spend
    out["predicted_value"] = twelve_month_value(bg, spend, x, t_x, T)
    out["next_purchase_days"] = median_wait(bg, x, T)
    out["churn_risk"] = churn_levels(churn_activity(bg, x, t_x, T))
    return out
