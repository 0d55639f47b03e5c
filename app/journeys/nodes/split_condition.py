"""split.condition: yes if the member matches audience rules, no otherwise."""

from __future__ import annotations

from app.journeys.nodes.common import AudienceChoice
from app.journeys.nodes.registry import NodeType, register


class SplitCondition(NodeType):
    type = "split.condition"
    group = "flow"
    label = "Condition"
    icon = "git-branch"
    description = "Members matching the rules (or a saved audience) go yes, the rest no."
    config_model = AudienceChoice
    default_config = {"rules": {"kind": "no_first_order"}}
    branches = ("yes", "no")

    def references(self, config: AudienceChoice):
        return config.audience_references()


register(SplitCondition())
