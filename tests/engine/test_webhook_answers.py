"""A webhook node that waits for its endpoint's answer: a real HTTP endpoint draws a lottery
per member, the dispatcher sends the calls and wakes the waiting members, the answer is kept
on the step and on the member, and a following condition splits on it. Expected outcomes are
worked out here from what the endpoint answered, apart from the engine."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.messaging.settings import save_channel
from app.models import JourneyMember, Member, MemberTag
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import run
from tests.messaging.sinks import HttpSink


@pytest.fixture
def lottery():
    """An endpoint that answers each member's call: 404 for every fifth member id, else a
    code and whether they won (every third member id)."""
    with HttpSink() as sink:
        sink.answer_for = lambda p: (
            (404, {"error": "unknown member"})
            if p["member_id"] % 5 == 0
            else (200, {"code": f"L{p['member_id']}", "won": p["member_id"] % 3 == 0})
        )
        yield sink


def _journey(url: str, **hook) -> dict:
    return document(
        "lottery",
        [
            node("start", "entry.api"),
            node("hook", "action.webhook", url=url, **hook),
            node(
                "check",
                "split.condition",
                rules={
                    "kind": "attribute",
                    "key": "lottery_won",
                    "type": "boolean",
                    "op": "eq",
                    "value": True,
                },
            ),  # fmt: skip
            node("winner", "action.tag", operation="add", tag="lottery-winner"),
            node("done", "exit"),
            node("other", "exit"),
        ],
        [
            ("start", "hook"),
            ("hook", "check"),
            ("check", "winner", "yes"),
            ("check", "other", "no"),
            ("winner", "done"),
        ],  # fmt: skip
    )


def _setup(url: str, count: int, **hook) -> tuple[list[int], VirtualClock]:
    problems = save_channel(
        db.session,
        "webhook",
        True,
        {"secret": "0123456789abcdef", "allowed_hosts": ["127.0.0.1"]},
        {},
    )
    assert not problems
    ids = make_members(count)
    version = publish(_journey(url, **hook))
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", ids, "api:1", START)
    db.session.commit()
    run(clock)
    return ids, clock


def _steps(node_id: str) -> dict[int, dict]:
    rows = db.session.execute(
        text("SELECT member_id, outcome, detail FROM journey_steps WHERE node_id = :n"),
        {"n": node_id},
    ).all()
    return {
        m: (json.loads(d) if isinstance(d, str) else d) or {}
        for m, outcome, d in rows
        if outcome == "passed"
    }


def test_members_wait_for_the_answer_and_split_on_it(app, lottery):
    ids, clock = _setup(
        lottery.url + "/draw", 30, wait_for_response=True, save_response_as="lottery"
    )
    statuses = set(db.session.scalars(select(JourneyMember.status)))
    assert statuses == {"waiting_event"}  # held at the webhook, nothing answered yet

    Dispatcher(db.session, clock=clock.now).run()
    run(clock)

    # What the endpoint answered each member (recorded by the sink) decides the rest.
    answered = {p["json"]["member_id"]: p for p in lottery.delivered.values()}
    assert sorted(answered) == sorted(m for m in ids if m % 5)  # 404s are not "delivered"
    won = {m for m in ids if m % 5 and m % 3 == 0}
    tagged = set(
        db.session.scalars(select(MemberTag.member_id).where(MemberTag.tag == "lottery-winner"))
    )
    assert tagged == won
    steps = _steps("hook")
    assert sorted(steps) == sorted(ids)
    for m in ids:
        response = steps[m]["response"]
        if m % 5 == 0:
            assert response == {"status": 404, "json": {"error": "unknown member"}}
        else:
            assert response == {"status": 200, "json": {"code": f"L{m}", "won": m % 3 == 0}}
    attributes = dict(db.session.execute(select(Member.id, Member.attributes)).all())
    for m in ids:
        expected = {"lottery_status": 404, "lottery_error": "unknown member"} if m % 5 == 0 else {
            "lottery_status": 200, "lottery_code": f"L{m}", "lottery_won": m % 3 == 0}  # fmt: skip
        assert {k: v for k, v in attributes[m].items() if k.startswith("lottery_")} == expected
    assert set(db.session.scalars(select(JourneyMember.status))) == {"exited"}


def test_without_an_answer_members_move_on_when_the_wait_runs_out(app, lottery):
    ids, clock = _setup(
        lottery.url + "/draw", 6, wait_for_response=True, response_wait_minutes=30,
        save_response_as="lottery",
    )  # fmt: skip
    run(clock, minutes=29)
    assert set(db.session.scalars(select(JourneyMember.status))) == {"waiting_event"}
    run(clock, minutes=2)  # the dispatcher never ran: nothing was called
    assert lottery.attempts == {}
    steps = _steps("hook")
    assert sorted(steps) == sorted(ids)
    assert all(s["timed_out"] and s["response"] is None for s in steps.values())
    attributes = dict(db.session.execute(select(Member.id, Member.attributes)).all())
    assert all(attributes[m]["lottery_status"] == 0 for m in ids)
    assert not db.session.scalars(select(MemberTag.member_id)).all()


def test_a_call_that_is_retried_keeps_the_member_waiting(app, lottery):
    ids, clock = _setup(lottery.url + "/draw", 2, wait_for_response=True)
    lottery.fail_with = [503, 503]
    lottery.answer_for = None
    Dispatcher(db.session, clock=clock.now).run()
    run(clock)
    assert set(db.session.scalars(select(JourneyMember.status))) == {"waiting_event"}
    run(clock, minutes=10)
    Dispatcher(db.session, clock=clock.now).run()
    run(clock)
    steps = _steps("hook")
    assert {s["response"]["status"] for s in steps.values()} == {200}
    assert set(db.session.scalars(select(JourneyMember.status))) == {"exited"}


def test_saving_the_answer_needs_waiting_for_it(admin_client):
    doc = _journey("https://crm.example.com/hook", save_response_as="lottery")
    response = admin_client.post("/api/journeys/validate", json=doc)
    problems = json.dumps(response.get_json())
    assert "save_response_as needs wait_for_response" in problems
