"""GET /api/members/<id>/activity: coupons, journeys with labelled, timed paths, messages, points."""

from __future__ import annotations

from sqlalchemy import text

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models.points import PointsEntry
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates, run


def _journey():
    doc = document(
        "welcome",
        [
            {**node("start", "entry.api"), "label": "New member"},
            {**node("gift", "action.coupon", coupon_template="gift"), "label": "Welcome gift"},
            {**node("note", "action.send", channel="inapp", template="hello-inapp")},
            node("end", "exit"),
        ],
        [
            ("start", "gift"),
            ("gift", "note", "granted"),
            ("gift", "end", "out_of_stock"),
            ("note", "end"),
        ],
    )
    return publish(doc)


def test_activity_shows_what_the_journey_did_to_the_member(viewer_client, app):
    member_id, other_id = make_members(2)
    add_templates("inapp")
    version = _journey()
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", [member_id, other_id], "api:1", clock.now())
    db.session.add(
        PointsEntry(
            member_id=member_id,
            kind="earn",
            points=120,
            remaining=120,
            source="order:SO-1",
            note="",
            created_at=START,
        )
    )
    db.session.commit()
    run(clock)

    answer = viewer_client.get(f"/api/members/{member_id}/activity")
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    code = db.session.scalar(
        text("SELECT code FROM coupons WHERE member_id = :m"), {"m": member_id}
    )
    assert [c["code"] for c in body["coupons"]] == [code]
    assert body["coupons"][0]["template_name"] == "Gift"
    (journey,) = body["journeys"]
    assert journey["journey"] == "welcome"
    labels = [s["label"] for s in journey["path"]]
    assert labels == ["New member", "Welcome gift", "note", "end"]
    assert all(s["at"] for s in journey["path"])
    assert journey["path"][1]["coupon_code"] == code
    stored = db.session.scalar(
        text("SELECT count(*) FROM outbox WHERE member_id = :m"), {"m": member_id}
    )
    assert len(body["messages"]) == stored == 1
    assert body["messages"][0]["journey"] == "welcome"
    assert [(p["kind"], p["points"]) for p in body["points"]] == [("earn", 120)]


def test_an_unknown_member_is_404_naming_the_id(viewer_client):
    answer = viewer_client.get("/api/members/987654/activity")
    assert answer.status_code == 404
    assert "987654" in answer.get_json()["message"]
