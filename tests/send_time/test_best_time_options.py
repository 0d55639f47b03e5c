"""The wait "until the member's best time within N hours" and the send "at best time":
members whose best hours are known wait (or get their message) exactly at that hour in
their own timezone, or at the same hour of another day, or at the cap; members without a
known best time wait until the time of day (or get it at once); quiet hours still win.
Expected moments come from a brute-force walk over the hours, written separately."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.models import (
    ChannelConfig,
    JourneyMember,
    Member,
    MemberSendTime,
    MessageTemplate,
    OutboxMessage,
)
from tests.engine.factories import document, node, publish
from tests.engine.population import run

NOW = datetime(2026, 6, 3, 7, 30, tzinfo=UTC)  # a Wednesday
ZONES = ("Asia/Shanghai", "Europe/Berlin", "America/New_York")
WITHIN = 30


def _expected(hour_of_week: int, zone: str, within: int) -> datetime:
    """Walk the coming hours one by one, in the member's local time."""
    tz = ZoneInfo(zone)
    start = NOW.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    hours = [start + timedelta(hours=i) for i in range(within + 1)]
    hours = [h for h in hours if h <= NOW + timedelta(hours=within)]
    for wanted in (
        lambda local: local.weekday() * 24 + local.hour == hour_of_week,
        lambda local: local.hour == hour_of_week % 24,
    ):
        for h in hours:
            if wanted(h.astimezone(tz)):
                return h
    return NOW + timedelta(hours=within)


def _hour_of_week(local: datetime) -> int:
    return local.weekday() * 24 + local.hour


def _members() -> dict[int, tuple[int | None, str]]:
    people = []
    for i in range(42):
        zone = ZONES[i % 3]
        # Hours of the week spread round the week; every seventh member has none.
        hour = None if i % 7 == 6 else (i * 29 + 5) % 168
        people.append((f"b{i}", zone, hour))
    db.session.execute(
        insert(Member), [{"external_id": e, "timezone": z, "name": e} for e, z, _ in people]
    )
    ids = dict(db.session.execute(select(Member.external_id, Member.id)).all())
    db.session.execute(
        insert(MemberSendTime),
        [
            {
                "member_id": ids[e],
                "hour_of_week": h,
                "share": 0.2,
                "responses": 10.0,
                "segment": None,
                "computed_at": NOW,
            }
            for e, _, h in people
            if h is not None
        ],
    )
    db.session.add(
        MessageTemplate(key="hi", name="Hi", channel="inapp", subject="Hi", body="Hello")
    )
    db.session.commit()
    return {ids[e]: (h, z) for e, z, h in people}


def _journey(key: str, **config) -> None:
    wait = config.pop("wait", None)
    nodes = [node("start", "entry.api")]
    edges = []
    last = "start"
    if wait:
        nodes.append(node("wait", "wait.until", **wait))
        edges.append((last, "wait"))
        last = "wait"
    nodes += [node("send", "action.send", channel="inapp", template="hi", **config)]
    nodes.append(node("done", "exit"))
    edges += [(last, "send"), ("send", "done")]
    version = publish(document(key, nodes, edges))
    return version


def test_the_wait_holds_each_member_until_their_best_time(app):
    members = _members()
    version = _journey("wait-best", wait={"time_of_day": "10:00", "best_time_within_hours": WITHIN})
    enter_members(db.session, version, "start", list(members), "api:1", NOW)
    db.session.commit()
    run(VirtualClock(NOW))
    due = dict(db.session.execute(select(JourneyMember.member_id, JourneyMember.due_at)).all())
    for member_id, (hour, zone) in members.items():
        if hour is None:
            local = NOW.astimezone(ZoneInfo(zone))
            ten = local.replace(hour=10, minute=0, second=0, microsecond=0)
            expected = ten if ten >= local else ten + timedelta(days=1)
        else:
            expected = _expected(hour, zone, WITHIN)
        assert due[member_id] == expected, (member_id, hour, zone)
    # Some wait for their hour of the week, some for the same hour another day, some the cap.
    kinds = {
        "week": sum(
            1
            for m, (h, z) in members.items()
            if h is not None
            and (lambda lt: lt.weekday() * 24 + lt.hour == h)(due[m].astimezone(ZoneInfo(z)))
        ),
        "cap": sum(
            1 for m, (h, _) in members.items() if h and due[m] == NOW + timedelta(hours=WITHIN)
        ),
    }
    assert kinds["week"] > 0


def test_the_send_is_due_at_best_time_and_quiet_hours_still_win(app):
    members = _members()
    db.session.merge(
        ChannelConfig(
            channel="inapp",
            enabled=True,
            settings={"rules": {"quiet_hours": {"start": "21:00", "end": "09:00"}}},
        )
    )
    db.session.commit()
    version = _journey("send-best", at_best_time_within_hours=WITHIN)
    enter_members(db.session, version, "start", list(members), "api:1", NOW)
    db.session.commit()
    run(VirtualClock(NOW))
    due = dict(
        db.session.execute(select(OutboxMessage.member_id, OutboxMessage.next_attempt_at)).all()
    )
    for member_id, (hour, zone) in members.items():
        expected = NOW if hour is None else _expected(hour, zone, WITHIN)
        assert due[member_id] == expected, (member_id, hour, zone)

    # Dispatch at each due moment: a best time inside quiet hours is deferred to their end.
    outcomes = {}
    for moment in sorted(set(due.values())):
        Dispatcher(db.session, clock=lambda m=moment: m).run()
        mine = [m for m, d in due.items() if d == moment]
        outcomes.update(
            {
                m: (s, n)
                for m, s, n in db.session.execute(
                    select(
                        OutboxMessage.member_id, OutboxMessage.status, OutboxMessage.next_attempt_at
                    ).where(OutboxMessage.member_id.in_(mine))
                )
            }
        )
    for member_id, (status, next_at) in outcomes.items():
        hour, zone = members[member_id]
        local = due[member_id].astimezone(ZoneInfo(zone))
        if local.hour >= 21 or local.hour < 9:
            assert status == "deferred"
            assert next_at.astimezone(ZoneInfo(zone)).hour == 9
        else:
            assert status == "sent"
    statuses = {s for s, _ in outcomes.values()}
    assert statuses == {"sent", "deferred"}
