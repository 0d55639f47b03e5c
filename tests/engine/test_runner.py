"""The runner advances members set-based, through waits, splits and actions, exactly once."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.engine.ticker import tick as run_tick
from app.extensions import db
from app.models import JourneyMember, JourneyStep, Member, MemberTag
from tests.engine.factories import START, document, make_members, node, publish


def tick(clock):
    """Run the ticker, then end the test session's read transaction to see what it wrote."""
    reports = run_tick(clock)
    db.session.rollback()
    return reports


def _flow():
    return document(
        "basics",
        [
            node("start", "entry.api"),
            node(
                "ab",
                "split.random",
                variants=[{"key": "a", "weight": 50}, {"key": "b", "weight": 50}],
            ),
            node("tag_a", "action.tag", tag="arm-a"),
            node("wait", "wait.duration", days=2),
            node("mark", "action.attribute", key="visits", operation="increment", value=1),
            node("done", "exit"),
        ],
        [
            ("start", "ab"),
            ("ab", "tag_a", "a"),
            ("ab", "wait", "b"),
            ("tag_a", "wait"),
            ("wait", "mark"),
            ("mark", "done"),
        ],
    )


def test_members_wait_then_finish_and_every_effect_happens_once(app):
    member_ids = make_members(200)
    version = publish(_flow())
    clock = VirtualClock(START)
    assert enter_members(db.session, version, "start", member_ids, "api:1", clock.now()) == 200
    db.session.commit()

    tick(clock)
    statuses = Counter(db.session.scalars(select(JourneyMember.status)))
    assert statuses == {"waiting": 200}
    tagged = db.session.scalar(
        select(func.count()).select_from(MemberTag).where(MemberTag.tag == "arm-a")
    )
    assert 70 < tagged < 130

    clock.advance(days=1)
    tick(clock)
    assert Counter(db.session.scalars(select(JourneyMember.status))) == {"waiting": 200}

    clock.advance(days=1, seconds=1)
    tick(clock)
    tick(clock)
    assert Counter(db.session.scalars(select(JourneyMember.status))) == {"exited": 200}
    visits = [a.get("visits") for a in db.session.scalars(select(Member.attributes))]
    assert visits == [1] * 200
    # start, ab, (tag_a), wait held, wait passed, mark, done
    steps = db.session.scalar(select(func.count()).select_from(JourneyStep))
    assert steps == 200 * 6 + tagged


def test_entering_twice_with_the_same_key_enters_once(app):
    member_ids = make_members(10)
    version = publish(_flow())
    now = START
    enter_members(db.session, version, "start", member_ids, "api:1", now)
    enter_members(db.session, version, "start", member_ids, "api:1", now)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(JourneyMember)) == 10


def test_random_split_is_stable_for_a_member(app):
    member_ids = make_members(50)
    first = publish(_flow())
    clock = VirtualClock(START)
    enter_members(db.session, first, "start", member_ids, "api:1", clock.now())
    db.session.commit()
    tick(clock)
    arms = {
        m: p[1][1]
        for m, p in db.session.execute(select(JourneyMember.member_id, JourneyMember.path))
    }
    from app.engine.steps._assignment import bucket, pick

    expected = {m: pick([("a", 50), ("b", 50)], bucket(m, "basics/ab")) for m in member_ids}
    assert arms == expected


def test_paused_journeys_hold_their_members(app):
    member_ids = make_members(5)
    version = publish(_flow(), status="paused")
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", member_ids, "api:1", clock.now())
    db.session.commit()
    assert tick(clock) == []
    assert set(db.session.scalars(select(JourneyMember.node_id))) == {"start"}


def test_a_missing_edge_parks_the_member_with_the_node_named(app):
    doc = document(
        "broken",
        [node("start", "entry.api"), node("w", "wait.duration", hours=1)],
        [("start", "w")],
    )
    member_ids = make_members(3)
    version = publish(doc)
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", member_ids, "api:1", clock.now())
    db.session.commit()
    tick(clock)
    clock.advance(hours=2)
    tick(clock)
    rows = db.session.execute(select(JourneyMember.status, JourneyMember.last_error)).all()
    assert {r.status for r in rows} == {"parked"}
    assert "no edge leaves node w by 'next'" in rows[0].last_error
