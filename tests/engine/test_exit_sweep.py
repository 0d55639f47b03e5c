"""Rule-based exit criteria take out waiting members when they come to match, not only at
their next step."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.engine.exits import sweep_exit_criteria
from app.extensions import db
from app.models import JourneyMember, JourneyStep, MemberTag
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import run

UNSUBSCRIBED = {"kind": "tag", "op": "has", "value": "opted-out"}


def test_waiting_members_who_come_to_match_leave_at_the_next_sweep(app):
    ids = make_members(9)
    version = publish(
        document(
            "long-wait",
            [
                node("start", "entry.api"),
                node("wait", "wait.duration", days=5),
                node("hello", "action.tag", tag="reached"),
                node("done", "exit"),
            ],
            [("start", "wait"), ("wait", "hello"), ("hello", "done")],
            exit_criteria=[{"kind": "rules", "rules": UNSUBSCRIBED}],
        )
    )
    enter_members(db.session, version, "start", ids, "api:1", START)
    db.session.commit()
    clock = VirtualClock(START)
    run(clock)  # everyone is waiting five days
    tagged_on_day1 = set(ids[::3])
    db.session.add_all(
        MemberTag(member_id=m, tag="opted-out", source="manual") for m in tagged_on_day1
    )
    db.session.commit()

    run(clock, days=1)
    assert sweep_exit_criteria(clock.now()) == len(tagged_on_day1)
    assert sweep_exit_criteria(clock.now()) == 0  # once only
    db.session.expire_all()
    runs = dict(db.session.execute(select(JourneyMember.member_id, JourneyMember.status)).all())
    assert {m for m, s in runs.items() if s == "exited"} == tagged_on_day1
    exits = db.session.execute(
        select(
            JourneyStep.member_id, JourneyStep.node_id, JourneyStep.at, JourneyStep.branch
        ).where(JourneyStep.outcome == "exited")
    ).all()
    assert {(m, n, at, b) for m, n, at, b in exits} == {
        (m, "wait", START + timedelta(days=1), "exit_criteria") for m in tagged_on_day1
    }

    run(clock, days=5)
    db.session.expire_all()
    reached = set(db.session.scalars(select(MemberTag.member_id).where(MemberTag.tag == "reached")))
    assert reached == set(ids) - tagged_on_day1
    # The step log still numbers every run's steps without a gap.
    for run_id, step_no in db.session.execute(select(JourneyMember.id, JourneyMember.step_no)):
        numbers = db.session.scalars(
            select(JourneyStep.step_no).where(JourneyStep.journey_member_id == run_id)
        ).all()
        assert sorted(numbers) == list(range(1, step_no + 1))
