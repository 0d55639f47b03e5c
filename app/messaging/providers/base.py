"""The one interface every channel provider implements, and the registry that finds them.

A provider module defines a :class:`Provider` subclass and ends with ``register(...)``. The
dispatcher hands it a chunk of :class:`Outgoing` messages and gets one :class:`Outcome` per
message back: all at once from :meth:`Provider.send`, or message by message, as each is
answered, from :meth:`Provider.stream` (providers that send over several connections), so
the dispatcher can record each outcome as soon as the provider has accepted the message. Providers that accept an idempotency key are given the
outbox row's key, so a re-send after a crash is recognised as the same message.
"""

from __future__ import annotations

import queue
import threading
from abc import ABC
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from sqlalchemy.engine import Connection
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
    #: An HTTP provider's answer: ``{"status": code, "json": parsed body or None}``.
    response: dict | None = None


@dataclass
class SendContext:
    """What a send may need besides the messages: where to write in the transaction that
    records the outcomes (the dispatcher's connection; in-app) and the clock."""

    session: Session | Connection
    now: datetime
    #: The channel's provider callback URL (``$callback_url`` in HTTP payload mappings).
    callback_url: str | None = None


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

    def send(self, messages: list[Outgoing], config: dict, ctx: SendContext) -> list[Outcome]:
        """Deliver the messages; one outcome per message, in order.

        A provider overrides this or :meth:`stream` (each is built from the other)."""
        outcomes: list[Outcome | None] = [None] * len(messages)
        for group in self.stream(messages, config, ctx):
            for i, outcome in group:
                outcomes[i] = outcome
        return outcomes  # type: ignore[return-value]

    def stream(
        self, messages: list[Outgoing], config: dict, ctx: SendContext
    ) -> Iterator[list[tuple[int, Outcome]]]:
        """Deliver the messages, yielding ``(index, outcome)`` pairs in groups as they are
        answered (every message exactly once)."""
        if type(self).send is Provider.send:
            raise NotImplementedError(f"{type(self).__name__} implements neither send nor stream")
        yield list(enumerate(self.send(messages, config, ctx)))


class Answers:
    """Outcomes reported by worker threads, handed to the caller in groups as they come.

    Workers call :meth:`admit` before sending a message and :meth:`put` with its outcome;
    the caller iterates :meth:`groups`, which blocks for the first answer and then takes
    every answer already there. At most ``window`` messages are admitted whose outcome the
    caller has not yet taken back (it takes a group back when it asks for the next one, i.e.
    once it has recorded it), so senders never run further ahead of what is recorded.
    """

    def __init__(self, total: int, window: int):
        self.total = total
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._slots = threading.Semaphore(max(window, 1))
        self._closed = threading.Event()

    def admit(self) -> bool:
        """Wait for a free slot; False once the caller has stopped listening (send nothing)."""
        while not self._slots.acquire(timeout=0.2):
            if self._closed.is_set():
                return False
        return not self._closed.is_set()

    def put(self, index: int, outcome: Outcome, admitted: bool = True) -> None:
        """The outcome of message ``index``; ``admitted=False`` for one never tried (its
        sender failed before), which held no slot."""
        self._queue.put((index, outcome, admitted))

    def groups(self, futures: list[Future]) -> Iterator[list[tuple[int, Outcome]]]:
        got = 0
        try:
            while got < self.total:
                try:
                    group = [self._queue.get(timeout=0.2)]
                except queue.Empty:
                    if all(f.done() for f in futures) and self._queue.empty():
                        for f in futures:
                            f.result()  # a worker's own error
                        raise RuntimeError(
                            "a sender stopped without answering every message"
                        ) from None
                    continue
                while True:
                    try:
                        group.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                got += len(group)
                yield [(i, outcome) for i, outcome, _ in group]
                for _ in range(sum(1 for *_, admitted in group if admitted)):
                    self._slots.release()
        finally:
            self._closed.set()


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
