"""wait.duration: hold each member for a fixed time."""

from __future__ import annotations

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Duration


class WaitDuration(NodeType):
    type = "wait.duration"
    group = "flow"
    label = "Wait"
    icon = "hourglass"
    description = "Hold each member for a fixed time (at most a year)."
    config_model = Duration
    default_config = {"days": 1}
    waits = True

    def min_delay_minutes(self, config: Duration, branch: str) -> int:
        return config.total_minutes


register(WaitDuration())
