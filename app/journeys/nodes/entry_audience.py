"""entry.audience: members matching a saved audience enter, once or on a cron schedule."""

from __future__ import annotations

from typing import Literal

from croniter import croniter
from pydantic import Field, field_validator, model_validator

from app.journeys.nodes.registry import NodeType, Reference, register
from app.journeys.types import StableKey, Strict


class Config(Strict):
    audience: StableKey = Field(description="Key of the saved audience")
    schedule: Literal["once", "recurring"] = Field(
        default="once", description="once: at publish; recurring: on the cron schedule"
    )
    cron: str | None = Field(default=None, description="Five-field cron, in the journey timezone")
    recurring_entry: Literal["each_cycle", "once_per_member"] = "once_per_member"

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str | None) -> str | None:
        if value is not None and (len(value.split()) != 5 or not croniter.is_valid(value)):
            raise ValueError(f"'{value}' is not a valid five-field cron expression")
        return value

    @model_validator(mode="after")
    def _cron_when_recurring(self):
        if self.schedule == "recurring" and self.cron is None:
            raise ValueError("a recurring entry needs a cron schedule")
        if self.schedule == "once" and self.cron is not None:
            raise ValueError("a one-off entry takes no cron schedule")
        return self


class AudienceEntry(NodeType):
    type = "entry.audience"
    group = "entry"
    label = "Audience"
    icon = "users"
    description = "Members of an audience enter, once at publish or on a recurring schedule."
    config_model = Config
    default_config = {"audience": "all-members", "schedule": "once"}

    def references(self, config: Config):
        return [Reference("audience", config.audience)]


register(AudienceEntry())
