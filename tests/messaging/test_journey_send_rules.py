"""The journey's own send rules, held at send time by the dispatcher: quiet hours in each
member's timezone, per-day caps (the documented defaults when the journey sets none), and
channel caps shared across journeys, won by the journey with the higher priority.

Expectations are worked out here from the members' local clocks with ``zoneinfo``.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.messaging.outbox import enqueue_messages
from app.messaging.rules import JourneyRules, MemberFacts, decide, parse_rules
from app.models import DeliveryEvent, Member, OutboxMessage
from tests.engine.factories import document, node, publish

ZONES = ["Asia/Shanghai", "Europe/London", "America/New_York", "Asia/Tokyo"]
# 2026-03-02 14:00 UTC: 22:00 Shanghai, 14:00 London, 09:00 New York, 23:00 Tokyo.
LATE = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def dispatch(at):
    return Dispatcher(db.session, clock=lambda: at).run().outcomes


def messages(journey_id=None):
    db.session.expire_all()
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if journey_id is not None:
        stmt = stmt.where(OutboxMessage.journey_id == journey_id)
    return list(db.session.scalars(stmt))


def a_journey(key, **settings):
    doc = document(
        key,
        [
            node("entry", "entry.api"),
            node("send", "action.send", channel="email", template="hello"),
            node("done", "exit"),
        ],
        [("entry", "send"), ("send", "done")],
        **settings,
    )
    return publish(doc).journey_id


def queue(journey_id, member_ids, channel, template, tag, at, node_id="send"):
    items = [(m, channel, template, {}, f"{tag}:{m}") for m in member_ids]
    enqueue_messages(db.session, items, at, source=(journey_id, node_id))
    db.session.commit()


def expected_quiet_end(now: datetime, zone: str, start: int, end: int) -> datetime | None:
    """End of a start:00–end:00 window that wraps midnight, as the member's clock sees it."""
    local = now.astimezone(ZoneInfo(zone))
    if local.hour >= start:
        day = local.date() + timedelta(days=1)
    elif local.hour < end:
        day = local.date()
    else:
        return None
    return datetime.combine(day, time(end), tzinfo=ZoneInfo(zone)).astimezone(UTC)


@pytest.fixture
def hello(message_template, email_channel):
    message_template("hello", "email", subject="Hi {{ member.name }}", body="<p>Hello</p>")
    return email_channel


def test_decide_journey_quiet_hours_and_cap_are_pure_rules():
    member = MemberFacts(id=1, email="a@b.c", consent={"email": True})
    rules = parse_rules("email", None)
    journey = JourneyRules(quiet_hours=(time(20), time(8)), day_cap=1)
    d = decide(
        "email", "marketing", member, rules, suppressed=False, sent=[], now=LATE, journey=journey
    )
    assert (d.action, d.reason) == ("defer", "journey_quiet_hours")
    assert d.until == expected_quiet_end(LATE, "Asia/Shanghai", 20, 8)
    noon = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
    d = decide(
        "email",
        "marketing",
        member,
        rules,
        suppressed=False,
        sent=[noon - timedelta(hours=1)],
        now=noon,
        journey=journey,
        journey_sent=[noon - timedelta(hours=1)],
    )
    assert (d.action, d.reason) == ("defer", "journey_frequency_cap")
    assert d.until == datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # midnight in Shanghai
    # the journey's cap counts only its own sends; other journeys' sends leave it free
    d = decide(
        "email",
        "marketing",
        member,
        rules,
        suppressed=False,
        sent=[noon],
        now=noon,
        journey=journey,
    )
    assert d.action == "send"
    # transactional messages ignore journey quiet hours and caps too
    d = decide(
        "email",
        "transactional",
        member,
        rules,
        suppressed=False,
        sent=[],
        now=LATE,
        journey=journey,
        journey_sent=[LATE],
    )
    assert d.action == "send"
    never = JourneyRules(day_cap=0)
    d = decide(
        "email", "marketing", member, rules, suppressed=False, sent=[], now=noon, journey=never
    )
    assert (d.action, d.reason) == ("suppress", "journey_frequency_cap")


def test_journey_quiet_hours_defer_each_member_to_the_end_of_their_window(members, hello):
    ids = []
    for zone in ZONES:
        ids += members(3, prefix=f"Z{len(ids)}", timezone=zone)
    zone_of = dict(db.session.execute(select(Member.id, Member.timezone)).all())
    journey_id = a_journey("quiet", quiet_hours={"start": "20:00", "end": "08:00"})
    queue(journey_id, ids, "email", "hello", "q", LATE)

    outcomes = dispatch(LATE)
    expected = {m: expected_quiet_end(LATE, zone_of[m], 20, 8) for m in ids}
    deferred = {m for m, until in expected.items() if until is not None}
    assert outcomes == {"sent": len(ids) - len(deferred), "deferred": len(deferred)}
    assert deferred and len(deferred) < len(ids)
    for row in messages():
        if row.member_id in deferred:
            assert (row.status, row.reason) == ("deferred", "journey_quiet_hours")
            assert row.next_attempt_at == expected[row.member_id]
        else:
            assert row.status == "sent"
    # never dropped: each deferred message goes out once its member's window has ended
    for until in sorted({u for u in expected.values() if u}):
        dispatch(until)
    assert {r.status for r in messages()} == {"sent"}
    assert len(hello.messages) == len(ids)
    reasons = db.session.scalars(
        select(DeliveryEvent.reason).where(DeliveryEvent.status == "deferred")
    ).all()
    assert reasons == ["journey_quiet_hours"] * len(deferred)


def test_journey_frequency_cap_and_the_documented_default_email_cap(members, hello):
    ids = members(4)
    capped = a_journey("capped", frequency_caps={"email": 1})
    default = a_journey("default")  # no caps set: the documented email default, 2 a day
    noon = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
    for i in range(3):
        queue(capped, ids, "email", "hello", f"c{i}", noon + timedelta(minutes=i))
        queue(default, ids, "email", "hello", f"d{i}", noon + timedelta(minutes=i))
    assert dispatch(noon + timedelta(hours=1)) == {"sent": 3 * len(ids), "deferred": 3 * len(ids)}
    for journey_id, cap in ((capped, 1), (default, 2)):
        rows = messages(journey_id)
        by_member = {}
        for r in rows:
            by_member.setdefault(r.member_id, []).append(r.status)
        assert all(s.count("sent") == cap for s in by_member.values())
        for r in rows:
            if r.status == "deferred":
                assert r.reason == "journey_frequency_cap"
                assert r.next_attempt_at == datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
    # the next local day the deferred ones go, again within each journey's cap
    # capped: one of its two waiting goes, one waits again; default: its one waiting goes
    assert dispatch(datetime(2026, 3, 3, 1, 0, tzinfo=UTC)) == {
        "sent": 2 * len(ids),
        "deferred": len(ids),
    }
    statuses = [(r.journey_id, r.status) for r in messages()]
    assert statuses.count((capped, "sent")) == 2 * len(ids)
    assert statuses.count((default, "sent")) == 3 * len(ids)


def test_channel_cap_across_journeys_goes_to_the_higher_priority(
    members, channels, http_sink, message_template
):
    channels("sms", {"endpoint": http_sink.url + "/sms"})  # default SMS cap: 1 a day
    message_template("offer", "sms", body="50 off")
    ids = members(6)
    low = a_journey("low", priority=10)
    high = a_journey("high", priority=90)
    plain = a_journey("plain")  # default priority 50
    noon = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
    # the low-priority journey queues first, and for every member
    queue(low, ids, "sms", "offer", "low", noon)
    queue(plain, ids[:4], "sms", "offer", "plain", noon)
    queue(high, ids[:2], "sms", "offer", "high", noon)
    priority = {low: 10, plain: 50, high: 90}
    wanted = {}
    for r in messages():
        best = wanted.get(r.member_id)
        if best is None or priority[r.journey_id] > priority[best]:
            wanted[r.member_id] = r.journey_id

    assert dispatch(noon) == {"sent": len(ids), "deferred": 2 + 4}
    for r in messages():
        if wanted[r.member_id] == r.journey_id:
            assert r.status == "sent"
        else:
            assert (r.status, r.reason) == ("deferred", "frequency_cap_day")
    assert len(http_sink.delivered) == len(ids)


def test_counters_carry_the_reasons(members, hello, marketer_client):
    ids = members(3)
    journey_id = a_journey("reasons", quiet_hours={"start": "20:00", "end": "08:00"})
    queue(journey_id, ids, "email", "hello", "r", LATE)
    dispatch(LATE)
    body = marketer_client.get("/api/journeys/reasons/counters").get_json()
    assert body["nodes"]["send"]["messages_deferred"] == 3
    assert body["message_reasons"] == {"send": {"deferred": {"journey_quiet_hours": 3}}}
