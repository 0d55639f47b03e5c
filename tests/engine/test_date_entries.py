"""Date entries at their edges: 29 February birthdays in years without one, and a journey
with two date entries (day 1 and day 30 after registering) entering one member twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.dates import run_date_entries
from app.extensions import db
from app.models import JourneyMember, Member
from tests.engine.factories import document, make_members, node, publish
from tests.engine.population import run


def _birthdays(days: list[date]) -> list[int]:
    ids = make_members(len(days), timezone="UTC")
    for member_id, day in zip(ids, days, strict=True):
        member = db.session.get(Member, member_id)
        member.birthday = day
        member.birthday_mmdd = day.month * 100 + day.day
    db.session.commit()
    return ids


def _entered_on(key: str, first: date, last: date) -> dict[int, date]:
    """Run the date job every day at noon UTC from ``first`` to ``last``; who entered when."""
    clock = VirtualClock(datetime(first.year, first.month, first.day, 12, tzinfo=UTC))
    while clock.now().date() <= last:
        run_date_entries(clock.now())
        run(clock, days=1)
    rows = db.session.execute(select(JourneyMember.member_id, JourneyMember.entered_at)).all()
    return {m: at.date() for m, at in rows}


def _birthday_journey(**config) -> None:
    entry = node("start", "entry.date", date_field="birthday", time_of_day="09:00", **config)
    publish(
        document(
            "bday",
            [entry, node("done", "exit")],
            [("start", "done")],
            entry={"reentry": "always"},
        )
    )


@pytest.mark.parametrize(
    ("leap_day", "year", "expected"),
    [
        ("feb28", 2027, date(2027, 2, 28)),
        ("mar1", 2027, date(2027, 3, 1)),
        ("feb28", 2028, date(2028, 2, 29)),
        ("mar1", 2028, date(2028, 2, 29)),
    ],
)
def test_a_29_february_birthday_enters_once_every_year(app, leap_day, year, expected):
    leapling, feb28, mar1 = _birthdays([date(1992, 2, 29), date(1990, 2, 28), date(1991, 3, 1)])
    _birthday_journey(leap_day=leap_day)
    entered = _entered_on("bday", date(year, 2, 26), date(year, 3, 3))
    assert entered == {
        leapling: expected,
        feb28: date(year, 2, 28),
        mar1: date(year, 3, 1),
    }


def test_two_date_entries_of_one_journey_each_enter_the_member(app):
    registered = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    ids = make_members(5, timezone="UTC", registered_at=registered)
    day1 = node(
        "day1",
        "entry.date",
        date_field="registered_at",
        offset_days=1,
        repeat="once",
        time_of_day="11:00",
    )
    day30 = node(
        "day30",
        "entry.date",
        date_field="registered_at",
        offset_days=30,
        repeat="once",
        time_of_day="11:00",
    )
    publish(
        document(
            "welcome",
            [day1, day30, node("done", "exit")],
            [("day1", "done"), ("day30", "done")],
            entry={"reentry": "after_exit"},
        )
    )
    clock = VirtualClock(registered)
    while clock.now() < registered + timedelta(days=32):
        run_date_entries(clock.now())
        run(clock, hours=6)
    rows = db.session.execute(
        select(JourneyMember.member_id, JourneyMember.entry_key, JourneyMember.entered_at)
    ).all()
    by_key = {}
    for member_id, key, at in rows:
        by_key.setdefault(key, {})[member_id] = at.date()
    assert by_key == {
        "date:day1:once": dict.fromkeys(ids, date(2026, 3, 3)),
        "date:day30:once": dict.fromkeys(ids, date(2026, 4, 1)),
    }
