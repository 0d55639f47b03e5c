"""The decision rule of an experiment, as a pure function of each arm's per-member values.

Each variant is compared with the control (the first variant): rates by a two-proportion z
test, figures per member by Welch's t-test (statsmodels, scipy), two-sided; with more than
one comparison the p-values are adjusted by Holm. A variant wins when it is significantly
better than the control at ``alpha``, every arm has at least ``min_sample`` members, and no
other variant that is significantly better has a higher estimate. The control wins when
every variant is significantly worse. Otherwise the node's ``fallback`` decides, and the
decision says it is not significant.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
from scipy.stats import ttest_ind
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from app.experiments.sequential import always_valid_p

FALLBACKS = ("control", "keep_splitting", "best_estimate")
MODES = ("fixed", "sequential")


@dataclass
class Comparison:
    variant: str
    difference: float
    ci95: list[float | None]
    p_value: float | None
    p_adjusted: float | None = None
    significant: bool = False


@dataclass
class Decision:
    #: The arm the rest of the members follow; None to keep splitting by the weights.
    winner: str | None
    significant: bool
    reason: str
    arms: dict[str, dict] = field(default_factory=dict)
    comparisons: list[Comparison] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def _finite(value) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def _arm_stats(values: np.ndarray, kind: str) -> dict:
    """Members, the estimate (rate or mean) with its 95% interval, and the count or total."""
    n = len(values)
    estimate = float(values.mean()) if n else None
    out: dict = {"members": n, "estimate": estimate, "ci95": [None, None]}
    if kind == "rate":
        out["conversions"] = int(values.sum())
        if n:
            low, high = proportion_confint(int(values.sum()), n, method="wilson")
            out["ci95"] = [_finite(low), _finite(high)]
    else:
        out["total"] = float(values.sum())
        if n > 1 and values.var() > 0:
            low, high = DescrStatsW(values).tconfint_mean()
            out["ci95"] = [_finite(low), _finite(high)]
        elif n:
            out["ci95"] = [estimate, estimate]
    return out


def _compare(variant: str, a: np.ndarray, c: np.ndarray, kind: str) -> Comparison:
    diff = float(a.mean() - c.mean())
    if kind == "rate":
        x_a, x_c = int(a.sum()), int(c.sum())
        if x_a + x_c in (0, len(a) + len(c)):
            return Comparison(variant, diff, [diff, diff], 1.0)
        _, p = proportions_ztest([x_a, x_c], [len(a), len(c)])
        low, high = confint_proportions_2indep(
            x_a, len(a), x_c, len(c), compare="diff", method="newcomb"
        )
        return Comparison(variant, diff, [_finite(low), _finite(high)], _finite(p))
    if a.var() == 0 and c.var() == 0:
        return Comparison(variant, diff, [diff, diff], 1.0 if diff == 0 else 0.0)
    p = ttest_ind(a, c, equal_var=False).pvalue
    low, high = CompareMeans(DescrStatsW(a), DescrStatsW(c)).tconfint_diff(usevar="unequal")
    return Comparison(variant, diff, [_finite(low), _finite(high)], _finite(p))


def decide(
    arms: dict[str, np.ndarray],
    kind: str,
    alpha: float = 0.05,
    min_sample: int = 100,
    fallback: str = "control",
    metric_label: str = "the metric",
    sequential: dict[str, float] | None = None,
    final: bool = True,
) -> Decision | None:
    """Decide between ``arms`` (in order; the first is the control).

    With ``sequential`` (each variant's always-valid p-value after the previous look, 1 at
    the first), the comparisons use always-valid p-values (:mod:`.sequential`) and the new
    ones are left in ``Decision.comparisons``; before the horizon (``final`` False) there is
    no decision (None) unless a winner is already significant.
    """
    keys = list(arms)
    control = keys[0]
    stats = {k: _arm_stats(np.asarray(v, dtype=np.float64), kind) for k, v in arms.items()}
    short = [k for k in keys if stats[k]["members"] < min_sample]
    if short:
        if not final:
            return None
        counts = ", ".join(f"{k} has {stats[k]['members']}" for k in short)
        why = f"Too few members to decide ({counts} of the {min_sample} each arm needs)"
        return _fallback(why, stats, [], fallback, control)
    comparisons = [
        _compare(k, np.asarray(arms[k], dtype=np.float64), np.asarray(arms[control]), kind)
        for k in keys[1:]
    ]
    if sequential is not None:
        for c in comparisons:
            c.p_value = always_valid_p(
                np.asarray(arms[c.variant], dtype=np.float64),
                np.asarray(arms[control], dtype=np.float64),
                sequential.get(c.variant, 1.0),
            )
    p_values = [c.p_value if c.p_value is not None else 1.0 for c in comparisons]
    if len(comparisons) > 1:
        reject, adjusted, _, _ = multipletests(p_values, alpha=alpha, method="holm")
    else:
        reject, adjusted = [p_values[0] < alpha], p_values
    for c, r, p in zip(comparisons, reject, adjusted, strict=True):
        c.p_adjusted, c.significant = float(p), bool(r)
    better = [c for c in comparisons if c.significant and c.difference > 0]
    held = " (Holm-adjusted)" if len(comparisons) > 1 else ""
    if not final and not better:
        return Decision(None, False, "Still testing", stats, comparisons)
    if better:
        best = max(better, key=lambda c: stats[c.variant]["estimate"])
        reason = (
            f"{best.variant} beat the control {control} on {metric_label}: "
            f"{best.difference:+.4g} (95% CI {_interval(best.ci95)}), "
            f"p = {best.p_adjusted:.3g}{held} < {alpha:g}"
            + (", always valid, so it stopped early." if not final else ".")
        )
        return Decision(best.variant, True, reason, stats, comparisons)
    if all(c.significant and c.difference < 0 for c in comparisons):
        worse = "Every variant" if len(comparisons) > 1 else comparisons[0].variant
        reason = (
            f"{worse} did worse than the control {control} on {metric_label} "
            f"(p {'≤' if held else '='} {max(c.p_adjusted for c in comparisons):.3g}{held} "
            f"< {alpha:g})."
        )
        return Decision(control, True, reason, stats, comparisons)
    smallest = min(c.p_adjusted for c in comparisons)
    why = (
        f"No variant differed from the control {control} on {metric_label} at {alpha:g} "
        f"(smallest p = {smallest:.3g}{held})"
    )
    return _fallback(why, stats, comparisons, fallback, control)


def _interval(ci: list) -> str:
    low, high = ci
    return "n/a" if low is None or high is None else f"{low:+.4g} to {high:+.4g}"


def _fallback(why: str, stats, comparisons, fallback: str, control: str) -> Decision:
    if fallback == "keep_splitting":
        return Decision(None, False, f"{why}; the rest keep being split by the weights.", stats,
                        comparisons)  # fmt: skip
    if fallback == "best_estimate":
        best = max(stats, key=lambda k: (stats[k]["estimate"] or 0.0, -list(stats).index(k)))
        return Decision(best, False, f"{why}; the rest follow {best}, the best estimate, "
                        "which is not significant.", stats, comparisons)  # fmt: skip
    return Decision(control, False, f"{why}; the rest follow the control {control}.", stats,
                    comparisons)  # fmt: skip
