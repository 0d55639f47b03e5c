"""Turns processed batches into throttled Socket.IO events for the journey rooms.

The engine calls :meth:`LiveEmitter.on_batch` after each committed batch (through
``app.engine.hooks``); the emitter aggregates in a :class:`~app.live.buffer.LiveBuffer` and
emits at most every ``INTERVAL`` seconds from a short-lived timer thread. In a worker process
with ``REDIS_URL`` set, ``socketio.emit`` publishes to Redis and the web process that holds
the browser's connection delivers it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask, current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.live.buffer import Flush, LiveBuffer
from app.live.deltas import merge, message_deltas
from app.live.snapshot import snapshot_payload
from app.models.journeys import Journey
from app.models.members import Member
from app.models.outbox import DeliveryEvent

log = logging.getLogger(__name__)


#: Message ids looked up per query.
CHUNK = 500


def room(key: str) -> str:
    """The Socket.IO room of a journey, by its key."""
    return f"journey:{key}"


def previous_statuses(session: Session, messages: list[tuple]) -> dict[tuple, str | None]:
    """The status each message had before each outcome ``(journey_id, node_id, message_id,
    status, at)``: its latest delivery event before ``at``, ``None`` when it had none.

    The claim overwrites a row's status, so the delivery events tell whether a message
    that is now sent was deferred until then.
    """
    ids = sorted({message[2] for message in messages})
    history: dict[int, list[tuple]] = {}
    for i in range(0, len(ids), CHUNK):
        events = session.execute(
            select(DeliveryEvent.message_id, DeliveryEvent.at, DeliveryEvent.status)
            .where(DeliveryEvent.message_id.in_(ids[i : i + CHUNK]))
            .order_by(DeliveryEvent.at, DeliveryEvent.id)
        )
        for message_id, at, status in events:
            history.setdefault(message_id, []).append((at, status))
    previous: dict[tuple, str | None] = {}
    for _, _, message_id, _, at in messages:
        before = [status for event_at, status in history.get(message_id, ()) if event_at < at]
        previous[(message_id, at)] = before[-1] if before else None
    return previous


class LiveEmitter:
    """Aggregates the engine's batch reports and the dispatcher's message outcomes, and emits
    ``counters``, ``steps`` and ``snapshot`` events."""

    def __init__(self, socketio, buffer: LiveBuffer | None = None, clock: Callable = None):
        self.socketio = socketio
        self.buffer = buffer or LiveBuffer()
        self.clock = clock or time.monotonic
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._timer: threading.Timer | None = None
        self._app: Flask | None = None

    def on_batch(self, report) -> None:
        """Engine hook: take one committed batch's report (never raises into the engine)."""
        with self._lock:
            if has_app_context():
                self._app = current_app._get_current_object()
            self.buffer.add(report.counters, report.samples, report.edges)
            for journey_id, nodes in report.counters.items():
                # A parked member may or may not have arrived in this batch; the report
                # cannot say, so the database answers.
                if any(counts.get("errors") for counts in nodes.values()):
                    self.buffer.mark_stale(journey_id)
        self._schedule()

    def on_messages(self, report) -> None:
        """Dispatcher hook: take the outcomes of one recorded batch of journey messages."""
        with self._lock:
            if has_app_context():
                self._app = current_app._get_current_object()
            self.buffer.add_messages(report.outcomes, report.at)
        self._schedule()

    def mark_stale(self, journey_ids, app: Flask | None = None) -> None:
        """Resend these journeys' counters from the database with the next flush."""
        with self._lock:
            if app is not None:
                self._app = app
            for journey_id in journey_ids:
                self.buffer.mark_stale(journey_id)
        self._schedule()

    def _schedule(self) -> None:
        with self._lock:
            if self._timer is not None or not self.buffer.pending():
                return
            self._timer = threading.Timer(self.buffer.wait_time(self.clock()), self._run)
            self._timer.daemon = True
            self._timer.start()

    def _run(self) -> None:
        with self._lock:
            self._timer = None
            flush, app = self.buffer.take(self.clock()), self._app
        try:
            if flush and app is not None:
                with self._flushing, app.app_context():
                    self.emit(flush)
        except Exception:  # noqa: BLE001 - live updates must never break the engine
            log.exception("live update failed")
        self._schedule()

    def anyone_watching(self) -> bool:
        """False only when no browser can be listening: no message queue (so every watcher
        is connected to this process) and no journey room here has a member."""
        if self.socketio.server_options.get("message_queue"):
            return True
        server = self.socketio.server
        rooms = server.manager.rooms.get("/", {}) if server is not None else {}
        return any(
            isinstance(name, str) and name.startswith("journey:") and sids
            for name, sids in rooms.items()
        )

    def emit(self, flush: Flush) -> None:
        """Emit one flush to the journeys' rooms (one query for keys, one for members)."""
        from app.extensions import db

        if not self.anyone_watching():
            return
        ids = flush.journey_ids()
        with Session(bind=db.engine) as session:
            journeys = {
                j.id: j for j in session.scalars(select(Journey).where(Journey.id.in_(ids)))
            }
            # A journey about to get a snapshot needs no message deltas.
            messages = [m for m in flush.messages if m[0] not in flush.resync]
            if messages:
                previous = previous_statuses(session, messages)
                for journey_id, deltas in message_deltas(messages, previous).items():
                    merge(flush.counters.setdefault(journey_id, {}), deltas)
            member_ids = {s[1] for samples in flush.samples.values() for s in samples}
            external = (
                dict(
                    session.execute(
                        select(Member.id, Member.external_id).where(Member.id.in_(member_ids))
                    ).all()
                )
                if member_ids
                else {}
            )
            at = datetime.now(UTC).isoformat()
            for journey_id, journey in journeys.items():
                to = room(journey.key)
                if journey_id in flush.resync:
                    self.socketio.emit("snapshot", snapshot_payload(session, journey), to=to)
                elif flush.counters.get(journey_id) or flush.edges.get(journey_id):
                    self.socketio.emit(
                        "counters",
                        {
                            "journey": journey.key,
                            "nodes": flush.counters.get(journey_id, {}),
                            "edges": flush.edges.get(journey_id, {}),
                        },
                        to=to,
                    )
                if journey_id in flush.samples:
                    steps = [
                        {
                            "member": external.get(member_id, str(member_id)),
                            "node": node_id,
                            "outcome": outcome,
                            "branch": branch,
                            "at": at,
                        }
                        for _, member_id, node_id, outcome, branch in flush.samples[journey_id]
                    ]
                    self.socketio.emit("steps", {"journey": journey.key, "steps": steps}, to=to)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until nothing is pending or being emitted (for shutdown and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                idle = self._timer is None and not self.buffer.pending()
            if idle and not self._flushing.locked():
                return True
            time.sleep(0.02)
        return False
