"""Test runs stay out of the live counters, and the test-run list still shows their progress."""

from __future__ import annotations

from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.engine.ticker import tick
from app.extensions import db
from app.models import Journey
from tests.engine.factories import START, document, node, publish
from tests.engine.population import make_population


def _journey() -> dict:
    return document(
        "live-test",
        [
            node("start", "entry.api"),
            node("tag", "action.tag", tag="seen"),
            node("wait", "wait.duration", hours=1),
            node("done", "exit"),
        ],
        [("start", "tag"), ("tag", "wait"), ("wait", "done")],
    )


def test_the_test_run_list_follows_test_members_step_by_step(app, admin_client):
    people = make_population(6)
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    publish(_journey())
    response = admin_client.post(
        "/api/journeys/live-test/test-runs",
        json={"member_external_ids": list(people.external_id[:2])},
    )
    assert response.status_code == 201, response.get_json()
    tick(clock)
    db.session.rollback()
    runs = admin_client.get("/api/journeys/live-test/test-runs").get_json()["runs"]
    assert [(r["node_id"], r["status"], r["test"]) for r in runs] == [("wait", "waiting", True)] * 2
    clock.advance(seconds=2)  # test mode: waits last a second
    tick(clock)
    db.session.rollback()
    runs = admin_client.get("/api/journeys/live-test/test-runs").get_json()["runs"]
    assert {r["status"] for r in runs} == {"exited"}
    assert [step[0] for step in runs[0]["path"]] == ["start", "tag", "wait", "done"]
    counters = admin_client.get("/api/journeys/live-test/counters").get_json()["nodes"]
    assert counters == {}


def test_a_batch_report_leaves_test_runs_out_of_the_live_counters(app):
    people = make_population(8)
    version = publish(_journey())
    real, testers = [int(m) for m in people.index[:5]], [int(m) for m in people.index[5:]]
    enter_members(db.session, version, "start", real, "api:1", START)
    enter_members(db.session, version, "start", testers, "test:1", START, is_test=True)
    db.session.commit()
    journey_id = db.session.scalar(select(Journey.id))

    reports = tick(VirtualClock(START))
    counters: dict[str, dict[str, int]] = {}
    samples = []
    for report in reports:
        for node_id, counts in report.counters.get(journey_id, {}).items():
            bucket = counters.setdefault(node_id, {})
            for name, amount in counts.items():
                bucket[name] = bucket.get(name, 0) + amount
        samples += report.samples
    assert counters["start"]["entered"] == len(real)
    assert counters["tag"]["passed"] == len(real)
    assert {s[1] for s in samples} <= set(real)


def test_a_draft_with_errors_is_refused_a_test_run_naming_each_error(app, admin_client):
    people = make_population(3)
    broken = document(
        "broken",
        [
            node("start", "entry.api"),
            node("gift", "action.coupon", coupon_template="no-such-template"),
            node("done", "exit"),
        ],
        [("start", "gift"), ("gift", "done", "granted")],  # out_of_stock leads nowhere
    )
    publish(broken, status="draft")
    response = admin_client.post(
        "/api/journeys/broken/test-runs",
        json={"member_external_ids": list(people.external_id[:2])},
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_journey"
    found = {(e["code"], e["node_id"]) for e in body["errors"]}
    assert ("missing_branch", "gift") in found
    assert any(code == "unknown_reference" or "template" in code for code, _ in found), found
    assert admin_client.get("/api/journeys/broken/test-runs").get_json()["runs"] == []
