"""action.tag: add a tag to, or remove it from, each member."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict


class Config(Strict):
    tag: str = Field(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    operation: Literal["add", "remove"] = "add"


class TagAction(NodeType):
    type = "action.tag"
    group = "action"
    label = "Tag"
    icon = "tag"
    description = "Add a tag to, or remove it from, each member."
    config_model = Config
    default_config = {"tag": "journey-reached", "operation": "add"}


register(TagAction())
