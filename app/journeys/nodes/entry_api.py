"""entry.api: members are enrolled by a system calling the API."""

from __future__ import annotations

from pydantic import Field

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict


class Config(Strict):
    note: str = Field(default="", max_length=500, description="Which system enrols, and when")


class ApiEntry(NodeType):
    type = "entry.api"
    group = "entry"
    label = "API"
    icon = "plug"
    description = "Members are enrolled by an API call (token scope journeys:enrol)."
    config_model = Config
    default_config = {"note": ""}


register(ApiEntry())
