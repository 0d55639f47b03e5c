"""Live run monitoring over Socket.IO: per-node counters, a feed of member steps, run status.

Browsers connect with their session cookie and ``join`` a journey's room (``journey:<key>``);
the join is answered with a full snapshot. After that the room receives

* ``counters`` — per-node and per-edge deltas aggregated from the engine's batch reports
  and the delivery dispatcher's outcomes, at most four times a second,
* ``snapshot`` — the full counters again, read from the database, when deltas cannot tell
  (parked members, goals reached by events) and every 15 s while the journey is busy,
* ``steps`` — a sample of recent member steps,
* ``status`` — the journey was published, paused, resumed or archived.

See docs/live.md for the payloads and for running workers in other processes with Redis.
"""

from __future__ import annotations

from functools import cache

from flask import Flask, has_app_context

from app.live.emitter import LiveEmitter, room

_emitter: LiveEmitter | None = None


def emitter() -> LiveEmitter:
    """The process's emitter (one per process: the engine hook list is process-wide)."""
    global _emitter
    if _emitter is None:
        from app.engine import hooks
        from app.extensions import socketio
        from app.ingestion.signals import events_stored

        _emitter = LiveEmitter(socketio)
        hooks.on_batch_processed(_emitter.on_batch)
        hooks.on_messages_settled(_emitter.on_messages)
        events_stored.connect(_events_stored)
    return _emitter


def init_app(app: Flask) -> None:
    """Register the socket handlers on the server ``socketio.init_app`` built for ``app``."""
    from app.extensions import socketio
    from app.live import sockets

    sockets.register(socketio)
    emitter()


def publish_status(journey) -> None:
    """Tell the journey's room its run status changed (call after the change is committed)."""
    from app.extensions import socketio

    socketio.emit(
        "status", {"journey": journey.key, "status": journey.status}, to=room(journey.key)
    )
    if journey.status in ("published", "archived"):
        from flask import current_app

        emitter().mark_stale([journey.id], current_app._get_current_object())


def _events_stored(session, rows, **_) -> None:
    """Events may convert members or make them leave; resend the counters of their journeys
    once the events' transaction has committed."""
    member_ids = {row.member_id for row in rows if getattr(row, "member_id", None)}
    if not member_ids or not has_app_context() or not emitter().anyone_watching():
        return
    # On SQLite this runs inside the event post's write lock: one statement built once.
    journey_ids = set(
        session.connection()
        .execute(_journeys_of_live_runs(), {"member_ids": sorted(member_ids)})
        .scalars()
    )
    if not journey_ids:
        return
    from flask import current_app
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    app = current_app._get_current_object()

    def committed(_session) -> None:
        emitter().mark_stale(journey_ids, app)

    # The sender may be the scoped session; listen on the one session doing this work.
    target = session if isinstance(session, Session) else session()
    event.listen(target, "after_commit", committed, once=True)


@cache
def _journeys_of_live_runs():
    """The published journeys in which some of ``member_ids`` have a live run."""
    from sqlalchemy import bindparam, select

    from app.models.journeys import Journey
    from app.models.runs import LIVE_STATUSES, JourneyMember

    return (
        select(JourneyMember.journey_id)
        .join(Journey, Journey.id == JourneyMember.journey_id)
        .where(
            JourneyMember.member_id.in_(bindparam("member_ids", expanding=True)),
            JourneyMember.status.in_(LIVE_STATUSES),
            Journey.status == "published",
        )
        .distinct()
    )
