"""Socket.IO handlers: signed-in users join a journey's room and get its counters.

The connection is authenticated by the Flask session cookie, like every other request.
Watching is reading, so every role may join; nothing can be changed over the socket.
Each handler answers with an acknowledgement: ``{"ok": true, ...}`` or
``{"error": code, "message": ...}``.
"""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room, leave_room
from sqlalchemy import select

from app.extensions import db
from app.live.emitter import room
from app.live.recent import recent_steps
from app.live.snapshot import snapshot_payload
from app.models.journeys import Journey

KEY_MAX = 100
SIGN_IN = "Sign in to watch journeys live."


def _error(code: str, message: str) -> dict:
    return {"error": code, "message": message}


def _journey_key(data) -> tuple[str | None, dict | None]:
    key = data.get("journey") if isinstance(data, dict) else None
    if not isinstance(key, str) or not key.strip() or len(key) > KEY_MAX:
        return None, _error(
            "validation_failed",
            f'Send {{"journey": <journey key>}} (a text of 1 to {KEY_MAX} characters).',
        )
    return key, None


def on_connect(auth=None):
    if not current_user.is_authenticated:
        # The browser sees ``err.message`` and ``err.data.error`` on ``connect_error``.
        raise ConnectionRefusedError(SIGN_IN, {"error": "unauthorized"})


def on_join(data=None):
    if not current_user.is_authenticated:
        return _error("unauthorized", SIGN_IN)
    key, problem = _journey_key(data)
    if problem:
        return problem
    journey = db.session.scalar(select(Journey).where(Journey.key == key))
    if journey is None:
        return _error("not_found", f"No journey with the key '{key}'.")
    # Join first, then read: a batch committed in between is counted twice at worst, never
    # missed; the periodic resync corrects it.
    try:
        join_room(room(journey.key))
    except ValueError:
        # The page went away (a navigation) before its join was handled: nobody to answer.
        db.session.rollback()
        return None
    payload = snapshot_payload(db.session, journey)
    # The page opens with the newest steps in its feed rather than an empty one.
    payload["recent_steps"] = recent_steps(db.session, journey)
    db.session.rollback()
    return {"ok": True, **payload}


def on_leave(data=None):
    key, problem = _journey_key(data)
    if problem:
        return problem
    leave_room(room(key))
    return {"ok": True, "journey": key}


def register(socketio) -> None:
    """Bind the handlers to the server ``socketio.init_app`` just built."""
    socketio.on_event("connect", on_connect)
    socketio.on_event("join", on_join)
    socketio.on_event("leave", on_leave)
