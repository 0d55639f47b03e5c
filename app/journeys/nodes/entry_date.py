"""entry.date: members enter N days before or after a date of theirs, at a time of day."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict, TimeOfDay


class Config(Strict):
    date_field: Literal["birthday", "registered_at"]
    offset_days: int = Field(
        default=0, ge=-365, le=365, description="Negative: days before; positive: days after"
    )
    time_of_day: TimeOfDay = Field(description="In the member's timezone")
    repeat: Literal["yearly", "once"] = Field(
        default="yearly", description="yearly for birthdays and anniversaries"
    )
    leap_day: Literal["feb28", "mar1"] = Field(
        default="feb28",
        description="In a year without 29 February, members born on it count their date as "
        "28 February or 1 March",
    )


class DateEntry(NodeType):
    type = "entry.date"
    group = "entry"
    label = "Date"
    icon = "calendar"
    description = "Members enter around a date of theirs: birthday, registration anniversary."
    config_model = Config
    default_config = {"date_field": "birthday", "offset_days": 0, "time_of_day": "10:00"}


register(DateEntry())
