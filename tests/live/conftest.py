"""A live server (werkzeug, threads, real websockets) and Socket.IO clients signed in to it."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests
import socketio
from werkzeug.serving import make_server

from app import live
from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.engine.steps._assignment import bucket, pick
from app.engine.ticker import tick
from app.extensions import db
from app.live.deltas import merge, without_zeros
from app.live.snapshot import journey_counters
from app.messaging.dispatcher import Dispatcher
from app.models import (
    ChannelConfig,
    Journey,
    JourneyMember,
    JourneyStep,
    JourneyVersion,
    MessageTemplate,
    OutboxMessage,
    Suppression,
)
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

    def next_event(self, timeout: float = 30) -> tuple[str, dict]:
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


def _at(x: int, y: int, label: str) -> dict:
    return {"label": label, "position": {"x": x, "y": y}}


#: The split's arms, and how many members of arm ``a`` are on the suppression list.
ARMS = [("a", 50), ("b", 50)]
SUPPRESSED = 3


def welcome_document() -> dict:
    """entry -> A/B split -> (a) in-app welcome message | (b) tag -> wait two days -> exit."""
    doc = document(
        "welcome-live",
        [
            {**node("start", "entry.api"), **_at(0, 150, "New members")},
            {
                **node(
                    "ab",
                    "split.random",
                    variants=[{"key": key, "weight": weight} for key, weight in ARMS],
                ),
                **_at(280, 130, "A/B welcome"),
            },
            {
                **node("inbox", "action.send", channel="inapp", template="welcome"),
                **_at(560, 0, "Welcome message"),
            },
            {**node("tag_b", "action.tag", tag="welcome-b"), **_at(560, 290, "Tag arm B")},
            {**node("wait", "wait.duration", days=2), **_at(840, 60, "Two days")},
            {**node("done", "exit"), **_at(840, 270, "Welcomed")},
        ],
        [
            ("start", "ab"),
            ("ab", "inbox", "a"),
            ("ab", "tag_b", "b"),
            ("inbox", "wait"),
            ("tag_b", "wait"),
            ("wait", "done"),
        ],
    )
    return {**doc, "name": "New member welcome"}


@dataclass
class WelcomeRun:
    """A published journey whose send node queues in-app messages, and the engine and the
    delivery dispatcher driven by one virtual clock. The in-app channel is quiet 09:00-12:00
    (members are in Shanghai, START is 10:00 there), and ``SUPPRESSED`` members the split sends
    down ``a`` are on the suppression list."""

    clock: VirtualClock
    version: JourneyVersion
    member_ids: list[int]

    def enter(self) -> None:
        enter_members(db.session, self.version, "start", self.member_ids, "api:w", self.now)
        db.session.commit()

    @property
    def now(self):
        return self.clock.now()

    def tick(self) -> None:
        tick(self.clock)
        db.session.rollback()

    def dispatch(self) -> None:
        Dispatcher(db.session, clock=self.clock.now).run()
        db.session.rollback()

    def after_quiet_hours(self) -> None:
        self.clock.advance(hours=2, minutes=1)


@pytest.fixture
def welcome(app) -> WelcomeRun:
    """``welcome-live`` published, 40 members not yet inside (call ``enter``)."""
    member_ids = make_members(40)
    db.session.add(
        MessageTemplate(
            key="welcome",
            name="Welcome",
            channel="inapp",
            subject="Welcome",
            body="Welcome, {{ member.name }}!",
            category="marketing",
        )
    )
    db.session.add(
        ChannelConfig(
            channel="inapp",
            enabled=True,
            settings={"rules": {"quiet_hours": {"start": "09:00", "end": "12:00"}}},
        )
    )
    db.session.add_all(
        Suppression(channel="*", member_id=member_id, reason="asked not to be contacted")
        for member_id in [m for m in member_ids if pick(ARMS, bucket(m, "ab")) == "a"][:SUPPRESSED]
    )
    db.session.commit()
    return WelcomeRun(VirtualClock(START), publish(welcome_document()), member_ids)


def database_edges(key: str) -> dict:
    """Members who left each node by each branch, counted in the step log (test runs left out)."""
    db.session.rollback()
    rows = db.session.execute(
        db.select(JourneyStep.node_id, JourneyStep.branch, db.func.count())
        .join(Journey, Journey.id == JourneyStep.journey_id)
        .join(JourneyMember, JourneyMember.id == JourneyStep.journey_member_id)
        .where(
            Journey.key == key,
            JourneyStep.outcome == "passed",
            JourneyMember.is_test.is_(False),
        )
        .group_by(JourneyStep.node_id, JourneyStep.branch)
    )
    edges: dict = {}
    for node_id, branch, count in rows:
        edges.setdefault(node_id, {})[branch] = count
    return edges


def database_messages(key: str) -> dict:
    """``{node_id: {outbox status: n}}`` of the messages the journey's nodes queued."""
    db.session.rollback()
    rows = db.session.execute(
        db.select(OutboxMessage.node_id, OutboxMessage.status, db.func.count())
        .join(Journey, Journey.id == OutboxMessage.journey_id)
        .where(Journey.key == key)
        .group_by(OutboxMessage.node_id, OutboxMessage.status)
    )
    messages: dict = {}
    for node_id, status, count in rows:
        messages.setdefault(node_id, {})[status] = count
    return messages


def database_live(key: str) -> dict:
    """Node and edge counters as the database has them now, zeros left out."""
    return {"nodes": database_counters(key), "edges": database_edges(key)}


def apply_live(state: dict, name: str, data: dict) -> dict:
    """Like :func:`apply_event`, for ``{"nodes": ..., "edges": ...}``."""
    if name == "snapshot":
        return {"nodes": without_zeros(data["nodes"]), "edges": without_zeros(data["edges"])}
    if name == "counters":
        merge(state["nodes"], data["nodes"])
        merge(state["edges"], data.get("edges", {}))
    return state


def follow(watcher: Watcher, state: dict, expected: dict, seen: list | None = None) -> dict:
    """Apply the watcher's events to ``state`` until it equals ``expected``; returns it."""
    while state != expected:
        name, data = watcher.next_event()
        if seen is not None:
            seen.append((name, data))
        state = apply_live(state, name, data)
    return state
