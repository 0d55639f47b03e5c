"""The one interface every channel provider implements, and the registry that finds them.

A provider module defines a :class:`Provider` subclass and ends with ``register(...)``. The
dispatcher hands it a batch of :class:`Outgoing` messages and gets one :class:`Outcome` per
message back, in the same order. Providers that accept an idempotency key are given the
outbox row's key, so a re-send after a crash is recognised as the same message.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from sqlalchemy.orm import Session


@dataclass
class Outgoing:
    """One rendered message, ready for a provider."""

    message_id: int
    idempotency_key: str
    channel: str
    category: str
    to: str | None
    subject: str
    body: str
    member: dict | None = None
    context: dict = field(default_factory=dict)
    unsubscribe_url: str | None = None


@dataclass
class Outcome:
    """``sent``, ``temporary`` (retry later) or ``permanent`` (give up), with why."""

    status: str
    provider_message_id: str | None = None
    reason: str = ""


@dataclass
class SendContext:
    """What a send may need besides the messages: the session (in-app) and the clock."""

    session: Session
    now: datetime


class Provider(ABC):
    """Base class of channel providers."""

    name: ClassVar[str]
    channel: ClassVar[str]
    title: ClassVar[str]
    #: JSON schema of the provider's settings, served to the browser to build the form.
    settings_schema: ClassVar[dict] = {"type": "object", "properties": {}}
    #: Settings never shown again once saved (passwords, auth headers, secrets).
    secret_fields: ClassVar[tuple[str, ...]] = ()
    #: Whether the channel works with no saved settings (the in-app inbox).
    needs_settings: ClassVar[bool] = True

    def address(self, member: dict | None) -> str | None:
        """Where this channel reaches the member (email, phone, member id)."""
        return member.get("external_id") if member else None

    def finish_body(self, body: str, category: str, rules) -> str:
        """Last changes to a rendered body before it is stored and sent."""
        return body

    @abstractmethod
    def send(self, messages: list[Outgoing], config: dict, ctx: SendContext) -> list[Outcome]:
        """Deliver the messages; one outcome per message, in order."""


_REGISTRY: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    """Add a provider to the registry under its channel."""
    _REGISTRY[provider.channel] = provider
    return provider


def get_provider(channel: str) -> Provider:
    """The provider of ``channel``; raises KeyError for an unknown channel."""
    return _REGISTRY[channel]


def providers() -> dict[str, Provider]:
    return dict(_REGISTRY)
