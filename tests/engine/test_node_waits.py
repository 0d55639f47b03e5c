"""Wait nodes end to end under the virtual clock: who has moved on at each moment is predicted
from entry times, each member's own timezone (zoneinfo) and the events we post."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from tests.engine.factories import START, document, node, publish
from tests.engine.population import make_population, members_by, passed, run, statuses

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _waiting_flow(key: str, wait: dict, **branches: str) -> dict:
    outs = branches or {"next": "done"}
    nodes = [node("start", "entry.api"), wait] + [node(target, "exit") for target in outs.values()]
    edges = [("start", wait["id"])] + [(wait["id"], t, b) for b, t in outs.items()]
    return document(key, nodes, edges)


def test_wait_duration_holds_each_member_from_their_own_arrival(app):
    people = make_population(240)
    version = publish(_waiting_flow("dur", node("wait", "wait.duration", hours=5)))
    clock = VirtualClock(START)
    # Three cohorts arrive an hour apart.
    cohorts = {k: [int(m) for m in people.index if m % 3 == k] for k in range(3)}
    arrived = {}
    for k, members in cohorts.items():
        if k:
            run(clock, hours=1)
        enter_members(db.session, version, "start", members, f"api:{k}", clock.now())
        db.session.commit()
        arrived.update(dict.fromkeys(members, clock.now()))
        run(clock)
    arrived = pd.Series(arrived)

    for minutes in range(60, 10 * 60, 30):
        moment = START + timedelta(minutes=minutes)
        clock.set(moment)
        run(clock)
        expected = set(arrived.index[arrived + timedelta(hours=5) <= moment])
        assert members_by("dur", "wait") == expected, moment
        assert statuses("dur").get("waiting", 0) == len(people) - len(expected)
    assert passed("dur")[("done", None)] == len(people)


def _next_local(now: datetime, zone: str, at: time, days: set[int]) -> datetime:
    local = now.astimezone(ZoneInfo(zone))
    for ahead in range(8):
        day = local.date() + timedelta(days=ahead)
        candidate = datetime(day.year, day.month, day.day, at.hour, at.minute, tzinfo=local.tzinfo)
        if candidate >= local and day.weekday() in days:
            return candidate
    raise AssertionError("no such day within a week")


def test_wait_until_releases_at_the_local_time_on_allowed_days_across_dst(app):
    people = make_population(300)
    wait = node("wait", "wait.until", time_of_day="09:30", weekdays=["sun"])
    version = publish(_waiting_flow("until", wait))
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", list(map(int, people.index)), "api:1", START)
    db.session.commit()
    run(clock)

    allowed = {WEEKDAYS.index("sun")}
    release = pd.Series(
        {m: _next_local(START, z, time(9, 30), allowed) for m, z in people.timezone.items()}
    )
    # New York moves its clocks on Sunday 8 March, inside the stretch we walk through.
    assert any(
        r.date().isoformat() == "2026-03-08" for r in release[people.timezone == "America/New_York"]
    )
    moment = START
    while moment < START + timedelta(days=8):
        moment += timedelta(hours=2)
        clock.set(moment)
        run(clock)
        expected = {m for m, r in release.items() if r <= moment}
        assert members_by("until", "wait") == expected, moment
    assert statuses("until") == {"exited": len(people)}


def test_wait_until_a_date_waits_for_that_local_day(app):
    people = make_population(100)
    wait = node("wait", "wait.until", time_of_day="20:00", date="2026-03-04")
    version = publish(_waiting_flow("on-day", wait))
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", list(map(int, people.index)), "api:1", START)
    db.session.commit()
    run(clock)
    release = {
        m: datetime(2026, 3, 4, 20, 0, tzinfo=ZoneInfo(z)) for m, z in people.timezone.items()
    }
    for hours in range(6, 96, 6):
        clock.set(START + timedelta(hours=hours))
        run(clock)
        expected = {m for m, r in release.items() if r <= clock.now()}
        assert members_by("on-day", "wait") == expected


def test_wait_event_wakes_members_with_a_matching_event_and_times_out_the_rest(
    app, client, token_headers
):
    people = make_population(200)
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    wait = node(
        "wait",
        "wait.event",
        event_type="order_paid",
        where=[{"property": "amount", "op": "gte", "value": 100}],
        timeout={"days": 2},
    )
    version = publish(_waiting_flow("ev", wait, event="bought", timeout="gave_up"))
    enter_members(db.session, version, "start", list(map(int, people.index)), "api:1", START)
    db.session.commit()
    run(clock)

    ids = sorted(people.index)
    big, small, early = set(ids[0::5]), set(ids[1::5]), set(ids[2::5])
    records = []
    for m in sorted(big | small | early):
        amount = 150 if m in big or m in early else 40
        # "early" paid before entering the journey: that does not count.
        at = START - timedelta(hours=1) if m in early else START + timedelta(hours=3)
        records.append(
            {
                "external_id": f"pay-{m}",
                "member_external_id": people.external_id[m],
                "type": "order_paid",
                "occurred_at": at.isoformat(),
                "properties": {"amount": amount},
            }
        )
    run(clock, hours=3)
    response = client.post(
        "/api/events/bulk", json={"records": records}, headers=token_headers("events:write")
    )
    assert response.status_code in (200, 201), response.get_json()
    run(clock)
    assert members_by("ev", "wait", "event") == big
    assert statuses("ev")["waiting_event"] == len(people) - len(big)

    run(clock, days=2)
    assert members_by("ev", "wait", "timeout") == set(ids) - big
    assert passed("ev")[("bought", None)] == len(big)
    assert passed("ev")[("gave_up", None)] == len(people) - len(big)
