"""split.multi: ordered branches by rules; the first match wins, the rest go "else"."""

from __future__ import annotations

from pydantic import Field, field_validator

from app.journeys.nodes.common import BRANCH_KEY, AudienceChoice, unique_keys
from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict


class Branch(AudienceChoice):
    key: str = Field(pattern=BRANCH_KEY, description="Also the name of the branch")
    label: str = Field(default="", max_length=100)


class Config(Strict):
    branches: list[Branch] = Field(min_length=1, max_length=20)

    @field_validator("branches")
    @classmethod
    def _distinct(cls, branches: list[Branch]) -> list[Branch]:
        unique_keys([b.key for b in branches] + ["else"], "branches (or a branch and else)")
        return branches


class SplitMulti(NodeType):
    type = "split.multi"
    group = "flow"
    label = "Multi-split"
    icon = "list-tree"
    description = "Ordered branches by rules; a member takes the first that matches, else 'else'."
    config_model = Config
    default_config = {
        "branches": [
            {
                "key": "gold",
                "rules": {"kind": "profile", "field": "tier", "op": "eq", "value": "gold"},
            }
        ]
    }
    dynamic_branches = "One branch per config.branches[].key, in order, then 'else'."

    def outgoing(self, config: Config) -> list[str]:
        return [b.key for b in config.branches] + ["else"]

    def references(self, config: Config):
        return [ref for b in config.branches for ref in b.audience_references()]


register(SplitMulti())
