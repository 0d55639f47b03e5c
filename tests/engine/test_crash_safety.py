"""Kill the engine at random moments: nothing is lost and nothing is doubled."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.engine.entries import enter_members
from app.extensions import db
from app.models import (
    Coupon,
    JourneyMember,
    JourneyStep,
    Member,
    OutboxMessage,
    PointsEntry,
)
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates

MEMBERS = 20_000
ROOT = Path(__file__).resolve().parents[2]


def _journey():
    return document(
        "crash",
        [
            node("start", "entry.api"),
            node("coupon", "action.coupon", coupon_template="gift"),
            node("points", "action.points", points=50, reason="welcome"),
            node("inbox", "action.send", channel="inapp", template="hello-inapp"),
            node("wait", "wait.duration", days=1),
            node("done", "exit"),
            node("none_left", "exit"),
        ],
        [
            ("start", "coupon"),
            ("coupon", "points", "granted"),
            ("coupon", "none_left", "out_of_stock"),
            ("points", "inbox"),
            ("inbox", "wait"),
            ("wait", "done"),
        ],
    )


def _worker(url: str, moment) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.engine.crash_worker", url, moment.isoformat()],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_sigkill_at_random_moments_loses_and_doubles_nothing(app, database_url):
    add_templates("inapp")
    member_ids = make_members(MEMBERS)
    version = publish(_journey())
    enter_members(db.session, version, "start", member_ids, "api:crash", START)
    db.session.commit()
    db.session.close()

    rng = random.Random(7)
    first_pass = START + timedelta(hours=1)
    kills = 0
    while kills < 5:
        worker = _worker(database_url, first_pass)
        assert worker.stdout.readline().strip() == b"ready"
        # Short enough that five kills land before a fast engine finishes the journey.
        time.sleep(rng.uniform(0.1, 0.6))
        if worker.poll() is not None:
            break
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        kills += 1
    assert kills == 5, "the journey finished before the fifth kill; make it bigger"
    for moment in (first_pass, START + timedelta(days=2)):
        worker = _worker(database_url, moment)
        out, _ = worker.communicate(timeout=600)
        assert worker.returncode == 0 and b"idle" in out

    db.session.rollback()
    assert set(db.session.scalars(select(JourneyMember.status))) == {"exited"}
    per_member = lambda model: db.session.execute(  # noqa: E731
        select(model.member_id, func.count()).group_by(model.member_id)
    ).all()
    assert _count(Coupon) == MEMBERS
    assert {n for _, n in per_member(Coupon)} == {1}
    assert _count(PointsEntry) == MEMBERS
    assert {n for _, n in per_member(PointsEntry)} == {1}
    assert set(db.session.scalars(select(Member.points_balance))) == {50}
    assert _count(OutboxMessage) == MEMBERS
    assert {n for _, n in per_member(OutboxMessage)} == {1}
    # The step log agrees with the states: every run logged exactly step_no steps.
    logged = dict(
        db.session.execute(
            select(JourneyStep.journey_member_id, func.count()).group_by(
                JourneyStep.journey_member_id
            )
        ).all()
    )
    states = dict(db.session.execute(select(JourneyMember.id, JourneyMember.step_no)).all())
    assert logged == states
    assert set(states.values()) == {7}
