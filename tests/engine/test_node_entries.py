"""Entry nodes end to end: who enters is predicted from the member DataFrame (audience rules
evaluated with pandas, birthdays against each member's local calendar, the events we post)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import select

from app.engine import lifecycle
from app.engine.clock import VirtualClock
from app.engine.dates import run_date_entries
from app.engine.jobs import run_recurring_entries
from app.extensions import db
from app.journeys.schema import checksum
from app.models import Audience, Journey, JourneyMember, JourneyVersion, Member
from tests.engine.factories import START, document, node, publish
from tests.engine.population import make_population, members_by, passed, run, statuses

GOLD_PUSH = {
    "all": [
        {"kind": "profile", "field": "tier", "op": "in", "value": ["gold", "diamond"]},
        {"kind": "consent", "channel": "push", "value": True},
    ]
}


def _gold_push(people: pd.DataFrame) -> set[int]:
    return set(people.index[people.tier.isin(["gold", "diamond"]) & people.consent_push])


def _draft(doc: dict) -> Journey:
    journey = Journey(key=doc["key"], name=doc["name"], status="draft")
    db.session.add(journey)
    db.session.flush()
    db.session.add(
        JourneyVersion(
            journey_id=journey.id, number=1, status="draft", document=doc, checksum=checksum(doc)
        )
    )
    db.session.commit()
    return journey


def _entries(key: str) -> pd.DataFrame:
    rows = db.session.execute(
        select(JourneyMember.member_id, JourneyMember.entry_key)
        .join(Journey, Journey.id == JourneyMember.journey_id)
        .where(Journey.key == key)
    ).all()
    return pd.DataFrame(rows, columns=["member_id", "entry_key"])


def _simple(key: str, start: dict, **settings) -> dict:
    return document(
        key,
        [start, node("mark", "action.tag", tag=f"in-{key}"), node("done", "exit")],
        [(start["id"], "mark"), ("mark", "done")],
        **settings,
    )


def test_entry_audience_once_enters_the_audience_at_publish(app):
    people = make_population(300)
    db.session.add(Audience(key="gold-push", name="Gold with push", rules=GOLD_PUSH))
    db.session.commit()
    doc = _simple("aud", node("start", "entry.audience", audience="gold-push"))
    journey = _draft(doc)

    _, entered = lifecycle.publish(db.session, journey, START)
    db.session.commit()
    expected = _gold_push(people)
    assert entered == len(expected)
    run(VirtualClock(START))
    assert members_by("aud", "start") == expected
    assert passed("aud")[("done", None)] == len(expected)


def test_entry_audience_recurring_enters_each_cycle_whoever_matches_then(app):
    people = make_population(300)
    db.session.add(Audience(key="gold-push", name="Gold with push", rules=GOLD_PUSH))
    db.session.commit()
    entry = node(
        "start",
        "entry.audience",
        audience="gold-push",
        schedule="recurring",
        cron="0 10 * * 1",
        recurring_entry="each_cycle",
    )
    publish(_simple("weekly", entry, entry={"reentry": "always"}))
    clock = VirtualClock(START)

    def advance_to(moment: datetime) -> None:
        while clock.now() < moment:
            before = clock.now()
            clock.advance(hours=6)
            run_recurring_entries(clock.now(), before)
        run(clock)

    # First cycle: Monday 9 March, 10:00 in Shanghai.
    advance_to(datetime(2026, 3, 9, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    first = _gold_push(people)
    assert set(_entries("weekly").member_id) == first

    # Some members move up to gold between the cycles; the second cycle takes them too.
    promoted = list(people.index[(people.tier == "basic") & people.consent_push][:15])
    for member in db.session.scalars(select(Member).where(Member.id.in_(promoted))):
        member.tier = "gold"
    db.session.commit()
    people.loc[promoted, "tier"] = "gold"
    advance_to(datetime(2026, 3, 16, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")))

    second = _gold_push(people)
    entries = _entries("weekly")
    cycles = sorted(entries.entry_key.unique())
    assert len(cycles) == 2 and cycles[0].startswith("audience:2026-03-09T10:00")
    assert set(entries.member_id[entries.entry_key == cycles[1]]) == second
    assert len(entries) == len(first) + len(second)
    assert passed("weekly")[("done", None)] == len(first) + len(second)


def test_entry_event_enters_members_whose_event_matches_once_per_event(app, client, token_headers):
    people = make_population(200)
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    entry = node(
        "start",
        "entry.event",
        event_type="cart_abandoned",
        where=[{"property": "amount", "op": "gte", "value": 50}],
    )
    publish(_simple("carts", entry))
    amounts = {m: (m * 37) % 120 for m in people.index}
    records = [
        {
            "external_id": f"cart-{m}",
            "member_external_id": people.external_id[m],
            "type": "cart_abandoned",
            "occurred_at": START.isoformat(),
            "properties": {"amount": amount},
        }
        for m, amount in amounts.items()
        if m % 4 != 0
    ]
    headers = token_headers("events:write")
    for chunk in (records, records[:20]):  # the repeat is the same events again
        response = client.post("/api/events/bulk", json={"records": chunk}, headers=headers)
        assert response.status_code in (200, 201), response.get_json()
    run(clock)

    expected = {m for m, amount in amounts.items() if m % 4 != 0 and amount >= 50}
    assert set(_entries("carts").member_id) == expected
    assert len(_entries("carts")) == len(expected)
    assert passed("carts")[("done", None)] == len(expected)


def test_entry_date_enters_three_days_before_the_local_birthday(app):
    people = make_population(400)
    entry = node("start", "entry.date", date_field="birthday", offset_days=-3, time_of_day="10:00")
    publish(_simple("bday", entry))
    clock = VirtualClock(START)
    runs_at = []
    for _ in range(10 * 4):
        run_date_entries(clock.now())
        runs_at.append(clock.now())
        run(clock, hours=6)

    def local_days(zone: str) -> set[date]:
        return {moment.astimezone(ZoneInfo(zone)).date() for moment in runs_at}

    expected = set()
    for member_id, row in people.iterrows():
        days = local_days(row.timezone)
        for day in days:
            birthday = day + timedelta(days=3)
            if (row.birthday.month, row.birthday.day) == (birthday.month, birthday.day):
                expected.add(member_id)
    entries = _entries("bday")
    assert set(entries.member_id) == expected and len(entries) == len(expected)
    assert set(entries.entry_key) == {"date:2026"}
    assert statuses("bday") == {"exited": len(expected)}
    # Each was due at 10:00 on their local day (or when entered, if later) and moved on at
    # the first tick after that.
    runs = db.session.execute(
        select(JourneyMember.member_id, JourneyMember.entered_at, JourneyMember.finished_at)
    ).all()
    for member_id, entered_at, finished_at in runs:
        zone = ZoneInfo(people.timezone[member_id])
        birthday = people.birthday[member_id]
        day = date(2026, birthday.month, birthday.day) - timedelta(days=3)
        due = max(datetime.combine(day, time(10, 0), zone), entered_at)
        assert due <= finished_at <= due + timedelta(hours=6)


def test_entry_api_enrols_by_external_id_once_per_request(app, client, token_headers):
    people = make_population(120)
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    publish(_simple("api", node("start", "entry.api")))
    chosen = list(people.external_id[::3])
    headers = token_headers("journeys:enrol")
    body = {"member_external_ids": chosen, "request_id": "batch-1"}
    first = client.post("/api/journeys/api/enrol", json=body, headers=headers)
    again = client.post("/api/journeys/api/enrol", json=body, headers=headers)
    assert first.status_code == 200, first.get_json()
    expected = set(people.index[::3])
    assert first.get_json()["entered"] == len(expected)
    assert again.get_json()["entered"] == 0
    run(clock)
    assert set(_entries("api").member_id) == expected
    assert passed("api")[("done", None)] == len(expected)


def test_entry_date_enters_members_the_day_after_they_registered(app):
    people = make_population(120)
    entry = node(
        "start",
        "entry.date",
        date_field="registered_at",
        offset_days=1,
        time_of_day="11:00",
        repeat="once",
    )
    publish(_simple("day1", entry))
    newcomers = [int(m) for m in people.index[:30]]
    for i, member in enumerate(db.session.scalars(select(Member).where(Member.id.in_(newcomers)))):
        member.registered_at = START - timedelta(hours=3 + i)
    db.session.commit()
    clock = VirtualClock(START)
    for _ in range(3 * 4):
        run_date_entries(clock.now())
        run(clock, hours=6)

    def day_after(member_id: int) -> date:
        zone = ZoneInfo(people.timezone[member_id])
        registered = db.session.get(Member, member_id).registered_at
        return registered.astimezone(zone).date() + timedelta(days=1)

    # The job enters on the day itself; a day after that was already over at the start of
    # the run is not caught up.
    expected = {
        m
        for m in newcomers
        if day_after(m) >= START.astimezone(ZoneInfo(people.timezone[m])).date()
    }
    assert len(expected) >= 20
    assert set(_entries("day1").member_id) == expected
    for member_id, entered_at in db.session.execute(
        select(JourneyMember.member_id, JourneyMember.entered_at)
    ):
        zone = ZoneInfo(people.timezone[member_id])
        assert entered_at.astimezone(zone).date() == day_after(member_id)
