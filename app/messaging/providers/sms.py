"""SMS through an HTTP provider; marketing SMS always end with the unsubscribe line."""

from __future__ import annotations

from app.messaging import signing
from app.messaging.providers.base import Outcome, Outgoing, Provider, SendContext, register
from app.messaging.providers.http_adapter import HTTP_SETTINGS_SCHEMA, auth_headers, fill, post_all

DEFAULT_PAYLOAD = {"to": "$to", "text": "$text", "reference": "$key"}


class HttpSms(Provider):
    name = "http_sms"
    channel = "sms"
    title = "SMS (HTTP provider)"
    secret_fields = ("auth_header_value",)
    settings_schema = HTTP_SETTINGS_SCHEMA

    def address(self, member: dict | None) -> str | None:
        return member.get("phone") if member else None

    def finish_body(self, body: str, category: str, rules) -> str:
        line = rules.unsubscribe_line
        body = body.strip()
        if category == "marketing" and line and not body.endswith(line):
            body = f"{body} {line}"
        return body

    def send(self, messages: list[Outgoing], config: dict, ctx: SendContext) -> list[Outcome]:
        mapping = config.get("payload") or DEFAULT_PAYLOAD
        callback = f"{signing.base_url()}/api/channels/callbacks/{signing.callback_token('sms')}"
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
                        "$member_id": (m.member or {}).get("external_id"),
                        "$callback_url": callback,
                    },
                ),
                auth_headers(config, m.idempotency_key),
            )
            for m in messages
        ]
        return post_all(jobs, config)


register(HttpSms())
