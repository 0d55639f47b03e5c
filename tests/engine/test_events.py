"""Ingested events enter journeys, wake members waiting for them, and count as goals."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.ticker import tick as run_tick
from app.extensions import db
from app.models import JourneyConversion, JourneyMember
from tests.engine.factories import START, document, make_members, node, publish


def tick(clock):
    reports = run_tick(clock)
    db.session.rollback()
    return reports


def _post_event(client, headers, external_id, member, type_, at, **properties):
    response = client.post(
        "/api/events",
        json={
            "external_id": external_id,
            "member_external_id": member,
            "type": type_,
            "occurred_at": at.isoformat(),
            "properties": properties,
        },
        headers=headers,
    )
    assert response.status_code in (200, 201), response.get_json()


def _cart_journey(**settings):
    return document(
        "cart",
        [
            node("abandoned", "entry.event", event_type="cart_abandoned", where=[]),
            node(
                "wait",
                "wait.event",
                event_type="order_paid",
                where=[{"property": "amount", "op": "gte", "value": 100}],
                timeout={"days": 2},
            ),
            node("bought", "exit"),
            node("nudge", "action.tag", tag="nudged"),
            node("done", "exit"),
        ],
        [
            ("abandoned", "wait"),
            ("wait", "bought", "event"),
            ("wait", "nudge", "timeout"),
            ("nudge", "done"),
        ],
        **settings,
    )


def test_an_event_enters_and_a_matching_event_wakes_the_member(app, client, token_headers):
    make_members(3)
    publish(_cart_journey())
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    headers = token_headers("events:write")
    for i in range(3):
        _post_event(client, headers, f"cart-{i}", f"m{i}", "cart_abandoned", START)
    tick(clock)
    assert set(db.session.scalars(select(JourneyMember.status))) == {"waiting_event"}

    # m0 pays enough, m1 pays too little, m2 does nothing.
    clock.advance(hours=5)
    _post_event(client, headers, "pay-0", "m0", "order_paid", clock.now(), amount=150)
    _post_event(client, headers, "pay-1", "m1", "order_paid", clock.now(), amount=50)
    tick(clock)
    clock.advance(days=2)
    tick(clock)
    paths = {
        ext: [p[1] for p in path]
        for ext, path in db.session.execute(
            select(JourneyMember.member_id, JourneyMember.path).order_by(JourneyMember.member_id)
        )
    }
    branches = [path[1] for path in paths.values()]
    assert branches == ["event", "timeout", "timeout"]
    assert set(db.session.scalars(select(JourneyMember.status))) == {"exited"}


def test_reposting_an_event_does_not_enter_twice(app, client, token_headers):
    make_members(1)
    publish(_cart_journey())
    app.extensions["clock"] = VirtualClock(START)
    headers = token_headers("events:write")
    _post_event(client, headers, "cart-1", "m0", "cart_abandoned", START)
    _post_event(client, headers, "cart-1", "m0", "cart_abandoned", START)
    assert db.session.scalar(select(db.func.count()).select_from(JourneyMember)) == 1


def test_a_goal_converts_and_exits_from_a_wait(app, client, token_headers):
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
    _post_event(client, headers, "c0", "m0", "cart_abandoned", START)
    _post_event(client, headers, "c1", "m1", "cart_abandoned", START)
    tick(clock)
    clock.advance(days=1)
    _post_event(client, headers, "p0", "m0", "order_paid", clock.now(), amount=20)
    conversion = db.session.scalars(select(JourneyConversion)).one()
    assert conversion.node_id == "wait"
    assert float(conversion.value) == 20.0
    statuses = dict(
        (m, s) for m, s in db.session.execute(select(JourneyMember.member_id, JourneyMember.status))
    )
    assert sorted(statuses.values()) == ["exited", "waiting_event"]
    clock.advance(days=8)
    _post_event(
        client, headers, "p1", "m1", "order_paid", clock.now() + timedelta(days=1), amount=20
    )
    assert db.session.scalar(select(db.func.count()).select_from(JourneyConversion)) == 1
