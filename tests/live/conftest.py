"""A live server (werkzeug, threads, real websockets) and Socket.IO clients signed in to it."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import pytest
import requests
import socketio
from werkzeug.serving import make_server

from app import live
from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.engine.ticker import tick
from app.extensions import db
from app.live.deltas import merge, without_zeros
from app.live.snapshot import journey_counters
from app.models import Journey
from tests.conftest import PASSWORD
from tests.engine.factories import START, document, make_members, node, publish


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The app (with its Socket.IO server) on http://127.0.0.1:<free port>."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        live.emitter().wait_idle()
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def session_cookies(base_url: str, email: str, password: str = PASSWORD) -> str:
    """Sign in like the browser app does; returns the Cookie header of the signed-in session."""
    http = requests.Session()
    http.get(f"{base_url}/api/auth/session", timeout=10)
    response = http.post(
        f"{base_url}/api/auth/login",
        json={"email": email, "password": password},
        headers={"X-CSRFToken": http.cookies["csrf_token"]},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return "; ".join(f"{name}={value}" for name, value in http.cookies.items())


class Watcher:
    """A Socket.IO client that records every live event it receives."""

    def __init__(self):
        self.client = socketio.Client(reconnection=False)
        self.events: queue.Queue = queue.Queue()
        #: What the server said when it refused the connection.
        self.refusal = None
        self.client.on("connect_error", self._refused)
        for name in ("snapshot", "counters", "steps", "status"):
            self.client.on(name, self._recorder(name))

    def _refused(self, data):
        self.refusal = data

    def _recorder(self, name):
        def record(data):
            self.events.put((name, data))

        return record

    def connect(self, base_url: str, cookie: str | None = None) -> None:
        headers = {"Cookie": cookie} if cookie else {}
        self.client.connect(base_url, headers=headers, transports=["websocket"], wait_timeout=10)

    def join(self, key: str) -> dict:
        return self.client.call("join", {"journey": key}, timeout=10)

    def next_event(self, timeout: float = 10) -> tuple[str, dict]:
        return self.events.get(timeout=timeout)

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()


@pytest.fixture
def watcher() -> Iterator[Watcher]:
    w = Watcher()
    yield w
    w.close()


def _flow() -> dict:
    """entry -> random split -> (tag on one arm) -> wait two days -> exit."""
    return document(
        "live-basics",
        [
            node("start", "entry.api"),
            node(
                "ab",
                "split.random",
                variants=[{"key": "a", "weight": 50}, {"key": "b", "weight": 50}],
            ),
            node("tag_a", "action.tag", tag="arm-a"),
            node("wait", "wait.duration", days=2),
            node("done", "exit"),
        ],
        [
            ("start", "ab"),
            ("ab", "tag_a", "a"),
            ("ab", "wait", "b"),
            ("tag_a", "wait"),
            ("wait", "done"),
        ],
    )


@pytest.fixture
def running(app):
    """A published journey with 120 members inside, advanced once (all wait at ``wait``)."""
    doc = _flow()
    member_ids = make_members(120)
    version = publish(doc)
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", member_ids, "api:live", clock.now())
    db.session.commit()
    tick(clock)
    db.session.rollback()
    return version, clock


def database_counters(key: str) -> dict:
    """The journey's live counters as the database has them now, zeros left out."""
    db.session.rollback()
    journey = db.session.scalar(db.select(Journey).where(Journey.key == key))
    return without_zeros(journey_counters(db.session, journey))


def apply_event(state: dict, name: str, data: dict) -> dict:
    """What a browser does with a live event: a snapshot replaces, deltas add."""
    if name == "snapshot":
        return without_zeros(data["nodes"])
    if name == "counters":
        return merge(state, data["nodes"])
    return state
