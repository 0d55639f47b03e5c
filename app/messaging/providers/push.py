"""Push notifications through an HTTP provider, addressed by the member's external id."""

from __future__ import annotations

from collections.abc import Iterator

from app.messaging.providers.base import Feed, Outcome, Provider, SendContext, register
from app.messaging.providers.http_adapter import HTTP_SETTINGS_SCHEMA, stream_mapped

DEFAULT_PAYLOAD = {"alias": "$to", "title": "$title", "body": "$text", "reference": "$key"}


class HttpPush(Provider):
    name = "http_push"
    channel = "push"
    title = "Push (HTTP provider)"
    secret_fields = ("auth_header_value",)
    settings_schema = HTTP_SETTINGS_SCHEMA

    def stream_feed(
        self, feed: Feed, config: dict, ctx: SendContext
    ) -> Iterator[list[tuple[int, Outcome]]]:
        return stream_mapped("push", feed, config, ctx, DEFAULT_PAYLOAD, lambda m: m.to)


register(HttpPush())
