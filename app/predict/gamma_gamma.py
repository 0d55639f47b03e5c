"""The Gamma-Gamma model of spend per purchase (Fader & Hardie, "The Gamma-Gamma Model of
Monetary Value", 2013): numpy and scipy, no I/O.

A member's purchases are worth ``z ~ Gamma(p, ν)`` each, with ``ν ~ Gamma(q, γ)`` across
members. It is fitted on members with at least one repeat purchase, from ``x`` (repeat
purchases) and ``m`` (the mean value of those repeat purchases), by maximum likelihood on
the note's closed form, and gives each member's expected spend per purchase as a weighted
mean of their own mean and the population mean.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, gammaln


@dataclass(frozen=True)
class GammaGammaParams:
    p: float
    q: float
    gamma: float

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def population_mean(self) -> float:
        """The mean spend per purchase across members, ``p γ / (q - 1)`` (finite for q > 1)."""
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else float("nan")


def _terms(log_params: np.ndarray, x: np.ndarray, m: np.ndarray):
    p, q, g = np.exp(log_params)
    px = p * x
    log_gxm = np.log(g + x * m)
    ll = (
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(g)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * log_gxm
    )
    d_p = x * (digamma(px + q) - digamma(px) + np.log(m) + np.log(x) - log_gxm)
    d_q = digamma(px + q) - digamma(q) + np.log(g) - log_gxm
    d_g = q / g - (px + q) / (g + x * m)
    return ll, np.stack([d_p * p, d_q * q, d_g * g])


def log_likelihood(params: GammaGammaParams, x, m) -> np.ndarray:
    """Each member's log-likelihood of their mean spend ``m`` over ``x`` purchases."""
    log_params = np.log([params.p, params.q, params.gamma])
    ll, _ = _terms(log_params, np.asarray(x, float), np.asarray(m, float))
    return ll


def fit_gamma_gamma(x, m) -> GammaGammaParams:
    """Maximum-likelihood parameters from members with ``x > 0`` purchases and ``m > 0``."""
    x, m = np.asarray(x, dtype=np.float64), np.asarray(m, dtype=np.float64)
    keep = (x > 0) & (m > 0) & np.isfinite(m)
    x, m = x[keep], m[keep]
    # Spend is in whole cents, so each mean is an integer number of cents over x purchases.
    # Rebuilt from that integer, the same purchases give the same mean to the last bit however
    # the sum was taken (SQL and pandas differ there), which matters: the likelihood is so flat
    # along q and γ that a last-bit change of the input moves where the optimiser stops.
    m = np.round(m * x * 100) / (100 * x)
    x, m = x[m > 0], m[m > 0]
    # The same members in any order give the same fit: the likelihood is summed in one order.
    order = np.lexsort((m, x))
    x, m = x[order], m[order]
    if len(x) < 2:
        raise ValueError("fitting Gamma-Gamma needs at least two members with repeat purchases")
    total = float(len(x))
    start = np.log([1.0, 2.0, float(np.mean(m))])

    def objective(log_params):
        ll, grad = _terms(log_params, x, m)
        return -ll.sum() / total, -grad.sum(axis=1) / total

    result = minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[(-12, 12)] * 3,
        options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9},
    )
    if not np.all(np.isfinite(result.x)):
        raise ValueError(f"Gamma-Gamma fit failed: {result.message}")
    p, q, g = np.exp(result.x)
    return GammaGammaParams(float(p), float(q), float(g))


def expected_spend(params: GammaGammaParams, x, m) -> np.ndarray:
    """Expected spend per purchase: ``p (γ + x m) / (p x + q - 1)``; for members without a
    repeat purchase (``x = 0``), the population mean."""
    x, m = np.asarray(x, dtype=np.float64), np.nan_to_num(np.asarray(m, dtype=np.float64))
    p, q, g = params.p, params.q, params.gamma
    return p * (g + x * m) / (p * x + q - 1)
