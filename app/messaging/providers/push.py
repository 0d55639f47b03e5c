"""Push notifications through an HTTP provider, addressed by the member's external id."""

from __future__ import annotations

from app.messaging import signing
from app.messaging.providers.base import Outcome, Outgoing, Provider, SendContext, register
from app.messaging.providers.http_adapter import HTTP_SETTINGS_SCHEMA, auth_headers, fill, post_all

DEFAULT_PAYLOAD = {"alias": "$to", "title": "$title", "body": "$text", "reference": "$key"}


class HttpPush(Provider):
    name = "http_push"
    channel = "push"
    title = "Push (HTTP provider)"
    secret_fields = ("auth_header_value",)
    settings_schema = HTTP_SETTINGS_SCHEMA

    def send(self, messages: list[Outgoing], config: dict, ctx: SendContext) -> list[Outcome]:
        mapping = config.get("payload") or DEFAULT_PAYLOAD
        callback = f"{signing.base_url()}/api/channels/callbacks/{signing.callback_token('push')}"
        jobs = [
            (
                config["endpoint"],
                fill(
                    mapping,
                    {
                        "$to": m.to,
                        "$text": m.body,
                        "$title": m.subject,
                        "$key": m.idempotency_key,
                        "$member_id": m.to,
                        "$callback_url": callback,
                    },
                ),
                auth_headers(config, m.idempotency_key),
            )
            for m in messages
        ]
        return post_all(jobs, config)


register(HttpPush())
