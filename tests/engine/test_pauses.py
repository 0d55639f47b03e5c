"""Pause and resume: waits keep counting down, due members run on resume, and sends that fell
into the pause follow the journey's ``resume_sends`` setting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.engine.pauses import skip_detail
from app.extensions import db
from app.models import Journey, JourneyMember, JourneyStep, OutboxMessage
from tests.engine.factories import START, document, node, publish
from tests.engine.population import add_templates, make_population, run, statuses, steps

PAUSED_AT = START + timedelta(hours=18)
RESUMED_AT = START + timedelta(hours=30)


def _journey(**settings) -> dict:
    return document(
        "paused",
        [
            node("start", "entry.api"),
            node("wait", "wait.duration", days=1),
            node("hello", "action.send", channel="inapp", template="hello-inapp"),
            node("done", "exit"),
        ],
        [("start", "wait"), ("wait", "hello"), ("hello", "done")],
        **settings,
    )


def _scenario(admin_client, app, **settings):
    """Cohort A falls due inside the pause, cohort B after it; returns both."""
    people = make_population(120)
    add_templates("inapp")
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    version = publish(_journey(**settings))
    ids = [int(m) for m in people.index]
    early, late = ids[::2], ids[1::2]
    enter_members(db.session, version, "start", early, "api:a", clock.now())
    db.session.commit()
    run(clock)
    run(clock, hours=12)
    enter_members(db.session, version, "start", late, "api:b", clock.now())
    db.session.commit()
    run(clock)

    clock.set(PAUSED_AT)
    assert admin_client.post("/api/journeys/paused/pause").status_code == 200
    run(clock, hours=8)  # cohort A falls due now; nothing moves while paused
    assert statuses("paused") == {"waiting": len(ids)}
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0

    clock.set(RESUMED_AT)
    assert admin_client.post("/api/journeys/paused/resume").status_code == 200
    db.session.rollback()
    return clock, set(early), set(late)


def _sent_to() -> dict[int, object]:
    return dict(db.session.execute(select(OutboxMessage.member_id, OutboxMessage.created_at)).all())


def test_resume_records_who_fell_due_during_the_pause(app, admin_client):
    clock, early, late = _scenario(admin_client, app)
    marks = steps("paused")
    marks = marks[marks.outcome == "paused"]
    assert set(marks.member_id) == early
    assert set(marks.node_id) == {"wait"}
    detail = marks.detail.iloc[0]
    assert detail["resumed_at"] == RESUMED_AT.isoformat()
    assert detail["paused_at"] == PAUSED_AT.isoformat()
    assert db.session.scalar(select(Journey.paused_at).where(Journey.key == "paused")) is None
    assert PAUSED_AT.isoformat() < detail["due_at"] < RESUMED_AT.isoformat()
    # The marker is a numbered step like any other: the log and the runs agree.
    logged = db.session.scalar(select(func.count()).select_from(JourneyStep))
    assert logged == db.session.scalar(select(func.sum(JourneyMember.step_no)))


def test_by_default_sends_that_fell_into_the_pause_go_out_late(app, admin_client):
    clock, early, late = _scenario(admin_client, app)
    run(clock)
    sent = _sent_to()
    assert set(sent) == early and all(at == RESUMED_AT for at in sent.values())
    run(clock, days=1)
    assert set(_sent_to()) == early | late
    assert statuses("paused") == {"exited": len(early | late)}


def test_skip_records_the_send_as_skipped_and_moves_on(app, admin_client):
    clock, early, late = _scenario(admin_client, app, resume_sends="skip")
    run(clock)
    assert _sent_to() == {}
    log = steps("paused")
    hello = log[(log.node_id == "hello") & (log.outcome == "passed")]
    assert set(hello.member_id) == early
    assert {d["send"] for d in hello.detail} == {"skipped"}
    assert {d["reason"] for d in hello.detail} == {"due while the journey was paused"}
    assert statuses("paused") == {"exited": len(early), "waiting": len(late)}

    # Cohort B fell due after the resume: their sends go out as usual.
    run(clock, days=1)
    assert set(_sent_to()) == late
    assert statuses("paused") == {"exited": len(early | late)}


def test_a_member_moving_on_after_the_pause_is_no_longer_caught_by_it(app, admin_client):
    # A second send after another wait is not late: only the first step after the pause is.
    people = make_population(20)
    add_templates("inapp")
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    doc = document(
        "twice",
        [
            node("start", "entry.api"),
            node("wait", "wait.duration", hours=2),
            node("first", "action.send", channel="inapp", template="hello-inapp"),
            node("wait2", "wait.duration", hours=2),
            node("second", "action.send", channel="inapp", template="hello-inapp"),
            node("done", "exit"),
        ],
        [
            ("start", "wait"),
            ("wait", "first"),
            ("first", "wait2"),
            ("wait2", "second"),
            ("second", "done"),
        ],
        resume_sends="skip",
    )
    version = publish(doc)
    enter_members(db.session, version, "start", list(map(int, people.index)), "api:1", START)
    db.session.commit()
    run(clock)
    admin_client.post("/api/journeys/twice/pause")
    clock.advance(hours=3)
    admin_client.post("/api/journeys/twice/resume")
    db.session.rollback()
    run(clock)
    run(clock, hours=3)
    log = steps("twice")
    firsts = log[(log.node_id == "first") & (log.outcome == "passed")]
    assert all(d and d["send"] == "skipped" for d in firsts.detail)
    assert len(_sent_to()) == len(people)  # the second send, once each


def test_test_runs_are_not_marked(app, admin_client):
    people = make_population(10)
    add_templates("inapp")
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    version = publish(_journey(resume_sends="skip"))
    enter_members(
        db.session, version, "start", list(map(int, people.index)), "t", START, is_test=True
    )
    db.session.commit()
    admin_client.post("/api/journeys/paused/pause")
    clock.advance(days=2)
    admin_client.post("/api/journeys/paused/resume")
    db.session.rollback()
    assert "paused" not in set(steps("paused").outcome)


@pytest.mark.parametrize(
    ("setting", "pause", "skipped"),
    [
        ("send", None, False),
        ("send", {"resumed_at": "x"}, False),
        ("skip", None, False),
        ("skip", {"resumed_at": "x", "due_at": "y"}, True),
    ],
)
def test_the_decision_is_a_plain_function(setting, pause, skipped):
    detail = skip_detail(setting, pause)
    assert (detail is not None) == skipped
    if skipped:
        assert detail == {
            "send": "skipped",
            "reason": "due while the journey was paused",
            "due_at": "y",
            "resumed_at": "x",
        }
