"""split.random: weighted random variants, with an optional holdout group."""

from __future__ import annotations

from pydantic import Field, field_validator

from app.journeys.nodes.common import Variant, unique_keys, weights_problem
from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict


class Config(Strict):
    variants: list[Variant] = Field(min_length=1, max_length=10)
    holdout_percent: int = Field(
        default=0, ge=0, le=99, description="Members kept out for comparison: the holdout branch"
    )

    @field_validator("variants")
    @classmethod
    def _distinct(cls, variants: list[Variant]) -> list[Variant]:
        unique_keys([v.key for v in variants] + ["holdout"], "variants (or a variant and holdout)")
        return variants


class SplitRandom(NodeType):
    type = "split.random"
    group = "flow"
    label = "Random split"
    icon = "shuffle"
    description = "Send members down weighted variants at random; an optional holdout is kept out."
    config_model = Config
    default_config = {"variants": [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}]}
    dynamic_branches = (
        "One branch per config.variants[].key, in order, then 'holdout' when holdout_percent > 0."
    )

    def outgoing(self, config: Config) -> list[str]:
        return [v.key for v in config.variants] + (["holdout"] if config.holdout_percent else [])

    def check(self, config: Config):
        total = sum(v.weight for v in config.variants) + config.holdout_percent
        return weights_problem(total, "variant weights and the holdout")


register(SplitRandom())
