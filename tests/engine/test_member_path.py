"""``GET /api/journeys/<key>/members/<external_id>``: each entry's steps with node labels and
times, and the coupon codes and messages the nodes gave, against the raw tables."""

from __future__ import annotations

from datetime import timedelta

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.engine.member_path import attach
from app.engine.ticker import tick
from app.extensions import db
from app.models import Coupon, JourneyMember, JourneyStep, OutboxMessage
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates


def _journey():
    doc = document(
        "gifted",
        [
            {**node("start", "entry.api"), "label": "Signed up"},
            {**node("gift", "action.coupon", coupon_template="gift"), "label": "Welcome gift"},
            {**node("tell", "action.send", channel="inapp", template="hello-inapp")},
            {**node("wait", "wait.duration", days=1), "label": "A day"},
            {**node("done", "exit"), "label": "Done"},
        ],
        [
            ("start", "gift"),
            ("gift", "tell", "granted"),
            ("gift", "done", "out_of_stock"),
            ("tell", "wait"),
            ("wait", "done"),
        ],
    )
    return publish(doc)


def test_the_path_names_nodes_times_coupons_and_messages(app, admin_client):
    add_templates("inapp")
    member_ids = make_members(3)
    version = _journey()
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", member_ids, "api:x", clock.now())
    db.session.commit()
    tick(clock)
    db.session.rollback()

    answer = admin_client.get("/api/journeys/gifted/members/m1")
    assert answer.status_code == 200
    (run,) = answer.get_json()["runs"]
    run_id = db.session.scalar(
        db.select(JourneyMember.id).where(JourneyMember.member_id == member_ids[1])
    )
    logged = db.session.execute(
        db.select(JourneyStep.node_id, JourneyStep.outcome, JourneyStep.at)
        .where(JourneyStep.journey_member_id == run_id)
        .order_by(JourneyStep.step_no)
    ).all()
    assert [(s["node"], s["outcome"]) for s in run["steps"]] == [(n, o) for n, o, _ in logged]
    assert [s["at"] for s in run["steps"]] == [at.isoformat() for _, _, at in logged]
    labels = {s["node"]: s["label"] for s in run["steps"]}
    # A node without a label is named by its id.
    assert labels == {"start": "Signed up", "gift": "Welcome gift", "tell": "tell", "wait": "A day"}
    assert run["node_label"] == "A day" and run["status"] == "waiting"

    code = db.session.scalar(db.select(Coupon.code).where(Coupon.member_id == member_ids[1]))
    gift = next(s for s in run["steps"] if s["node"] == "gift")
    assert [c["code"] for c in gift["coupons"]] == [code]
    tell = next(s for s in run["steps"] if s["node"] == "tell")
    statuses = db.session.scalars(
        db.select(OutboxMessage.status).where(OutboxMessage.member_id == member_ids[1])
    ).all()
    assert [m["status"] for m in tell["messages"]] == statuses
    assert tell["messages"][0]["template_name"] == "Hello on inapp"


def test_an_unknown_member_is_a_404_naming_the_id(app, admin_client):
    _journey()
    answer = admin_client.get("/api/journeys/gifted/members/nobody")
    assert answer.status_code == 404
    assert "nobody" in answer.get_json()["message"]


def test_each_coupon_goes_to_the_entry_that_granted_it():
    at = START.isoformat()
    later = (START + timedelta(days=3)).isoformat()
    first = {"node": "gift", "at": at}
    second = {"node": "gift", "at": later}
    coupons = [
        {"node": "gift", "code": "A", "at": at},
        {"node": "gift", "code": "B", "at": later},
        {"node": "elsewhere", "code": "C", "at": later},
    ]
    attach([first, second], coupons, "coupons")
    assert [c["code"] for c in first["coupons"]] == ["A"]
    assert [c["code"] for c in second["coupons"]] == ["B"]
