"""action.send: send a message from a template on one channel."""

from __future__ import annotations

from pydantic import Field

from app.journeys.nodes.registry import NodeType, Reference, register
from app.journeys.types import Channel, StableKey, Strict


class Config(Strict):
    channel: Channel
    template: StableKey = Field(description="Key of a message template for this channel")
    at_best_time_within_hours: int | None = Field(
        default=None,
        title="Send at the member's best time, within hours",
        ge=1,
        le=168,
        description=(
            "Send at the member's best time (their most responsive hour) within this many "
            "hours; members without a known best time get it at once; quiet hours still win"
        ),
    )
    recommendations_min_score: float | None = Field(
        default=None,
        title="Only members with recommendations scoring at least",
        ge=0,
        le=1,
        description=(
            "Send only to members with a recommended product scoring at least this (0–1); "
            "the message's recommendations(n) shows only those products"
        ),
    )


class SendAction(NodeType):
    type = "action.send"
    group = "action"
    label = "Send message"
    icon = "send"
    description = "Send a message on email, SMS, push or the in-app inbox, from a template."
    config_model = Config
    default_config = {"channel": "inapp", "template": "welcome-inapp"}

    def references(self, config: Config):
        return [Reference("message_template", config.template, channel=config.channel)]

    def sends(self, config: Config):
        return [config.channel]


register(SendAction())
