"""The decision rule on fixed tables, against statsmodels and scipy called directly."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from app.experiments.decision import decide


def rate(conversions: int, members: int) -> np.ndarray:
    return np.r_[np.ones(conversions), np.zeros(members - conversions)]


def test_a_significant_rate_wins_with_the_z_test_p_value():
    arms = {"a": rate(40, 400), "b": rate(70, 400)}
    decision = decide(arms, "rate", alpha=0.05, min_sample=100)
    _, p = proportions_ztest([70, 40], [400, 400])
    assert decision.winner == "b" and decision.significant
    assert decision.comparisons[0].p_value == pytest.approx(p)
    assert decision.arms["b"]["conversions"] == 70


def test_a_difference_that_is_not_significant_falls_back_and_says_so():
    arms = {"a": rate(40, 400), "b": rate(46, 400)}
    _, p = proportions_ztest([46, 40], [400, 400])
    assert p > 0.05
    for fallback, winner in (("control", "a"), ("best_estimate", "b"), ("keep_splitting", None)):
        decision = decide(arms, "rate", fallback=fallback)
        assert (decision.winner, decision.significant) == (winner, False)
        assert "No variant differed" in decision.reason
    assert "not significant" in decide(arms, "rate", fallback="best_estimate").reason


def test_revenue_per_member_is_decided_by_welch():
    rng = np.random.default_rng(4)
    a = rng.gamma(2.0, 30.0, 300) * (rng.random(300) < 0.3)
    b = rng.gamma(2.0, 45.0, 300) * (rng.random(300) < 0.3)
    decision = decide({"a": a, "b": b}, "mean")
    p = stats.ttest_ind(b, a, equal_var=False).pvalue
    assert decision.comparisons[0].p_value == pytest.approx(p)
    assert decision.winner == ("b" if p < 0.05 and b.mean() > a.mean() else "a")


def test_three_variants_are_held_to_holm():
    arms = {"a": rate(50, 500), "b": rate(72, 500), "c": rate(71, 500)}
    raw = [proportions_ztest([x, 50], [500, 500])[1] for x in (72, 71)]
    reject, adjusted, _, _ = multipletests(raw, alpha=0.05, method="holm")
    decision = decide(arms, "rate")
    assert [c.p_adjusted for c in decision.comparisons] == pytest.approx(list(adjusted))
    assert decision.significant == bool(reject.any())
    assert min(raw) < 0.05  # one raw test would have called it; the adjusted ones decide


def test_too_few_members_never_decide():
    decision = decide({"a": rate(0, 50), "b": rate(40, 50)}, "rate", min_sample=100)
    assert decision.winner == "a" and not decision.significant
    assert "a has 50" in decision.reason and "100" in decision.reason


def test_the_control_wins_when_every_variant_is_worse():
    decision = decide({"a": rate(90, 400), "b": rate(40, 400)}, "rate")
    assert (decision.winner, decision.significant) == ("a", True)
