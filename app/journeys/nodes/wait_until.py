"""wait.until: hold each member until a time of day, weekday or date in their timezone."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict, TimeOfDay

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Config(Strict):
    time_of_day: TimeOfDay = Field(description="In the member's timezone")
    weekdays: list[Weekday] = Field(
        default_factory=list, max_length=7, description="Empty means any day"
    )
    date: str | None = Field(default=None, description="YYYY-MM-DD; wait for that day")
    best_time_within_hours: int | None = Field(
        default=None,
        title="Or until the member's best time, within hours",
        ge=1,
        le=168,
        description=(
            "Instead: until the member's best time (their most responsive hour) within this "
            "many hours; members without a known best time wait until the time of day"
        ),
    )

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"'{value}' is not a YYYY-MM-DD date") from None
        return value


class WaitUntil(NodeType):
    type = "wait.until"
    group = "flow"
    label = "Wait until"
    icon = "clock"
    description = "Hold each member until a time of day, a weekday or a date (member's time)."
    config_model = Config
    default_config = {"time_of_day": "10:00", "weekdays": []}
    waits = True


register(WaitUntil())
