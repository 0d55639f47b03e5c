"""A pure throttle: batch reports arrive at any rate, flushes leave at most every ``interval``.

The buffer holds no threads and reads no clock; the caller passes ``now`` (monotonic seconds),
which keeps it testable and lets the emitter decide how to wait.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from app.live.deltas import EdgeCounters, NodeCounters, merge, report_deltas

#: Seconds between two flushes: a browser gets at most four updates a second.
INTERVAL = 0.25
#: Feed samples kept per journey and flush; older ones are dropped first.
FEED_LIMIT = 20
#: A journey with activity gets a full snapshot from the database at least this often, so
#: whatever deltas cannot tell (test runs, other processes, edge cases) is corrected.
RESYNC_EVERY = 15.0


@dataclass
class Flush:
    """What to emit now: counter and edge deltas and feed samples per journey id, message
    outcomes still to be turned into counters, and the journeys whose counters should be
    read afresh from the database (``resync``)."""

    counters: dict[int, NodeCounters] = field(default_factory=dict)
    samples: dict[int, list[tuple]] = field(default_factory=dict)
    resync: set[int] = field(default_factory=set)
    edges: dict[int, EdgeCounters] = field(default_factory=dict)
    #: ``(journey_id, node_id, message_id, status, at)`` as the dispatcher recorded them.
    messages: list[tuple] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.counters or self.samples or self.resync or self.edges or self.messages)

    def journey_ids(self) -> set[int]:
        """Every journey this flush has something for."""
        ids = set(self.counters) | set(self.edges) | set(self.samples) | self.resync
        return ids | {message[0] for message in self.messages}


class LiveBuffer:
    """Aggregates reports between flushes; :meth:`take` answers a flush once one is due."""

    def __init__(
        self,
        interval: float = INTERVAL,
        feed_limit: int = FEED_LIMIT,
        resync_every: float = RESYNC_EVERY,
    ):
        self.interval, self.feed_limit, self.resync_every = interval, feed_limit, resync_every
        self._pending = Flush()
        self._last: float | None = None
        #: When each journey last got (or first needed) a full snapshot.
        self._synced: dict[int, float] = {}

    def add(
        self,
        counters: Mapping[int, Mapping[str, Mapping[str, int]]],
        samples: Iterable[tuple] = (),
        edges: Mapping[int, Mapping[str, Mapping[str, int]]] | None = None,
    ) -> None:
        """Add one batch report: ``{journey_id: {node_id: {counter: delta}}}``, samples
        ``(journey_id, member_id, node_id, outcome, branch)`` and the members who left each
        node by each branch, ``{journey_id: {node_id: {branch: n}}}``."""
        for journey_id, nodes in counters.items():
            merge(self._pending.counters.setdefault(journey_id, {}), report_deltas(nodes))
            if not self._pending.counters[journey_id]:
                del self._pending.counters[journey_id]
        for journey_id, branches in (edges or {}).items():
            merge(self._pending.edges.setdefault(journey_id, {}), branches)
            if not self._pending.edges[journey_id]:
                del self._pending.edges[journey_id]
        for sample in samples:
            feed = self._pending.samples.setdefault(sample[0], [])
            feed.append(tuple(sample))
            del feed[: -self.feed_limit]

    def add_messages(self, outcomes: Iterable[tuple], at: datetime) -> None:
        """Add one dispatcher batch's ``(journey_id, node_id, message_id, status)``; they
        become counters when flushed, once the previous statuses have been looked up."""
        self._pending.messages.extend((*outcome, at) for outcome in outcomes)

    def mark_stale(self, journey_id: int) -> None:
        """Counters of ``journey_id`` changed in a way deltas do not carry: resend them."""
        self._pending.resync.add(journey_id)

    def wait_time(self, now: float) -> float:
        """Seconds until a flush may leave (0 when it may leave now)."""
        if self._last is None:
            return 0.0
        return max(0.0, self._last + self.interval - now)

    def pending(self) -> bool:
        return bool(self._pending)

    def take(self, now: float) -> Flush | None:
        """The aggregated flush if one is pending and due, else ``None`` (nothing is lost)."""
        if not self._pending or self.wait_time(now) > 0:
            return None
        flush, self._pending, self._last = self._pending, Flush(), now
        busy = set(flush.counters) | set(flush.edges) | {m[0] for m in flush.messages}
        for journey_id in busy:
            synced = self._synced.setdefault(journey_id, now)
            if now - synced >= self.resync_every:
                flush.resync.add(journey_id)
        for journey_id in flush.resync:
            self._synced[journey_id] = now
        return flush
