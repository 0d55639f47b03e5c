"""The stored per-node step counts always agree with the step log of real runs."""

from __future__ import annotations

from sqlalchemy import func, select

from app.engine import lifecycle
from app.engine.clock import VirtualClock
from app.engine.counters import flow_counters
from app.engine.entries import enter_members
from app.extensions import db
from app.models import Journey, JourneyMember, JourneyStep, JourneyStepCount
from tests.engine.factories import START, make_members, publish
from tests.engine.test_events import _cart_journey, _post_event, tick


def _stored() -> dict[tuple, int]:
    rows = db.session.execute(
        select(
            JourneyStepCount.node_id,
            JourneyStepCount.outcome,
            JourneyStepCount.branch,
            JourneyStepCount.count,
        )
    )
    return {(node_id, outcome, branch): n for node_id, outcome, branch, n in rows}


def _counted_from_the_log() -> dict[tuple, int]:
    rows = db.session.execute(
        select(JourneyStep.node_id, JourneyStep.outcome, JourneyStep.branch, func.count())
        .join(JourneyMember, JourneyMember.id == JourneyStep.journey_member_id)
        .where(JourneyMember.is_test.is_(False))
        .group_by(JourneyStep.node_id, JourneyStep.outcome, JourneyStep.branch)
    )
    return {(node_id, outcome, branch or ""): n for node_id, outcome, branch, n in rows}


def test_batches_events_and_a_resume_keep_the_counts_and_test_runs_stay_out(
    app, client, token_headers
):
    member_ids = make_members(5)
    version = publish(_cart_journey())
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    headers = token_headers("events:write")
    # Three members enter by event (logged as they are ingested); a tester goes through
    # the same journey in test mode.
    for i in range(3):
        _post_event(client, headers, f"cart-{i}", f"m{i}", "cart_abandoned", START)
    enter_members(db.session, version, "abandoned", member_ids[4:], "test:1", START, is_test=True)
    db.session.commit()
    tick(clock)
    # m0's order wakes the wait (an event path that logs steps itself).
    clock.advance(hours=5)
    _post_event(client, headers, "pay-0", "m0", "order_paid", clock.now(), amount=150)
    tick(clock)
    # The journey is paused over the others' timeout, and resumed: they are logged as
    # overdue, then time out by a batch.
    journey = db.session.scalar(select(Journey))
    lifecycle.pause(journey, clock.now())
    db.session.commit()
    clock.advance(days=3)
    tick(clock)
    lifecycle.resume(journey, clock.now())
    db.session.commit()
    tick(clock)

    stored = _stored()
    assert stored == _counted_from_the_log()
    assert stored[("wait", "passed", "event")] == 1
    assert stored[("wait", "passed", "timeout")] == 2
    assert stored[("wait", "paused", "")] == 2
    # The tester's steps are in the log, not in the counts.
    tester_steps = db.session.scalar(
        select(func.count())
        .select_from(JourneyStep)
        .join(JourneyMember, JourneyMember.id == JourneyStep.journey_member_id)
        .where(JourneyMember.is_test.is_(True))
    )
    assert tester_steps > 0
    counters = flow_counters(db.session, journey.id)
    assert counters.edges["wait"] == {"event": 1, "timeout": 2}
    assert counters.nodes["done"]["exited"] == 2
