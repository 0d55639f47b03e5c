"""action.attribute: set, increment or clear a free-form member attribute."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict


class Config(Strict):
    key: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,100}$")
    operation: Literal["set", "increment", "unset"] = "set"
    value: str | int | float | bool | None = None

    @model_validator(mode="after")
    def _value_fits(self):
        if self.operation == "unset" and self.value is not None:
            raise ValueError("unset takes no value")
        if self.operation == "set" and self.value is None:
            raise ValueError("set needs a value (use unset to clear)")
        if self.operation == "increment" and (
            isinstance(self.value, bool) or not isinstance(self.value, int | float)
        ):
            raise ValueError("increment needs a number")
        return self


class AttributeAction(NodeType):
    type = "action.attribute"
    group = "action"
    label = "Attribute"
    icon = "pencil"
    description = "Set, increment or clear a member attribute."
    config_model = Config
    default_config = {"key": "journey_step", "operation": "set", "value": "reached"}


register(AttributeAction())
