"""The sandbox: a stand-in for a channel's provider that captures messages and sends nothing.

Demo installs set email, SMS and push to sandbox (``flask demo seed``), so every example
journey publishes at once. A captured message is settled as ``sent`` with provider id
``sandbox:<key>``; its final subject and body (with the SMS opt-out line, as the real
provider would finish it) stay on the outbox row, listed by ``GET /api/channels/sandbox``.
The channel's own provider still decides the address and the finished body.
"""

from __future__ import annotations

from app.messaging.providers.base import Outcome, Outgoing, Provider, SendContext

PREFIX = "sandbox:"


class SandboxCapture(Provider):
    """Wraps the channel's real provider; ``send`` keeps the message and delivers nothing."""

    name = "sandbox"
    needs_settings = False

    def __init__(self, real: Provider):
        self.real = real
        self.channel = real.channel  # type: ignore[misc]
        self.title = f"{real.title} — sandbox: messages are captured here, never sent"  # type: ignore[misc]

    def address(self, member: dict | None) -> str | None:
        return self.real.address(member)

    def finish_body(self, body: str, category: str, rules) -> str:
        return self.real.finish_body(body, category, rules)

    def send(self, messages: list[Outgoing], config: dict, ctx: SendContext) -> list[Outcome]:
        return [
            Outcome("sent", provider_message_id=(PREFIX + m.idempotency_key)[:200])
            for m in messages
        ]
