"""A real Socket.IO client against the live server: sign-in, rooms, counters that match the
database, the feed of steps and run status changes."""

from __future__ import annotations

import pytest
import requests
import socketio

from app import live
from app.engine.clock import VirtualClock
from app.engine.ticker import tick
from app.extensions import db
from app.live.deltas import without_zeros
from app.models import JourneyStep, Member
from tests.engine.factories import START, make_members, publish
from tests.engine.test_events import _cart_journey
from tests.live.conftest import (
    Watcher,
    apply_event,
    database_counters,
    database_edges,
    database_live,
    database_messages,
    follow,
    session_cookies,
)


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
    live_server, running, make_user, watcher, monkeypatch
):
    # Deltas only: a periodic snapshot (due when the journey id was busy in an earlier test
    # more than RESYNC_EVERY ago) would hide whether the deltas add up.
    monkeypatch.setattr(live.emitter().buffer, "resync_every", float("inf"))
    _, clock = running
    viewer = make_user("viewer")
    watcher.connect(live_server, session_cookies(live_server, viewer.email))

    joined = watcher.join("live-basics")

    assert joined["ok"] is True
    assert joined["status"] == "published"
    before = database_counters("live-basics")
    assert without_zeros(joined["nodes"]) == before
    assert before["wait"] == {"entered": 120, "waiting": 120}
    # The answer opens the feed with the newest steps of the step log, oldest first.
    newest = db.session.execute(
        db.select(Member.external_id, JourneyStep.node_id, JourneyStep.outcome)
        .join(Member, Member.id == JourneyStep.member_id)
        .order_by(JourneyStep.id.desc())
        .limit(20)
    ).all()
    assert [(s["member"], s["node"], s["outcome"]) for s in joined["recent_steps"]] == [
        tuple(row) for row in reversed(newest)
    ]

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


SENT_LIKE = ("sent", "delivered", "opened", "clicked")


def _message_counters(by_status: dict) -> dict:
    """What a send node should show for ``{outbox status: n}``, zeros left out."""
    counters = {
        "messages_queued": sum(by_status.values()),
        "messages_sent": sum(n for status, n in by_status.items() if status in SENT_LIKE),
        "messages_deferred": by_status.get("deferred", 0),
        "messages_suppressed": by_status.get("suppressed", 0),
        "messages_failed": by_status.get("failed", 0) + by_status.get("bounced", 0),
    }
    return {name: n for name, n in counters.items() if n}


def test_edge_and_message_counts_in_the_snapshot_match_the_database_and_deltas_follow(
    live_server, welcome, make_user, watcher, monkeypatch
):
    # Deltas only, no periodic snapshot, so the deltas themselves are checked.
    monkeypatch.setattr(live.emitter().buffer, "resync_every", float("inf"))
    watcher.connect(live_server, session_cookies(live_server, make_user("viewer").email))
    joined = watcher.join("welcome-live")
    assert joined["nodes"] == {} and joined["edges"] == {}
    state = {"nodes": {}, "edges": {}}

    welcome.enter()
    welcome.tick()
    edges = database_edges("welcome-live")
    arm_a, arm_b = edges["ab"]["a"], edges["ab"]["b"]
    assert arm_a and arm_b and arm_a + arm_b == 40
    assert edges == {
        "start": {"next": 40},
        "ab": {"a": arm_a, "b": arm_b},
        "inbox": {"next": arm_a},
        "tag_b": {"next": arm_b},
    }
    state = follow(watcher, state, database_live("welcome-live"))
    assert state["nodes"]["inbox"]["messages_queued"] == arm_a

    # Quiet hours: the dispatcher defers the messages, except to the suppressed members.
    welcome.dispatch()
    messages = database_messages("welcome-live")
    assert set(messages) == {"inbox"} and set(messages["inbox"]) == {"deferred", "suppressed"}
    state = follow(watcher, state, database_live("welcome-live"))
    assert state["nodes"]["inbox"] == {
        "entered": arm_a,
        "passed": arm_a,
        **_message_counters(messages["inbox"]),
    }

    # After the quiet hours the deferred messages go out: sent goes up, deferred back to 0.
    welcome.after_quiet_hours()
    seen: list = []
    welcome.dispatch()
    messages = database_messages("welcome-live")
    assert set(messages["inbox"]) == {"sent", "suppressed"}
    state = follow(watcher, state, database_live("welcome-live"), seen)
    assert "messages_deferred" not in state["nodes"]["inbox"]
    assert state["nodes"]["inbox"]["messages_sent"] == messages["inbox"]["sent"]
    deltas = [data["nodes"]["inbox"] for name, data in seen if name == "counters"]
    assert deltas == [
        {
            "messages_sent": messages["inbox"]["sent"],
            "messages_deferred": -messages["inbox"]["sent"],
        }
    ]

    welcome.clock.advance(days=2)
    welcome.tick()
    expected = database_live("welcome-live")
    assert expected["edges"]["wait"] == {"next": 40}
    assert follow(watcher, state, expected) == expected

    # A fresh join gets the same edges and message counts, read from the database.
    other = Watcher()
    try:
        other.connect(live_server, session_cookies(live_server, make_user("marketer").email))
        snapshot = other.join("welcome-live")
    finally:
        other.close()
    assert snapshot["edges"] == database_edges("welcome-live")
    assert without_zeros(snapshot["nodes"]) == database_counters("welcome-live")
    sent = {
        node_id: _message_counters(by_status)
        for node_id, by_status in database_messages("welcome-live").items()
    }
    for node_id, counters in sent.items():
        shown = snapshot["nodes"][node_id]
        assert {name: shown[name] for name in counters} == counters
    assert sent["inbox"]["messages_queued"] == arm_a
