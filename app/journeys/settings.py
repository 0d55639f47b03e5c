"""The journey-wide settings: entry and re-entry, goal, exit criteria, time and caps."""

from __future__ import annotations

from functools import cache
from typing import Literal
from zoneinfo import available_timezones

from pydantic import Field, field_validator

from app.journeys.rules import PropertyCondition, RuleTree
from app.journeys.types import Channel, EventType, Strict, TimeOfDay

#: Messages per member per channel per day unless a journey's settings say otherwise.
DEFAULT_FREQUENCY_CAPS: dict[str, int | None] = {"email": 2, "sms": 1, "push": 3, "inapp": None}


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


class EntryRules(Strict):
    """Who may enter, and again."""

    reentry: Literal["never", "after_exit", "always"] = Field(
        default="never",
        description="never: once per member; after_exit: again once they left; always: any time",
    )
    cooldown_days: int | None = Field(default=None, ge=0, le=3650)
    max_entries_per_member: int | None = Field(default=None, ge=1, le=1000)


class EventMatch(Strict):
    """An event type with property conditions, e.g. order_paid with amount gte 200."""

    event_type: EventType
    custom_name: str | None = Field(default=None, min_length=1, max_length=64)
    where: list[PropertyCondition] = Field(default_factory=list, max_length=20)


class Goal(EventMatch):
    """A member converts when this event happens within the window after entering."""

    conversion_window_days: int = Field(ge=1, le=365)
    exit_on_goal: bool = True


class ExitOnEvent(Strict):
    kind: Literal["event"]
    event: EventMatch


class ExitOnRules(Strict):
    kind: Literal["rules"]
    rules: RuleTree = Field(description="Audience rules (docs/audience-rules.md)")


class QuietHours(Strict):
    """Messages due inside this window wait until it ends (member's timezone)."""

    start: TimeOfDay
    end: TimeOfDay


class Settings(Strict):
    entry: EntryRules = Field(default_factory=EntryRules)
    goal: Goal | None = None
    exit_criteria: list[ExitOnEvent | ExitOnRules] = Field(default_factory=list, max_length=20)
    timezone: str = Field(
        default="Asia/Shanghai",
        description="IANA timezone for schedules; member-time nodes use the member's own.",
    )
    quiet_hours: QuietHours | None = None
    attribution_window_days: int = Field(
        default=7,
        ge=1,
        le=90,
        description="An order paid within this many days after the journey last touched a "
        "member (a send, a coupon, points) is credited to it (docs/attribution.md).",
    )
    send_rate_per_minute: int | None = Field(
        default=None,
        ge=1,
        le=1_000_000,
        # Left out of exported files while unset, so existing files keep diffing clean.
        exclude_if=lambda v: v is None,
        description="Messages this journey sends per minute at most, all channels together "
        "and across dispatchers; the rest wait for the next minute. Null: only the channels' "
        "own rates apply.",
    )
    frequency_caps: dict[Channel, int | None] = Field(
        default_factory=dict,
        description="Per-day caps per channel overriding the defaults "
        + str(DEFAULT_FREQUENCY_CAPS)
        + "; null means no cap.",
    )
    priority: int = Field(
        default=50,
        ge=0,
        le=100,
        description="When messages of several journeys compete for a member's channel cap, "
        "the higher priority sends first (0-100)",
    )
    paused_events: Literal["hold", "drop"] = Field(
        default="hold",
        description="Events that would enter members while the journey is paused — hold: "
        "they enter on resume; drop: they are ignored",
    )
    tags: list[str] = Field(default_factory=list, max_length=50)
    resume_sends: Literal["send", "skip"] = Field(
        default="send",
        description="Sends due while the journey was paused, when it resumes — send: send them "
        "late; skip: record the send as skipped (with the reason) and move the member on",
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if value not in _timezones():
            raise ValueError(f"'{value}' is not an IANA timezone such as Asia/Shanghai")
        return value

    @field_validator("frequency_caps")
    @classmethod
    def _caps_not_negative(cls, value: dict) -> dict:
        for channel, cap in value.items():
            if cap is not None and not 0 <= cap <= 100:
                raise ValueError(f"the {channel} cap must be between 0 and 100 per day")
        return value

    def cap(self, channel: str) -> int | None:
        """The per-day cap for ``channel`` in this journey."""
        if channel in self.frequency_caps:
            return self.frequency_caps[channel]
        return DEFAULT_FREQUENCY_CAPS.get(channel)
