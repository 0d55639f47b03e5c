"""entry.alert: members a KPI alert concerns enter when its monitor fires."""

from __future__ import annotations

from pydantic import Field

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import StableKey, Strict


class Config(Strict):
    monitor: StableKey = Field(description="Key of the KPI monitor whose alerts start this journey")


class AlertEntry(NodeType):
    type = "entry.alert"
    group = "entry"
    label = "KPI alert"
    icon = "alert"
    description = (
        "When a KPI monitor fires, the members its alert concerns enter (for an active-members "
        "drop: those active in the previous period and not in this one)."
    )
    config_model = Config
    default_config = {"monitor": "active-members-drop"}


register(AlertEntry())
