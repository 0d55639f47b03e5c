"""exit: the member leaves the journey."""

from __future__ import annotations

from pydantic import Field

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict


class Config(Strict):
    reason: str = Field(default="", max_length=100, description="Shown in reports")


class Exit(NodeType):
    type = "exit"
    group = "flow"
    label = "Exit"
    icon = "log-out"
    description = "The member leaves the journey."
    config_model = Config
    default_config = {"reason": ""}
    branches = ()


register(Exit())
