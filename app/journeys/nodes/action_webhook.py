"""action.webhook: call an outside HTTP endpoint for each member."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict

#: Member fields a webhook payload may carry (``attributes.<key>`` for an attribute).
MEMBER_FIELDS = (
    "name",
    "email",
    "phone",
    "gender",
    "city",
    "birthday",
    "tier",
    "points_balance",
    "timezone",
    "registered_at",
)
MemberField = Annotated[
    str,
    Field(pattern=r"^(" + "|".join(MEMBER_FIELDS) + r"|attributes\.[A-Za-z0-9_.-]{1,100})$"),
]


class Config(Strict):
    url: str = Field(pattern=r"^https?://[^\s/$.?#][^\s]*$", max_length=2000)
    method: Literal["POST", "PUT"] = "POST"
    headers: dict[str, str] = Field(default_factory=dict, max_length=20)
    timeout_seconds: int = Field(default=10, ge=1, le=30)
    fields: list[MemberField] = Field(
        default_factory=list,
        max_length=30,
        description="Member fields the payload carries besides the member's ids, e.g. tier, "
        "city or attributes.<key>",
    )
    wait_for_response: bool = Field(
        default=False,
        description="Hold each member until the endpoint answers (or the wait runs out) and "
        "keep the answer on the member's step",
    )
    response_wait_minutes: int = Field(
        default=60, ge=1, le=1440, description="How long to wait for the answer"
    )
    save_response_as: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z][A-Za-z0-9_]{0,39}$",
        description="Keep the answer on the member for a following condition: the HTTP status "
        "as the attribute <name>_status (0 when none came) and each top-level field of a "
        "JSON object answer as <name>_<field>",
    )

    @model_validator(mode="after")
    def _saving_needs_waiting(self) -> Config:
        if self.save_response_as and not self.wait_for_response:
            raise ValueError(
                "save_response_as needs wait_for_response: the answer is kept only when the member waits for it"
            )
        return self


class WebhookAction(NodeType):
    type = "action.webhook"
    group = "action"
    label = "Webhook"
    icon = "webhook"
    description = (
        "Call an outside HTTP endpoint with the member (internal and external id, and the "
        "fields it names) and the journey as JSON; optionally wait for its answer and keep "
        "it on the member for a following condition."
    )
    config_model = Config
    default_config = {"url": "https://example.com/hook", "method": "POST"}


register(WebhookAction())
