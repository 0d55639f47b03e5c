"""The forecast's 90% intervals cover the run that follows nine times in ten: checked by
simulation against figures of a known distribution, not against the code's own formula."""

from __future__ import annotations

import numpy as np
import pytest

from app.forecast.figures import interval, summary

REPEATS = 20_000


def _coverage(draws: int, rate: float, low_high) -> float:
    """How often one more Poisson(``rate``) run falls inside the interval ``low_high`` gives
    for ``draws`` earlier runs, over many repeats."""
    rng = np.random.default_rng(draws)
    runs = rng.poisson(rate, size=(draws, REPEATS)).astype(float)
    low, high = low_high(runs)
    new = rng.poisson(rate, size=REPEATS)
    return float(((new >= np.round(low)) & (new <= np.round(high))).mean())


@pytest.mark.parametrize("draws", [5, 10, 20, 50])
@pytest.mark.parametrize("rate", [4.0, 22.0, 300.0])
def test_the_interval_covers_the_next_run_nine_times_in_ten(draws, rate):
    covered = _coverage(draws, rate, interval)
    assert 0.88 <= covered <= 0.99, covered


@pytest.mark.parametrize("draws", [10, 20])
def test_the_draws_own_percentiles_alone_would_cover_far_less(draws):
    def percentiles(runs):
        return np.percentile(runs, 5, axis=0), np.percentile(runs, 95, axis=0)

    covered = _coverage(draws, 22.0, percentiles)
    assert covered < 0.85, covered


def test_a_summary_is_the_mean_and_the_interval_rounded_and_scaled():
    values = [18, 25, 22, 19, 30, 21, 24, 17, 26, 20]
    array = np.array(values, dtype=float) * 2
    sd = array.std(ddof=1)
    half = 1.8331129326536335 * sd * np.sqrt(1 + 1 / 10)  # t(0.95, 9)
    assert summary(values, 2.0) == {
        "value": round(array.mean()),
        "low": round(array.mean() - half),
        "high": round(array.mean() + half),
    }


def test_counts_never_get_a_negative_low_and_identical_draws_no_spread():
    assert summary([0, 0, 1, 0, 0], 1.0)["low"] == 0
    assert summary([7] * 10, 1.0) == {"value": 7, "low": 7, "high": 7}
    assert summary([-3.0, 1.0, 2.0], 1.0, 2)["low"] < -3
