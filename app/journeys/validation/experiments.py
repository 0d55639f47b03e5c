"""Experiments measure something the journey has: a goal, a coupon, a message."""

from __future__ import annotations

from app.experiments.metrics import METRICS
from app.journeys.settings import Settings
from app.journeys.validation.config import TypedNode
from app.journeys.violations import Violation, violation

_NEEDS = {
    "goal": "the journey has no goal (settings.goal)",
    "coupon": "the journey grants no coupon (no action.coupon node)",
    "send": "the journey sends no message (no action.send node)",
}


def check_experiments(typed: dict[str, TypedNode], settings: Settings) -> list[Violation]:
    """A violation per experiment whose metric the journey cannot measure."""
    types = {item.node.type for item in typed.values()}
    has = {"goal": settings.goal is not None, "coupon": "action.coupon" in types,
           "send": "action.send" in types}  # fmt: skip
    out = []
    for node_id, item in typed.items():
        if item.node.type != "split.experiment" or item.config is None:
            continue
        metric = METRICS[item.config.metric]
        if metric.needs and not has[metric.needs]:
            out.append(
                violation(
                    "metric_not_measurable",
                    f"The experiment decides on {metric.key} ({metric.label}), but "
                    f"{_NEEDS[metric.needs]}.",
                    node_id,
                )
            )
    return out
