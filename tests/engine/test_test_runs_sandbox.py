"""A test run shows what the journey would do and changes nothing real.

Every table is read before and after (each row, in key order, hashed): the only rows a test
run may add are its own runs (``journey_members.is_test``) and their steps.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select

from app.demo.channels import configure_sandbox_channels
from app.engine.clock import VirtualClock
from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.models import CouponTemplate, JourneyMember, Member, MessageTemplate
from tests.engine.factories import START, document, node, publish
from tests.engine.population import add_templates, make_population, run

TEST_RUN_TABLES = {"journey_members", "journey_steps"}


def _snapshot() -> dict[str, tuple[int, str]]:
    """Per table: row count and a SHA-256 of its rows in primary-key order, leaving out the
    test runs' own rows."""
    test_runs = set(
        db.session.scalars(select(JourneyMember.id).where(JourneyMember.is_test.is_(True)))
    )
    out = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        if table.name == "journey_members":
            rows = [r for r in rows if r.id not in test_runs]
        elif table.name == "journey_steps":
            rows = [r for r in rows if r.journey_member_id not in test_runs]
        digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
        out[table.name] = (len(rows), digest)
    return out


def _journey() -> dict:
    nodes = [
        node("start", "entry.api"),
        node("gift", "action.coupon", coupon_template="gift"),
        node("points", "action.points", points=150, reason="test bonus"),
        node("tag", "action.tag", tag="tried"),
        node("count", "action.attribute", key="visits", operation="increment", value=1),
        node("inbox", "action.send", channel="inapp", template="hello-inapp"),
        node("sms", "action.send", channel="sms", template="hello-sms"),
        node("hook", "action.webhook", url="https://crm.example.com/hook", fields=["tier"]),
        node("wait", "wait.duration", days=3),
        node("done", "exit"),
        node("none_left", "exit"),
    ]
    edges = [
        ("start", "gift"),
        ("gift", "points", "granted"),
        ("gift", "none_left", "out_of_stock"),
        ("points", "tag"),
        ("tag", "count"),
        ("count", "inbox"),
        ("inbox", "sms"),
        ("sms", "hook"),
        ("hook", "wait"),
        ("wait", "done"),
    ]
    return document("trial", nodes, edges)


def test_a_test_run_shows_every_effect_and_leaves_every_real_table_unchanged(app, admin_client):
    people = make_population(30)
    add_templates("inapp", "sms")
    configure_sandbox_channels(db.session)
    db.session.scalar(select(CouponTemplate)).stock_total = 2
    db.session.scalar(
        select(MessageTemplate).where(MessageTemplate.key == "hello-sms")
    ).body = "Hi {{ member.name }}, you have {{ points.balance }} points"
    db.session.commit()
    publish(_journey(), status="draft")
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    testers = list(people.external_id[:3])
    before = _snapshot()

    started = admin_client.post(
        "/api/journeys/trial/test-runs", json={"member_external_ids": testers}
    )
    assert started.status_code == 201, started.get_json()
    for _ in range(5):
        run(clock, seconds=2)  # test mode: waits last a second
        Dispatcher(db.session, clock=clock.now).run()
    db.session.expire_all()
    assert _snapshot() == before

    runs = admin_client.get("/api/journeys/trial/test-runs").get_json()["runs"]
    assert {r["status"] for r in runs} == {"exited"} and len(runs) == 3
    external = dict(db.session.execute(db.select(Member.id, Member.external_id)).all())
    assert all(r["member_external_id"] == external[r["member_id"]] for r in runs)
    by_member = {}
    for r in runs:
        by_member[r["member_id"]] = {s["node_id"]: s for s in r["steps"]}
    # Stock is 2: the first two in entry order would get one, the third leaves by out_of_stock.
    branches = sorted(steps["gift"]["branch"] for steps in by_member.values())
    assert branches == ["granted", "granted", "out_of_stock"]
    balance = dict(zip(people.index, people.points_balance, strict=True))
    for member_id, steps in by_member.items():
        if steps["gift"]["branch"] != "granted":
            assert set(steps) == {"start", "gift", "none_left"}
            continue
        assert steps["points"]["detail"] == {"test": "book points", "points": 150}
        assert steps["tag"]["detail"] == {"test": "add a tag", "tag": "tried"}
        sms = steps["sms"]["detail"]
        name = people.name[member_id]
        assert sms["body"] == f"Hi {name}, you have {balance[member_id]} points 回T退订"
        assert steps["inbox"]["detail"]["body"] == f"Hi {name}"
        hook = steps["hook"]["detail"]
        assert hook["payload"]["member_external_id"] == people.external_id[member_id]
        assert hook["payload"]["member"] == {"tier": people.tier[member_id]}
    assert admin_client.get("/api/journeys/trial/counters").get_json()["nodes"] == {}
    assert clock.now() - START < timedelta(minutes=1)
