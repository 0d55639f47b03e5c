"""Static tags by API, rule tags computed from rules, both usable in rules."""

from __future__ import annotations

from sqlalchemy import select

from app.audiences.rules.compiler import matching_member_ids
from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import MemberTag
from tests.audiences.factories import NOW, insert_population, population

BIG_SPENDERS = {"kind": "total_spend", "window_days": None, "op": "gte", "value": 1000}


def tagged(tag):
    return set(db.session.scalars(select(MemberTag.member_id).where(MemberTag.tag == tag)))


def test_static_tags_by_api(marketer_client):
    insert_population(db.session, population(n=5))
    assert (
        marketer_client.post("/api/members/1/tags", json={"tag": "coffee-lover"}).get_json()[
            "added"
        ]
        is True
    )
    assert (
        marketer_client.post("/api/members/1/tags", json={"tag": "coffee-lover"}).get_json()[
            "added"
        ]
        is False
    )
    assert 1 in matching_member_ids(
        db.session, {"kind": "tag", "op": "has", "value": "coffee-lover"}, NOW
    )
    assert marketer_client.delete("/api/members/1/tags/coffee-lover").status_code == 200
    assert marketer_client.delete("/api/members/1/tags/coffee-lover").status_code == 404
    assert marketer_client.post("/api/members/999/tags", json={"tag": "x"}).status_code == 404
    assert marketer_client.post("/api/members/1/tags", json={"tag": "bad tag!"}).status_code == 400


def test_rule_tag_compute_adds_and_removes(app, marketer_client):
    app.extensions["clock"] = VirtualClock(NOW)
    pop = population(n=100)
    insert_population(db.session, pop)
    created = marketer_client.post(
        "/api/tags",
        json={"key": "big", "name": "Big spenders", "kind": "rule", "rules": BIG_SPENDERS},
    )
    assert created.status_code == 201
    result = marketer_client.post("/api/tags/big/compute").get_json()
    expected = {m["id"] for m in pop.members if m["total_spent"] >= 1000}
    assert tagged("big") == expected and result["added"] == len(expected)
    marketer_client.post("/api/members/1/tags", json={"tag": "big"})  # refused: a rule tag
    db.session.execute(
        MemberTag.__table__.insert().values(
            member_id=next(iter(set(range(1, 101)) - expected)), tag="big", source="rule"
        )
    )
    db.session.commit()
    again = marketer_client.post("/api/tags/big/compute").get_json()
    assert again == {"tag": "big", "added": 0, "removed": 1}
    assert tagged("big") == expected
    listed = {t["key"]: t for t in marketer_client.get("/api/tags").get_json()["tags"]}
    assert listed["big"]["members"] == len(expected)
    assert listed["big"]["last_computed_at"].startswith("2025-06-15")


def test_rule_tag_cannot_be_set_by_hand(marketer_client):
    insert_population(db.session, population(n=3))
    marketer_client.post(
        "/api/tags", json={"key": "big", "name": "Big", "kind": "rule", "rules": BIG_SPENDERS}
    )
    assert marketer_client.post("/api/members/1/tags", json={"tag": "big"}).status_code == 409


def test_bad_tag_definitions(marketer_client):
    assert (
        marketer_client.post(
            "/api/tags", json={"key": "r", "name": "R", "kind": "rule"}
        ).status_code
        == 400
    )
    assert (
        marketer_client.post(
            "/api/tags", json={"key": "s", "name": "S", "rules": BIG_SPENDERS}
        ).status_code
        == 400
    )
    bad = marketer_client.post(
        "/api/tags", json={"key": "r", "name": "R", "kind": "rule", "rules": {"kind": "nope"}}
    )
    assert bad.status_code == 400 and bad.get_json()["errors"][0]["path"] == "kind"
    assert marketer_client.post("/api/tags", json={"key": "s", "name": "S"}).status_code == 201
    assert marketer_client.post("/api/tags/s/compute").status_code == 409
    assert marketer_client.post("/api/tags/missing/compute").status_code == 404


def test_cli_and_job_compute_rule_tags(app, runner):
    from app.audiences.jobs import nightly_refresh, register_jobs
    from app.models import TagDefinition

    app.extensions["clock"] = VirtualClock(NOW)
    pop = population(n=60)
    insert_population(db.session, pop)
    db.session.add(TagDefinition(key="big", name="Big", kind="rule", rules=BIG_SPENDERS))
    db.session.commit()
    result = runner.invoke(args=["tags", "compute"])
    assert result.exit_code == 0 and result.output.startswith("big: +")
    assert runner.invoke(args=["tags", "compute", "--key", "nope"]).exit_code != 0
    out = nightly_refresh()
    assert out["tags"] == [{"tag": "big", "added": 0, "removed": 0}]

    class FakeScheduler:
        def __init__(self):
            self.jobs = []

        def add_job(self, fn, trigger, **kw):
            self.jobs.append((trigger, kw))

    scheduler = FakeScheduler()
    register_jobs(scheduler)
    assert scheduler.jobs == [
        (
            "cron",
            {"hour": 2, "minute": 30, "id": "audiences.nightly_refresh", "replace_existing": True},
        )
    ]
