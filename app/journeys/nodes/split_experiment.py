"""split.experiment: test variants on a sample, then send everyone else down the winner."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from app.experiments.decision import FALLBACKS, MODES
from app.experiments.metrics import METRICS
from app.journeys.nodes.common import Variant, unique_keys, weights_problem
from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict


class Config(Strict):
    sample_percent: int = Field(ge=1, le=99, description="Share of members in the test")
    variants: list[Variant] = Field(min_length=2, max_length=10)
    metric: Literal[tuple(METRICS)] = Field(description="What decides the winner")  # type: ignore[valid-type]
    decision_after_hours: int = Field(ge=1, le=720, description="How long the test runs")
    alpha: float = Field(
        default=0.05, gt=0, le=0.2, description="Significance level a winner must reach"
    )
    min_sample_per_arm: int = Field(
        default=100, ge=1, le=1_000_000, description="Members each variant needs to decide"
    )
    mode: Literal[MODES] = Field(  # type: ignore[valid-type]
        default="fixed",
        description="fixed: decide once the window ends; sequential: look every hour with "
        "always-valid p-values and stop early on a significant winner",
    )
    fallback: Literal[FALLBACKS] = Field(  # type: ignore[valid-type]
        default="control",
        description="With no significant winner: control (the first variant), keep_splitting "
        "(by the weights) or best_estimate (labelled not significant)",
    )

    @field_validator("variants")
    @classmethod
    def _distinct(cls, variants: list[Variant]) -> list[Variant]:
        unique_keys([v.key for v in variants], "variants")
        return variants


class SplitExperiment(NodeType):
    type = "split.experiment"
    group = "flow"
    label = "Experiment"
    icon = "flask-conical"
    description = (
        "A sample is split between variants; after the decision window the rest follow the "
        "variant that is significantly better than the first on the metric (docs/experiments.md)."
    )
    config_model = Config
    default_config = {
        "sample_percent": 20,
        "variants": [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}],
        "metric": "conversion",
        "decision_after_hours": 48,
    }
    dynamic_branches = "One branch per config.variants[].key, in order."

    def outgoing(self, config: Config) -> list[str]:
        return [v.key for v in config.variants]

    def check(self, config: Config):
        return weights_problem(sum(v.weight for v in config.variants), "variant weights")


register(SplitExperiment())
