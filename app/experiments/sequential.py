"""Always-valid p-values for watching an experiment and stopping early: the mixture
sequential probability ratio test (mSPRT) of Johari, Pekelis and Walsh (2017).

The difference of two arms' means, ``d`` (a rate is a mean of 0s and 1s), with estimated
variance ``V = s_a² / n_a + s_c² / n_c``, is compared with 0 under a normal mixing
distribution ``N(0, τ²)`` over the true difference. The mixture likelihood ratio is

    Λ = sqrt(V / (V + τ²)) · exp(d² τ² / (2 V (V + τ²)))

and the always-valid p-value after a look is ``min(1, p_before, 1 / Λ)``: stopping the first
time it falls below ``alpha``, however often one looks, keeps the chance of a false winner
at or below ``alpha``. ``τ²`` is set from the control's variance (``τ = TAU_SCALE · s_c``),
a plain default when no prior effect size is known.
"""

from __future__ import annotations

import math

import numpy as np

TAU_SCALE = 0.1


def likelihood_ratio(a: np.ndarray, c: np.ndarray) -> float:
    """The mixture likelihood ratio of ``a`` against the control ``c`` (1 with no data)."""
    if len(a) < 2 or len(c) < 2:
        return 1.0
    var = a.var(ddof=1) / len(a) + c.var(ddof=1) / len(c)
    tau2 = (TAU_SCALE**2) * max(c.var(ddof=1), a.var(ddof=1), 1e-12)
    if var <= 0:
        return 1.0
    d = a.mean() - c.mean()
    exponent = d * d * tau2 / (2 * var * (var + tau2))
    return math.sqrt(var / (var + tau2)) * math.exp(min(exponent, 700.0))


def always_valid_p(a: np.ndarray, c: np.ndarray, previous: float = 1.0) -> float:
    """The always-valid p-value after this look, given the one after the look before."""
    return min(1.0, previous, 1.0 / likelihood_ratio(a, c))
