"""Event entries at their edges: several matching events of one member in one post, and
events that arrive while the journey is paused."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import JourneyHeldEvent, JourneyMember, Member
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import run


def _cart_journey(**settings):
    entry = node(
        "start",
        "entry.event",
        event_type="cart_abandoned",
        where=[{"property": "amount", "op": "gte", "value": 50}],
    )
    wait = node("wait", "wait.duration", hours=1)
    return publish(
        document(
            "carts",
            [entry, wait, node("done", "exit")],
            [("start", "wait"), ("wait", "done")],
            **settings,
        )
    )


def _post(client, events: list[tuple[str, float]], tag: str, at=START) -> None:
    records = [
        {
            "external_id": f"{tag}-{i}",
            "member_external_id": member,
            "type": "cart_abandoned",
            "occurred_at": at.isoformat(),
            "properties": {"amount": amount},
        }
        for i, (member, amount) in enumerate(events)
    ]
    response = client.post("/api/events/bulk", json={"records": records})
    assert response.status_code in (200, 201), response.get_json()


def _entries() -> Counter:
    rows = db.session.execute(
        select(Member.external_id).join(JourneyMember, JourneyMember.member_id == Member.id)
    ).all()
    return Counter(external_id for (external_id,) in rows)


EVENTS = [("m0", 60), ("m0", 80), ("m1", 70), ("m1", 10), ("m2", 20), ("m3", 55), ("m3", 99)]


def _expected(reentry: str) -> Counter:
    """Entries per member worked out from the events: each matching event enters under
    ``always``; under the other rules the member's first matching event does."""
    matching = [member for member, amount in EVENTS if amount >= 50]
    if reentry == "always":
        return Counter(matching)
    return Counter(set(matching))


@pytest.mark.parametrize("reentry", ["always", "after_exit", "never"])
def test_each_matching_event_is_its_own_entry_under_always(app, admin_client, reentry):
    make_members(4)
    _cart_journey(entry={"reentry": reentry})
    app.extensions["clock"] = VirtualClock(START)
    _post(admin_client, EVENTS, "a")
    db.session.expire_all()
    assert _entries() == _expected(reentry)


@pytest.mark.parametrize("paused_events", ["hold", "drop"])
def test_events_that_arrive_while_paused_enter_on_resume(app, admin_client, paused_events):
    make_members(4)
    _cart_journey(entry={"reentry": "always"}, paused_events=paused_events)
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    assert admin_client.post("/api/journeys/carts/pause").status_code == 200
    _post(admin_client, EVENTS, "p")
    db.session.expire_all()
    assert _entries() == Counter()  # nobody enters a paused journey
    held = db.session.scalars(select(JourneyHeldEvent.event_id)).all()
    assert len(held) == (sum(_expected("always").values()) if paused_events == "hold" else 0)

    run(clock, hours=2)
    assert admin_client.post("/api/journeys/carts/resume").status_code == 200
    db.session.expire_all()
    assert _entries() == (_expected("always") if paused_events == "hold" else Counter())
    assert db.session.scalars(select(JourneyHeldEvent.id)).all() == []
    # The held entries run like any other: due at the resume, through the wait, out.
    run(clock)
    run(clock, hours=2)
    statuses = Counter(db.session.scalars(select(JourneyMember.status)))
    assert statuses == Counter({"exited": sum(_entries().values())})
    # Posting the same events again after the resume enters nobody twice.
    _post(admin_client, EVENTS, "p")
    db.session.expire_all()
    assert _entries() == (_expected("always") if paused_events == "hold" else Counter())
