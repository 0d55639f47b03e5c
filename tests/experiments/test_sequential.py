"""The sequential mode keeps false winners at or below alpha however often one looks, and
the fixed horizon too: 1,000 A/A experiments each."""

from __future__ import annotations

import numpy as np
from scipy.stats import binomtest

from app.experiments.decision import decide
from app.experiments.sequential import always_valid_p

ALPHA = 0.05
RUNS = 1000
#: Members per arm at each look (20 looks up to 1,000 per arm).
LOOKS = np.linspace(50, 1000, 20).astype(int)


def _false_positive_rate(hits: int) -> tuple[float, float]:
    """The observed rate and the upper end of its 99% interval (sampling error)."""
    return hits / RUNS, binomtest(hits, RUNS).proportion_ci(0.99).high


def test_a_a_sequential_watching_stays_within_alpha():
    rng = np.random.default_rng(2026)
    hits = 0
    for _ in range(RUNS):
        a = (rng.random(LOOKS[-1]) < 0.1).astype(float)
        c = (rng.random(LOOKS[-1]) < 0.1).astype(float)
        p = 1.0
        for n in LOOKS:
            p = always_valid_p(a[:n], c[:n], p)
            if p < ALPHA:
                hits += 1
                break
    rate, _high = _false_positive_rate(hits)
    assert rate <= ALPHA


def test_a_a_fixed_horizon_stays_within_alpha():
    rng = np.random.default_rng(7)
    hits = 0
    for _ in range(RUNS):
        arms = {
            "a": (rng.random(500) < 0.1).astype(float),
            "b": (rng.random(500) < 0.1).astype(float),
        }
        hits += decide(arms, "rate", alpha=ALPHA, min_sample=100).significant
    rate, high = _false_positive_rate(hits)
    assert high >= ALPHA and rate <= ALPHA + 0.02  # alpha, within sampling error


def test_a_real_difference_is_found_early():
    rng = np.random.default_rng(5)
    a = (rng.random(2000) < 0.16).astype(float)
    c = (rng.random(2000) < 0.10).astype(float)
    p, stopped = 1.0, None
    for n in LOOKS * 2:
        p = always_valid_p(a[:n], c[:n], p)
        if p < ALPHA:
            stopped = n
            break
    assert stopped is not None and stopped < 2000
