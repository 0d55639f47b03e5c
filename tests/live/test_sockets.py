"""A real Socket.IO client against the live server: sign-in, rooms, counters that match the
database, the feed of steps and run status changes."""

from __future__ import annotations

import pytest
import requests
import socketio

from app.engine.clock import VirtualClock
from app.engine.ticker import tick
from app.extensions import db
from app.live.deltas import without_zeros
from tests.engine.factories import START, make_members, publish
from tests.engine.test_events import _cart_journey
from tests.live.conftest import Watcher, apply_event, database_counters, session_cookies


def test_connecting_without_signing_in_is_refused(live_server):
    watcher = Watcher()
    with pytest.raises(socketio.exceptions.ConnectionError) as refused:
        watcher.connect(live_server)
    assert "failed to connect" in str(refused.value)
    assert watcher.refusal == {
        "message": "Sign in to watch journeys live.",
        "data": {"error": "unauthorized"},
    }
    assert not watcher.client.connected


def test_a_stale_or_forged_session_cookie_is_refused(live_server):
    watcher = Watcher()
    with pytest.raises(socketio.exceptions.ConnectionError):
        watcher.connect(live_server, cookie="session=forged.cookie.value")
    assert watcher.refusal["data"] == {"error": "unauthorized"}


def test_join_sends_counters_equal_to_the_database_then_deltas_that_add_up(
    live_server, running, make_user, watcher
):
    _, clock = running
    viewer = make_user("viewer")
    watcher.connect(live_server, session_cookies(live_server, viewer.email))

    joined = watcher.join("live-basics")

    assert joined["ok"] is True
    assert joined["status"] == "published"
    before = database_counters("live-basics")
    assert without_zeros(joined["nodes"]) == before
    assert before["wait"] == {"entered": 120, "waiting": 120}

    clock.advance(days=2, seconds=1)
    tick(clock)
    expected = database_counters("live-basics")
    assert expected["wait"] == {"entered": 120, "passed": 120}
    assert expected["done"] == {"entered": 120, "exited": 120}

    state, seen, feed = without_zeros(joined["nodes"]), [], []
    while state != expected:
        name, data = watcher.next_event()
        assert data["journey"] == "live-basics"
        seen.append(name)
        if name == "steps":
            feed.extend(data["steps"])
        state = apply_event(state, name, data)
    assert "counters" in seen
    while "steps" not in seen:
        name, data = watcher.next_event()
        seen.append(name)
        if name == "steps":
            feed.extend(data["steps"])
    assert feed and {step["node"] for step in feed} <= {"wait", "done"}
    assert all(step["member"].startswith("m") for step in feed)


def test_join_answers_what_is_wrong(live_server, running, make_user, watcher):
    watcher.connect(live_server, session_cookies(live_server, make_user("marketer").email))

    assert watcher.join("no-such-journey") == {
        "error": "not_found",
        "message": "No journey with the key 'no-such-journey'.",
    }
    bad = watcher.client.call("join", {"journey": ""}, timeout=10)
    assert bad["error"] == "validation_failed"
    assert "journey key" in bad["message"]
    assert watcher.client.call("join", "live-basics", timeout=10)["error"] == "validation_failed"


def test_status_changes_reach_the_room_and_viewers_can_watch_but_not_pause(
    live_server, running, make_user, watcher
):
    viewer = make_user("viewer")
    watcher.connect(live_server, session_cookies(live_server, viewer.email))
    assert watcher.join("live-basics")["ok"] is True

    as_viewer = requests.Session()
    cookie = session_cookies(live_server, viewer.email)
    csrf = dict(part.split("=", 1) for part in cookie.split("; "))["csrf_token"]
    denied = as_viewer.post(
        f"{live_server}/api/journeys/live-basics/pause",
        headers={"Cookie": cookie, "X-CSRFToken": csrf},
        timeout=10,
    )
    assert denied.status_code == 403

    marketer = make_user("marketer")
    cookie = session_cookies(live_server, marketer.email)
    csrf = dict(part.split("=", 1) for part in cookie.split("; "))["csrf_token"]
    paused = requests.post(
        f"{live_server}/api/journeys/live-basics/pause",
        headers={"Cookie": cookie, "X-CSRFToken": csrf},
        timeout=10,
    )
    assert paused.status_code == 200, paused.text

    name, data = watcher.next_event()
    while name != "status":
        name, data = watcher.next_event()
    assert data == {"journey": "live-basics", "status": "paused"}


def test_a_goal_reached_by_an_ingested_event_resends_the_counters(
    app, live_server, make_user, token_headers, watcher
):
    make_members(2)
    publish(
        _cart_journey(
            goal={
                "event_type": "order_paid",
                "where": [],
                "conversion_window_days": 7,
                "exit_on_goal": True,
            }
        )
    )
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    headers = token_headers("events:write")

    def post_event(external_id: str, member: str, type_: str, **properties) -> None:
        response = requests.post(
            f"{live_server}/api/events",
            json={
                "external_id": external_id,
                "member_external_id": member,
                "type": type_,
                "occurred_at": clock.now().isoformat(),
                "properties": properties,
            },
            headers=headers,
            timeout=10,
        )
        assert response.status_code in (200, 201), response.text

    post_event("c0", "m0", "cart_abandoned")
    post_event("c1", "m1", "cart_abandoned")
    tick(clock)
    db.session.rollback()
    watcher.connect(live_server, session_cookies(live_server, make_user("viewer").email))
    assert watcher.join("cart")["nodes"]["wait"] == {
        **dict.fromkeys(("entered", "waiting"), 2),
        **dict.fromkeys(("passed", "exited", "converted", "errors"), 0),
    }

    clock.advance(days=1)
    post_event("p0", "m0", "order_paid", amount=20)

    name, data = watcher.next_event()
    while name != "snapshot":
        name, data = watcher.next_event()
    assert without_zeros(data["nodes"])["wait"] == {
        "entered": 2,
        "waiting": 1,
        "exited": 1,
        "converted": 1,
    }
    assert without_zeros(data["nodes"]) == database_counters("cart")
