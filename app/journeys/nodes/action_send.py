"""action.send: send a message from a template on one channel."""

from __future__ import annotations

from pydantic import Field

from app.journeys.nodes.registry import NodeType, Reference, register
from app.journeys.types import Channel, StableKey, Strict


class Config(Strict):
    channel: Channel
    template: StableKey = Field(description="Key of a message template for this channel")


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
