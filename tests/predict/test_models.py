"""BG/NBD and Gamma-Gamma reproduce the published CDNOW figures."""

from __future__ import annotations

import numpy as np
import pytest

from app.predict.bgnbd import (
    BgNbdParams,
    expected_purchases,
    fit_bgnbd,
    median_wait,
    probability_alive,
)
from app.predict.gamma_gamma import GammaGammaParams, expected_spend, fit_gamma_gamma
from tests.predict.cdnow import calibration_summary

PAPER = BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426)


@pytest.fixture(scope="module")
def cdnow():
    return calibration_summary()


def test_the_sample_is_the_papers(cdnow):
    assert len(cdnow) == 2357
    assert int((cdnow["x"] > 0).sum()) == 946


def test_bgnbd_reproduces_fader_hardie_lee_2005(cdnow):
    fitted = fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    for name, expected in PAPER.as_dict().items():
        assert getattr(fitted, name) == pytest.approx(expected, rel=0.01), name


def test_gamma_gamma_reproduces_fader_hardie_2013(cdnow):
    repeat = cdnow[cdnow["x"] > 0]
    fitted = fit_gamma_gamma(repeat["x"], repeat["m"])
    assert fitted.p == pytest.approx(6.25, rel=0.02)
    assert fitted.q == pytest.approx(3.74, rel=0.02)
    assert fitted.gamma == pytest.approx(15.44, rel=0.02)


def test_conditional_expectation_of_the_papers_example_customer():
    """The paper's worked example: x=2, t_x=30.43, T=38.86 expects 1.226 purchases in 39 weeks."""
    assert expected_purchases(PAPER, 39, [2], [30.43], [38.86])[0] == pytest.approx(
        1.226, abs=0.001
    )


def test_probability_alive_falls_with_silence_and_is_one_without_repeat():
    later = probability_alive(PAPER, [3, 3, 0], [30, 10, 0], [39, 39, 39])
    assert later[0] > later[1]
    assert later[2] == 1.0


def test_expected_purchases_match_a_simulation():
    """Members drawn from the fitted population: the mean of the model's conditional
    expectations equals the mean number of purchases they actually make next."""
    rng = np.random.default_rng(3)
    n, T, horizon = 200_000, 39.0, 39.0
    lam = rng.gamma(PAPER.r, 1 / PAPER.alpha, n)
    drop = rng.beta(PAPER.a, PAPER.b, n)
    counts = np.zeros((2, n))
    last = np.zeros(n)
    clock = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():
        idx = np.flatnonzero(alive)
        clock[idx] += rng.exponential(1 / lam[idx])
        inside = clock[idx] <= T + horizon
        hit = idx[inside]
        period = (clock[hit] > T).astype(int)
        np.add.at(counts, (period, hit), 1)
        last[hit[period == 0]] = clock[hit[period == 0]]
        alive[:] = False
        alive[hit[rng.random(len(hit)) >= drop[hit]]] = True
    # The first purchase at 0 is not a repeat purchase; it is added at time 0 here.
    x = counts[0]
    predicted = expected_purchases(PAPER, horizon, x, np.where(x > 0, last, 0), np.full(n, T))
    assert predicted.mean() == pytest.approx(counts[1].mean(), rel=0.03)


def test_median_wait_halves_the_chance_of_no_purchase():
    wait = median_wait(PAPER, np.array([2.0]), np.array([38.86]))[0]
    silent = ((PAPER.alpha + 38.86) / (PAPER.alpha + 38.86 + wait)) ** (PAPER.r + 2)
    assert silent == pytest.approx(0.5)


def test_expected_spend_is_between_own_mean_and_population_mean():
    params = GammaGammaParams(p=6.25, q=3.74, gamma=15.44)
    own = expected_spend(params, [5], [60.0])[0]
    assert params.population_mean < own < 60.0
    assert expected_spend(params, [0], [np.nan])[0] == pytest.approx(params.population_mean)


def test_the_fast_hypergeometric_function_agrees_with_scipy():
    from scipy.special import hyp2f1

    from app.predict.bgnbd import hyp2f1_fast

    rng = np.random.default_rng(1)
    x = rng.integers(0, 20, 2000).astype(float)
    T = rng.integers(1, 700, 2000).astype(float)
    for r, alpha, a, b in ((2213.4, 162754.8, 6e-5, 303.7), (0.6, 40.0, 0.8, 3.0), (60, 900, 2, 9)):
        z = 365 / (alpha + T + 365)
        args = (r + x, b + x, a + b + x - 1, z)
        np.testing.assert_allclose(hyp2f1_fast(*args), hyp2f1(*args), rtol=1e-10)


def test_the_same_purchases_summed_another_way_give_the_same_fit():
    """Means of whole cents that differ only in the last bits (a sum taken in SQL rather than
    in pandas) give exactly the same parameters, though the likelihood is nearly flat along
    ``q`` and ``γ`` on a base whose members spend alike."""
    rng = np.random.default_rng(5)
    x = rng.integers(1, 6, size=300)
    purchases = [rng.integers(18_000, 21_000, size=k) for k in x]
    exact = np.array([p.sum() for p in purchases]) / (100 * x)
    in_floats = np.array([sum(c / 100 for c in p[::-1]) / len(p) for p in purchases])
    noisy = np.nextafter(exact, np.where(rng.random(300) < 0.5, np.inf, -np.inf))
    assert (noisy != exact).all() and (in_floats != exact).any()
    fitted = fit_gamma_gamma(x, exact)
    assert fit_gamma_gamma(x, noisy) == fitted
    assert fit_gamma_gamma(x, in_floats) == fitted
