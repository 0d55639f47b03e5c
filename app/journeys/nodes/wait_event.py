"""wait.event: hold each member until an event happens, or until a timeout."""

from __future__ import annotations

from pydantic import Field

from app.journeys.nodes.registry import NodeType, register
from app.journeys.settings import EventMatch
from app.journeys.types import Duration


class Config(EventMatch):
    timeout: Duration = Field(description="Leave by the timeout branch after this long")


class WaitEvent(NodeType):
    type = "wait.event"
    group = "flow"
    label = "Wait for event"
    icon = "bell"
    description = "Hold each member until an event happens (branch event) or time runs out."
    config_model = Config
    default_config = {"event_type": "order_paid", "where": [], "timeout": {"days": 3}}
    branches = ("event", "timeout")
    waits = True

    def min_delay_minutes(self, config: Config, branch: str) -> int:
        return config.timeout.total_minutes if branch == "timeout" else 0


register(WaitEvent())
