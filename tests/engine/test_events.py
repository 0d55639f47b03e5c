"""Ingested events enter journeys, wake members waiting for them, and count as goals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.ticker import tick as run_tick
from app.extensions import db
from app.models import JourneyConversion, JourneyMember, JourneyStep
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


def _visit_journey(reentry: str, **settings):
    """A login enters; the member then waits for a paid order (3 days); a login is the goal."""
    return document(
        "visits",
        [
            node("visit", "entry.event", event_type="login", where=[]),
            node("wait", "wait.event", event_type="order_paid", where=[], timeout={"days": 3}),
            node("bought", "exit"),
            node("gave_up", "exit"),
        ],
        [("visit", "wait"), ("wait", "bought", "event"), ("wait", "gave_up", "timeout")],
        entry={"reentry": reentry},
        goal={"event_type": "login", "where": [], "conversion_window_days": 7},
        **settings,
    )


def _runs():
    return db.session.execute(
        select(JourneyMember.status, JourneyMember.path, JourneyMember.step_no).order_by(
            JourneyMember.id
        )
    ).all()


@pytest.mark.parametrize("reentry", ["after_exit", "never"])
def test_an_event_that_ends_a_run_by_its_goal_may_enter_again_at_once(
    app, client, token_headers, reentry
):
    make_members(1)
    publish(_visit_journey(reentry))
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    headers = token_headers("events:write")
    _post_event(client, headers, "v1", "m0", "login", START)
    tick(clock)
    assert [r.status for r in _runs()] == ["waiting_event"]

    clock.advance(hours=1)
    _post_event(client, headers, "v2", "m0", "login", clock.now())
    runs = _runs()
    # The second login converts the first run, which leaves on its goal; under after_exit
    # the same login then enters the member again, as the run it ended no longer holds them.
    assert runs[0].status == "exited" and runs[0].path[-1] == ["wait", "goal"]
    assert [r.status for r in runs[1:]] == (["active"] if reentry == "after_exit" else [])
    assert db.session.scalar(select(db.func.count()).select_from(JourneyConversion)) == 1
    logged = db.session.execute(
        select(JourneyStep.journey_member_id, JourneyStep.step_no, JourneyStep.outcome).where(
            JourneyStep.outcome == "converted"
        )
    ).all()
    assert [(step_no, outcome) for _, step_no, outcome in logged] == [
        (runs[0].step_no, "converted")
    ]


def test_an_event_that_meets_an_exit_criterion_and_a_wait_exits(app, client, token_headers):
    make_members(2)
    publish(
        _visit_journey(
            "never",
            exit_criteria=[{"kind": "event", "event": {"event_type": "order_paid", "where": []}}],
        )
    )
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    headers = token_headers("events:write")
    _post_event(client, headers, "v0", "m0", "login", START)
    _post_event(client, headers, "v1", "m1", "login", START)
    tick(clock)
    clock.advance(hours=1)
    _post_event(client, headers, "p0", "m0", "order_paid", clock.now())
    runs = _runs()
    # The paid order both meets the exit criterion and ends m0's wait: the criterion comes
    # first, so m0 leaves by it and is not woken; m1 still waits.
    assert [r.status for r in runs] == ["exited", "waiting_event"]
    assert runs[0].path[-1] == ["wait", "exit_criteria"]
    outcomes = db.session.scalars(
        select(JourneyStep.outcome).where(JourneyStep.at == clock.now())
    ).all()
    assert outcomes == ["exited"]
