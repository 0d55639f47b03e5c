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
from collections import deque
from collections.abc import Callable, Iterator
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
        if type(self).send is not Provider.send:
            yield list(enumerate(self.send(messages, config, ctx)))
        elif type(self).stream_feed is not Provider.stream_feed:
            yield from self.stream_feed(Feed(messages, len(messages)), config, ctx)
        else:
            raise NotImplementedError(f"{type(self).__name__} implements no way to send")

    def stream_feed(
        self, feed: Feed, config: dict, ctx: SendContext
    ) -> Iterator[list[tuple[int, Outcome]]]:
        """Deliver what ``feed`` releases, yielding ``(index, outcome)`` groups (the index is
        the message's place in release order, :meth:`Feed.message`).

        By default one checked chunk at a time through :meth:`stream`; providers that send
        over several connections override it to keep them busy across chunks."""
        while True:
            chunk = feed.release_chunk()
            if chunk is None:
                return
            for group in self.stream([m for _, m in chunk], config, ctx):
                yield [(chunk[i][0], outcome) for i, outcome in group]


class Feed:
    """The messages of one send, released to a provider a checked chunk at a time.

    ``check(chunk)`` is the dispatcher's fence (extend the lease, keep the rows still held)
    and always runs on the caller's thread. Senders on other threads :meth:`take` released
    messages one by one, and the caller keeps a chunk released ahead of them
    (:meth:`top_up`, between the groups of answers it records), so the next chunk is checked
    and waiting while the current one is on the wire and no connection idles between
    chunks. ``pace(n)`` (a rate limit) may shrink a chunk and wait before it is released.
    """

    def __init__(
        self,
        messages: list,
        chunk_size: int,
        check: Callable[[list], list] | None = None,
        pace: Callable[[int], int] | None = None,
    ):
        self.chunk_size = max(int(chunk_size), 1)
        self._pending = deque(messages)
        self._check = check or (lambda chunk: chunk)
        self._pace = pace or (lambda n: n)
        self._released: list = []
        self._ready: deque = deque()
        self._cond = threading.Condition()
        self.done = False  # every message was released (or dropped by the check)
        self._stopped = False

    @property
    def released(self) -> int:
        return len(self._released)

    def message(self, index: int):
        """The message released as ``index``."""
        return self._released[index]

    def release_chunk(self) -> list[tuple[int, object]] | None:
        """Check the next chunk and release what is still held; ``(index, message)`` pairs,
        an empty list when the check dropped them all, None when nothing is left."""
        if not self._pending:
            with self._cond:
                self.done = True
                self._cond.notify_all()
            return None
        n = self._pace(min(self.chunk_size, len(self._pending)))
        chunk = [self._pending.popleft() for _ in range(min(n, len(self._pending)))]
        start = len(self._released)
        self._released.extend(self._check(chunk))
        released = list(enumerate(self._released[start:], start))
        with self._cond:
            self._ready.extend(released)
            self._cond.notify_all()
        return released

    def top_up(self) -> None:
        """Release chunks until at least a chunk's worth waits for the senders."""
        while not self.done and len(self._ready) < self.chunk_size:
            self.release_chunk()

    def take(self) -> tuple[int, object] | None:
        """The next released message for a sender; None once there is none to come."""
        with self._cond:
            while not self._ready and not self.done and not self._stopped:
                self._cond.wait(0.2)
            if self._ready and not self._stopped:
                return self._ready.popleft()
            return None

    def stop(self) -> None:
        """The caller stopped listening: senders take nothing more."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def unsent(self) -> tuple[list[int], list]:
        """Stop: the indexes of released messages no sender took, and the messages never
        released (unchecked), for the caller to answer (e.g. as temporary failures)."""
        self.stop()
        with self._cond:
            left = [i for i, _ in self._ready]
            self._ready.clear()
            self.done = True
        rest = list(self._pending)
        self._pending.clear()
        return left, rest


class Answers:
    """Outcomes reported by sender threads, handed to the caller in groups as they come.

    Senders call :meth:`admit` before sending a message and :meth:`put` with its outcome;
    the caller iterates :meth:`groups`, which blocks for the first answer and then takes
    every answer already there. At most ``window`` messages are admitted whose outcome the
    caller has not yet taken back (it takes a group back when it asks for the next one, i.e.
    once it has recorded it), so senders never run further ahead of what is recorded.

    With a :class:`Feed`, the total is what the feed released, and the caller tops the feed
    up between groups. A sender that gives up (a broken connection) notes why in
    :meth:`fail` and stops; the others carry on, and if all stop with messages unanswered
    the caller's iteration raises with that reason.
    """

    def __init__(self, total: int, window: int, feed: Feed | None = None):
        self.total = total
        self.feed = feed
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._slots = threading.Semaphore(max(window, 1))
        self._closed = threading.Event()
        self.error: str | None = None

    def admit(self) -> bool:
        """Wait for a free slot; False once the caller has stopped listening (send nothing)."""
        while not self._slots.acquire(timeout=0.2):
            if self._closed.is_set():
                return False
        return not self._closed.is_set()

    def unadmit(self) -> None:
        """Give back a slot taken by :meth:`admit` for a message never sent."""
        self._slots.release()

    def fail(self, reason: str) -> None:
        """A sender stops for ``reason`` (the others go on)."""
        self.error = reason

    def put(self, index: int, outcome: Outcome, admitted: bool = True) -> None:
        """The outcome of message ``index``; ``admitted=False`` for one never tried (its
        sender failed before), which held no slot."""
        self._queue.put((index, outcome, admitted))

    def _finished(self, got: int) -> bool:
        if self.feed is None:
            return got >= self.total
        return self.feed.done and got >= self.feed.released

    def groups(self, futures: list[Future]) -> Iterator[list[tuple[int, Outcome]]]:
        got = 0
        try:
            if self.feed is not None:
                self.feed.top_up()
            while not self._finished(got):
                try:
                    group = [self._queue.get(timeout=0.2)]
                except queue.Empty:
                    if all(f.done() for f in futures) and self._queue.empty():
                        for f in futures:
                            f.result()  # a sender's own error
                        raise RuntimeError(
                            self.error or "a sender stopped without answering every message"
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
                if self.feed is not None:
                    self.feed.top_up()
        finally:
            self._closed.set()
            if self.feed is not None:
                self.feed.stop()


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
