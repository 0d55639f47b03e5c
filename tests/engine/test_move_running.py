"""Publishing a new version moves the members inside by node id, or by an explicit mapping
for nodes that were renamed."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.journeys.schema import checksum
from app.models import JourneyMember, JourneyVersion, MemberTag
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import run


def _version(wait_id: str, tag: str) -> dict:
    return document(
        "moving",
        [
            node("start", "entry.api"),
            node(wait_id, "wait.duration", days=2),
            node("tag", "action.tag", tag=tag),
            node("done", "exit"),
        ],
        [("start", wait_id), (wait_id, "tag"), ("tag", "done")],
    )


def _add_draft(journey_id: int, doc: dict) -> None:
    db.session.add(
        JourneyVersion(
            journey_id=journey_id, number=2, status="draft", document=doc, checksum=checksum(doc)
        )
    )
    db.session.commit()


def _setup(app):
    ids = make_members(6)
    version = publish(_version("wait", "v1"))
    enter_members(db.session, version, "start", ids, "api:1", START)
    db.session.commit()
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    run(clock)  # everyone waits two days at "wait"
    # The new version renames the wait ("hold") and tags differently.
    _add_draft(version.journey_id, _version("hold", "v2"))
    return ids, clock


def test_a_renamed_node_refuses_to_move_without_a_mapping(app, admin_client):
    ids, _ = _setup(app)
    refused = admin_client.post("/api/journeys/moving/publish", json={"move_running": True})
    assert refused.status_code == 409
    assert refused.get_json()["error"] == "nodes_missing"
    assert "wait (6 member(s))" in refused.get_json()["message"]


def test_a_mapping_pointing_nowhere_is_refused(app, admin_client):
    _setup(app)
    refused = admin_client.post(
        "/api/journeys/moving/publish",
        json={"move_running": True, "node_mapping": {"wait": "no-such-node"}},
    )
    assert refused.status_code == 400
    assert refused.get_json()["errors"][0]["field"] == "node_mapping.wait"


def test_members_move_by_the_mapping_and_finish_on_the_new_version(app, admin_client):
    ids, clock = _setup(app)
    moved = admin_client.post(
        "/api/journeys/moving/publish",
        json={"move_running": True, "node_mapping": {"wait": "hold"}},
    )
    assert moved.status_code == 200, moved.get_json()
    db.session.expire_all()
    new_version = db.session.scalar(
        select(JourneyVersion.id).where(JourneyVersion.status == "published")
    )
    runs = db.session.execute(
        select(JourneyMember.version_id, JourneyMember.node_id, JourneyMember.status)
    ).all()
    assert Counter(runs) == Counter({(new_version, "hold", "waiting"): len(ids)})
    run(clock, days=3)
    db.session.expire_all()
    tags = Counter(db.session.scalars(select(MemberTag.tag)))
    assert tags == Counter({"v2": len(ids)})
