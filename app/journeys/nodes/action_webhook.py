"""action.webhook: call an outside HTTP endpoint for each member."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict


class Config(Strict):
    url: str = Field(pattern=r"^https?://[^\s/$.?#][^\s]*$", max_length=2000)
    method: Literal["POST", "PUT"] = "POST"
    headers: dict[str, str] = Field(default_factory=dict, max_length=20)
    timeout_seconds: int = Field(default=10, ge=1, le=30)


class WebhookAction(NodeType):
    type = "action.webhook"
    group = "action"
    label = "Webhook"
    icon = "webhook"
    description = "Call an outside HTTP endpoint with the member and journey as JSON."
    config_model = Config
    default_config = {"url": "https://example.com/hook", "method": "POST"}


register(WebhookAction())
