"""The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"):
numpy and scipy, no I/O.

Each member buys at a Poisson rate ``λ ~ Gamma(r, α)`` while active, and after each purchase
drops out with probability ``p ~ Beta(a, b)``. A member is summarised by ``x`` (repeat
purchases), ``t_x`` (time of the last purchase, from the first) and ``T`` (time from the
first purchase to the end of observation), all in one time unit (days here, weeks in the
paper). The parameters are fitted by maximum likelihood on the paper's closed-form
log-likelihood (its equation 6) with L-BFGS-B on log-parameters and an exact gradient;
members with the same ``(x, t_x, T)`` are counted once with a weight.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, digamma, gammaln, hyp2f1


@dataclass(frozen=True)
class BgNbdParams:
    r: float
    alpha: float
    a: float
    b: float

    def as_dict(self) -> dict:
        return asdict(self)


def unique_rows(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """The distinct rows of aligned columns and how many times each occurs."""
    stacked = np.column_stack([np.asarray(c, dtype=np.float64) for c in columns])
    rows, counts = np.unique(stacked, axis=0, return_counts=True)
    return [rows[:, i] for i in range(rows.shape[1])], counts.astype(np.float64)


def _loglik_terms(log_params: np.ndarray, x, t_x, T):
    """Per-row log-likelihood and its gradient with respect to the log-parameters."""
    r, alpha, a, b = np.exp(log_params)
    bought = x > 0
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    # a4 only exists for members with a repeat purchase: log(a / (b + x - 1)) - ...
    bx1 = np.where(bought, b + x - 1, 1.0)
    a4 = np.log(a) - np.log(bx1) - (r + x) * np.log(alpha + t_x)
    a4 = np.where(bought, a4, -np.inf)
    mix = np.logaddexp(a3, a4)
    w3 = np.exp(a3 - mix)  # share of the "still active" term
    w4 = 1.0 - w3
    ll = a1 + a2 + mix

    d_r = digamma(r + x) - digamma(r) + np.log(alpha)
    d_r += w3 * -np.log(alpha + T) + w4 * -np.log(alpha + t_x)
    d_alpha = r / alpha + w3 * -(r + x) / (alpha + T) + w4 * -(r + x) / (alpha + t_x)
    d_a = digamma(a + b) - digamma(a + b + x) + w4 / a
    d_b = digamma(b + x) - digamma(b) + digamma(a + b) - digamma(a + b + x)
    d_b += w4 * -np.where(bought, 1.0 / bx1, 0.0)
    grad = np.stack([d_r * r, d_alpha * alpha, d_a * a, d_b * b])
    return ll, grad


def log_likelihood(params: BgNbdParams, x, t_x, T) -> np.ndarray:
    """Each member's log-likelihood under ``params``."""
    log_params = np.log([params.r, params.alpha, params.a, params.b])
    ll, _ = _loglik_terms(log_params, np.asarray(x, float), np.asarray(t_x, float), T)
    return ll


def fit_bgnbd(x, t_x, T, *, initial: BgNbdParams | None = None) -> BgNbdParams:
    """Maximum-likelihood parameters for members ``(x, t_x, T)``; raises when it fails."""
    (ux, ut, uT), weight = unique_rows(x, t_x, T)
    if not len(ux) or not np.any(ux > 0):
        raise ValueError("fitting BG/NBD needs members with at least one repeat purchase")
    total = weight.sum()
    scale = float(np.mean(np.asarray(T, float))) or 1.0
    start = initial or BgNbdParams(r=1.0, alpha=scale, a=1.0, b=1.0)

    def objective(log_params):
        ll, grad = _loglik_terms(log_params, ux, ut, uT)
        return -(weight @ ll) / total, -(grad @ weight) / total

    result = minimize(
        objective,
        np.log([start.r, start.alpha, start.a, start.b]),
        jac=True,
        method="L-BFGS-B",
        bounds=[(-12, 12)] * 4,
        options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9},
    )
    if not np.all(np.isfinite(result.x)):
        raise ValueError(f"BG/NBD fit failed: {result.message}")
    r, alpha, a, b = np.exp(result.x)
    return BgNbdParams(float(r), float(alpha), float(a), float(b))


#: Above this first parameter scipy's ``hyp2f1`` switches to slow transformations; there the
#: argument is small (a large ``r`` comes with a large ``α``) and the plain series is fast.
SERIES_ABOVE = 50.0


def hyp2f1_fast(a, b, c, z) -> np.ndarray:
    """Gauss's hypergeometric function for ``0 <= z < 1``: scipy's, except where ``a`` is
    large, where its series is summed directly (to a relative 1e-15)."""
    a, b, c, z = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (a, b, c, z)))
    out = np.empty(a.shape, dtype=np.float64)
    big = a > SERIES_ABOVE
    out[~big] = hyp2f1(a[~big], b[~big], c[~big], z[~big])
    if big.any():
        A, B, C, Z = a[big], b[big], c[big], z[big]
        term = np.ones(len(A))
        total = np.ones(len(A))
        live = np.arange(len(A))
        k = 0
        while len(live) and k < 100_000:
            term[live] *= (A[live] + k) * (B[live] + k) / ((C[live] + k) * (k + 1)) * Z[live]
            total[live] += term[live]
            live = live[np.abs(term[live]) > 1e-15 * np.abs(total[live])]
            k += 1
        out[big] = total
    return out


def probability_alive(params: BgNbdParams, x, t_x, T) -> np.ndarray:
    """P(still active at ``T``): 1 for members without a repeat purchase (the model lets a
    member drop out only after a purchase)."""
    x, t_x, T = (np.asarray(v, dtype=np.float64) for v in (x, t_x, T))
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    bought = x > 0
    log_ratio = (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
    odds = np.where(
        bought, np.exp(np.log(a) - np.log(np.where(bought, b + x - 1, 1.0)) + log_ratio), 0.0
    )
    return 1.0 / (1.0 + odds)


def expected_purchases(params: BgNbdParams, t: float, x, t_x, T) -> np.ndarray:
    """Expected purchases in the next ``t`` time units (the paper's equation 10)."""
    x, t_x, T = (np.asarray(v, dtype=np.float64) for v in (x, t_x, T))
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    z = t / (alpha + T + t)
    head = (a + b + x - 1) / (a - 1)
    hyp = hyp2f1_fast(r + x, b + x, a + b + x - 1, z)
    body = 1.0 - np.exp((r + x) * np.log((alpha + T) / (alpha + T + t))) * hyp
    return head * body * probability_alive(params, x, t_x, T)


def expected_purchases_new(params: BgNbdParams, t) -> np.ndarray:
    """Expected purchases of a member in ``t`` units from their first (equation 7)."""
    t = np.asarray(t, dtype=np.float64)
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    hyp = hyp2f1(r, b, a + b - 1, t / (alpha + t))
    return (a + b - 1) / (a - 1) * (1.0 - (alpha / (alpha + t)) ** r * hyp)


def median_wait(params: BgNbdParams, x, T) -> np.ndarray:
    """Time from ``T`` until an active member has bought again with probability 1/2.

    While active, the member's rate given their history is ``Gamma(r + x, α + T)``, so
    the chance of no purchase in the next ``w`` is ``((α+T)/(α+T+w))^(r+x)``; it is 1/2 at
    ``w = (α+T) (2^(1/(r+x)) - 1)``.
    """
    x, T = np.asarray(x, dtype=np.float64), np.asarray(T, dtype=np.float64)
    return (params.alpha + T) * np.expm1(np.log(2.0) / (params.r + x))


def silence_probability(params: BgNbdParams, x, t_x, T) -> np.ndarray:
    """How likely an active member with this history would have made no purchase since
    their last one: ``((α+t_x)/(α+T))^(r+x)``, the rate taken from their history up to
    ``t_x``. Near 1 for a recent buyer, small for a long silence compared with their rate."""
    x, t_x, T = (np.asarray(v, dtype=np.float64) for v in (x, t_x, T))
    r, alpha = params.r, params.alpha
    return np.exp((r + x) * (np.log(alpha + t_x) - np.log(alpha + T)))
