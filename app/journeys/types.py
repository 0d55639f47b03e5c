"""Small value types shared by the document, the node configs and the rule grammar."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.models.events import EVENT_TYPES
from app.models.messages import MESSAGE_CHANNELS

#: Stable, human-readable ids of journeys, audiences and templates, the same in every environment.
KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,99}$"

StableKey = Annotated[
    str,
    Field(
        pattern=KEY_PATTERN,
        description="Lower-case letters, digits, '_' and '-', starting with a letter or digit.",
    ),
]
TimeOfDay = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="24-hour HH:MM")]
Channel = Literal[MESSAGE_CHANNELS]  # type: ignore[valid-type]
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]

#: The longest any wait may last; beyond it a number is surely a typo.
MAX_WAIT_DAYS = 365


class Strict(BaseModel):
    """Base of every document model: JSON types only, no unknown fields."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Duration(Strict):
    """A positive span of time of at most a year."""

    days: int = Field(default=0, ge=0, le=MAX_WAIT_DAYS)
    hours: int = Field(default=0, ge=0, le=MAX_WAIT_DAYS * 24)
    minutes: int = Field(default=0, ge=0, le=MAX_WAIT_DAYS * 24 * 60)

    @property
    def total_minutes(self) -> int:
        return self.days * 1440 + self.hours * 60 + self.minutes

    @model_validator(mode="after")
    def _positive_and_bounded(self) -> Duration:
        if self.total_minutes <= 0:
            raise ValueError("a duration must be longer than zero")
        if self.total_minutes > MAX_WAIT_DAYS * 1440:
            raise ValueError(f"a duration may not exceed {MAX_WAIT_DAYS} days")
        return self
