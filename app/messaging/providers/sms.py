"""SMS through an HTTP provider; marketing SMS always end with the unsubscribe line."""

from __future__ import annotations

from collections.abc import Iterator

from app.messaging.providers.base import Feed, Outcome, Provider, SendContext, register
from app.messaging.providers.http_adapter import HTTP_SETTINGS_SCHEMA, stream_mapped

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

    def stream_feed(
        self, feed: Feed, config: dict, ctx: SendContext
    ) -> Iterator[list[tuple[int, Outcome]]]:
        return stream_mapped(
            "sms",
            feed,
            config,
            ctx,
            DEFAULT_PAYLOAD,
            lambda m: (m.member or {}).get("external_id"),
        )


register(HttpSms())
