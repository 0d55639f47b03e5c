"""The ticker: batches back to back through a mass expiry, and runs advanced when they fall due."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select, update

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.engine.jobs import run_ticker
from app.engine.ticker import tick
from app.extensions import db
from app.models import JourneyMember
from tests.engine.factories import START, document, make_members, node, publish


def _waiting_journey():
    return document(
        "expiry",
        [
            node("start", "entry.api"),
            node("wait", "wait.duration", days=1),
            node("done", "exit"),
        ],
        [("start", "wait"), ("wait", "done")],
    )


def test_one_tick_takes_a_mass_expiry_batch_after_batch(app):
    member_ids = make_members(12)
    version = publish(_waiting_journey())
    enter_members(db.session, version, "start", member_ids, "api:1", START)
    db.session.commit()
    clock = VirtualClock(START)
    assert [r.runs for r in tick(clock, batch_size=5)] == [5, 5, 2]

    clock.set(START + timedelta(days=1))
    reports = tick(clock, batch_size=5)
    db.session.rollback()

    assert [r.runs for r in reports] == [5, 5, 2]
    assert sum(r.member_steps for r in reports) == 24
    rows = db.session.execute(select(JourneyMember.status, JourneyMember.path)).all()
    assert {status for status, _ in rows} == {"exited"}
    assert {str(path) for _, path in rows} == {
        str([["start", "next"], ["wait", "next"], ["done", None]])
    }


class _RunningClock:
    """A clock that starts at ``START`` and runs at the speed of real time."""

    def __init__(self):
        self.started = time.monotonic()

    def now(self):
        return START + timedelta(seconds=time.monotonic() - self.started)


def test_runs_falling_due_before_the_next_tick_are_advanced_when_due(app):
    member_ids = make_members(3)
    version = publish(
        document("soon", [node("start", "entry.api"), node("end", "exit")], [("start", "end")])
    )
    enter_members(db.session, version, "start", member_ids, "api:1", START)
    clock = _RunningClock()
    db.session.execute(update(JourneyMember).values(due_at=START + timedelta(seconds=0.4)))
    db.session.commit()

    run_ticker(clock, period=2.0)
    db.session.rollback()

    assert clock.now() >= START + timedelta(seconds=0.4)
    assert set(db.session.scalars(select(JourneyMember.status))) == {"exited"}
