"""A pure throttle: batch reports arrive at any rate, flushes leave at most every ``interval``.

The buffer holds no threads and reads no clock; the caller passes ``now`` (monotonic seconds),
which keeps it testable and lets the emitter decide how to wait.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.live.deltas import NodeCounters, merge, report_deltas

#: Seconds between two flushes: a browser gets at most four updates a second.
INTERVAL = 0.25
#: Feed samples kept per journey and flush; older ones are dropped first.
FEED_LIMIT = 20
#: A journey with activity gets a full snapshot from the database at least this often, so
#: whatever deltas cannot tell (test runs, other processes, edge cases) is corrected.
RESYNC_EVERY = 15.0


@dataclass
class Flush:
    """What to emit now: counter deltas and feed samples per journey id, and the journeys
    whose counters should be read afresh from the database (``resync``)."""

    counters: dict[int, NodeCounters] = field(default_factory=dict)
    samples: dict[int, list[tuple]] = field(default_factory=dict)
    resync: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.counters or self.samples or self.resync)


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
    ) -> None:
        """Add one batch report: ``{journey_id: {node_id: {counter: delta}}}`` and samples
        ``(journey_id, member_id, node_id, outcome, branch)``."""
        for journey_id, nodes in counters.items():
            merge(self._pending.counters.setdefault(journey_id, {}), report_deltas(nodes))
            if not self._pending.counters[journey_id]:
                del self._pending.counters[journey_id]
        for sample in samples:
            feed = self._pending.samples.setdefault(sample[0], [])
            feed.append(tuple(sample))
            del feed[: -self.feed_limit]

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
        for journey_id in flush.counters:
            synced = self._synced.setdefault(journey_id, now)
            if now - synced >= self.resync_every:
                flush.resync.add(journey_id)
        for journey_id in flush.resync:
            self._synced[journey_id] = now
        return flush
