"""Experiments end to end through the engine: orders posted to the API decide on revenue,
test runs never count, and two journeys draw their arms independently."""

from __future__ import annotations

import random
from datetime import timedelta

import numpy as np
import pytest
from scipy import stats
from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import JourneyExperiment, JourneyStep, Member
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates, arm_point, run
from tests.reports import expected

NODE_TYPES = {"start": "entry.api", "exp": "split.experiment", "send_a": "action.send",
              "send_b": "action.send", "wait_a": "wait.duration", "wait_b": "wait.duration",
              "out_a": "exit", "out_b": "exit"}  # fmt: skip


def _journey(key: str, metric: str = "revenue") -> dict:
    return document(
        key,
        [
            node("start", "entry.api"),
            node(
                "exp",
                "split.experiment",
                sample_percent=50,
                metric=metric,
                variants=[{"key": "a", "weight": 50}, {"key": "b", "weight": 50}],
                decision_after_hours=24,
                min_sample_per_arm=30,
            ),  # fmt: skip
            node("send_a", "action.send", channel="inapp", template="hello-inapp"),
            node("send_b", "action.send", channel="inapp", template="hello-inapp"),
            node("wait_a", "wait.duration", days=3),
            node("wait_b", "wait.duration", days=3),
            node("out_a", "exit"),
            node("out_b", "exit"),
        ],
        [
            ("start", "exp"),
            ("exp", "send_a", "a"),
            ("exp", "send_b", "b"),
            ("send_a", "wait_a"),
            ("send_b", "wait_b"),
            ("wait_a", "out_a"),
            ("wait_b", "out_b"),
        ],
    )


def test_revenue_decides_by_welch_on_credited_orders(app, client, token_headers, viewer_client):
    ids = make_members(300)
    add_templates("inapp")
    version = publish(_journey("rev"))
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", ids, "api:1", START)
    # Test runs of the same members buy nothing and must not weigh on the decision.
    enter_members(db.session, version, "start", ids[:60], "test:1", START, is_test=True)
    db.session.commit()
    run(clock)
    [panel] = viewer_client.get("/api/journeys/rev/report").get_json()["experiments"]
    assert panel["status"] == "testing" and panel["winner"] is None

    arm = dict(
        db.session.execute(
            select(JourneyStep.member_id, JourneyStep.branch).where(
                JourneyStep.node_id == "exp", JourneyStep.detail["arm"].as_string() == "sample"
            )
        ).all()
    )
    externals = dict(db.session.execute(select(Member.id, Member.external_id)).all())
    rng = random.Random(9)
    records = []
    for m, branch in arm.items():
        if rng.random() < (0.5 if branch == "b" else 0.3):
            amount = rng.choice([120, 180, 260] if branch == "b" else [40, 60, 90])
            paid = START + timedelta(hours=rng.uniform(1, 20))
            records.append({"external_id": f"o{m}", "member_external_id": externals[m],
                            "amount": f"{amount}.00", "paid_at": paid.isoformat()})  # fmt: skip
    response = client.post(
        "/api/orders/bulk", json={"records": records}, headers=token_headers("orders:write")
    )
    assert response.status_code == 200, response.get_json()
    run(clock, hours=24, seconds=1)

    experiment = db.session.scalar(select(JourneyExperiment))
    # Independently: per sample member, the paid amount of orders credited to this journey.
    orders = expected.orders()
    touches = expected.touches(experiment.journey_id, NODE_TYPES)
    credit = expected.credited(orders, touches, 7)
    paid = orders[orders["id"].isin(credit["order_id"]) & orders["net"].notna()]
    revenue = paid.groupby("member_id")["net"].sum()
    a = np.array([revenue.get(m, 0.0) for m, b in arm.items() if b == "a"])
    b = np.array([revenue.get(m, 0.0) for m, b in arm.items() if b == "b"])
    p = stats.ttest_ind(b, a, equal_var=False).pvalue
    comparison = experiment.stats["comparisons"][0]
    assert comparison["p_value"] == pytest.approx(p)
    assert experiment.stats["arms"]["a"]["members"] == len(a)
    assert experiment.stats["arms"]["b"]["total"] == pytest.approx(b.sum())
    assert p < 0.05 and experiment.winner == "b" and experiment.stats["significant"]
    [panel] = viewer_client.get("/api/journeys/rev/report").get_json()["experiments"]
    assert (panel["status"], panel["winner"], panel["progress"]) == ("decided", "b", 1.0)
    assert panel["comparisons"][0]["p_value"] == pytest.approx(p)
    assert panel["arms"]["b"]["ci95"][0] < b.mean() < panel["arms"]["b"]["ci95"][1]


def test_two_journeys_with_the_same_node_ids_draw_apart(app):
    ids = make_members(400)
    add_templates("inapp")
    clock = VirtualClock(START)
    for key in ("one", "two"):
        enter_members(db.session, publish(_journey(key, "orders")), "start", ids, "api:1", START)
    db.session.commit()
    run(clock)
    sampled = {}
    for key in ("one", "two"):
        sampled[key] = {m for m in ids if arm_point(m, f"{key}/exp", "sample") < 5000}
        logged = set(
            db.session.scalars(
                select(JourneyStep.member_id).where(
                    JourneyStep.node_id == "exp",
                    JourneyStep.detail["arm"].as_string() == "sample",
                    JourneyStep.journey_id == _journey_id(key),
                )
            )
        )
        assert logged == sampled[key]
    overlap = len(sampled["one"] & sampled["two"]) / len(sampled["one"])
    assert 0.35 < overlap < 0.65  # independent halves, not the same members


def _journey_id(key: str) -> int:
    from app.models import Journey

    return db.session.scalar(select(Journey.id).where(Journey.key == key))


def test_a_test_run_alone_never_opens_or_decides_the_experiment(app):
    ids = make_members(50)
    add_templates("inapp")
    version = publish(_journey("solo"))
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", ids, "test:1", START, is_test=True)
    db.session.commit()
    run(clock, hours=30)
    assert db.session.scalars(select(JourneyExperiment)).all() == []
    arms = db.session.scalars(select(JourneyStep.detail).where(JourneyStep.node_id == "exp"))
    assert {d["arm"] for d in arms} == {"test"}


def test_a_sequential_experiment_stops_early_on_a_clear_winner(app, client, token_headers):
    ids = make_members(400)
    add_templates("inapp")
    doc = _journey("seq", "conversion")
    doc["settings"]["goal"] = {"event_type": "order_paid", "conversion_window_days": 7,
                               "exit_on_goal": False}  # fmt: skip
    exp = next(n for n in doc["nodes"] if n["id"] == "exp")
    exp["config"] |= {"mode": "sequential", "decision_after_hours": 48}
    clock = VirtualClock(START)
    enter_members(db.session, publish(doc), "start", ids, "api:1", START)
    db.session.commit()
    run(clock)
    arm = dict(
        db.session.execute(
            select(JourneyStep.member_id, JourneyStep.branch).where(
                JourneyStep.node_id == "exp", JourneyStep.detail["arm"].as_string() == "sample"
            )
        ).all()
    )
    externals = dict(db.session.execute(select(Member.id, Member.external_id)).all())
    rng = random.Random(1)
    buyers = [m for m, b in arm.items() if rng.random() < (0.7 if b == "b" else 0.1)]
    records = [
        {"external_id": f"s{m}", "member_external_id": externals[m], "amount": "50.00",
         "paid_at": (START + timedelta(minutes=30)).isoformat()}
        for m in buyers
    ]  # fmt: skip
    response = client.post(
        "/api/orders/bulk", json={"records": records}, headers=token_headers("orders:write")
    )
    assert response.status_code == 200, response.get_json()
    run(clock, hours=1, seconds=1)
    experiment = db.session.scalar(select(JourneyExperiment))
    assert experiment.winner == "b" and experiment.decided_at < experiment.decide_at
    assert "stopped early" in experiment.stats["reason"]
    # The always-valid p-value by the formula of docs/experiments.md, from the conversions.
    bought = set(buyers)
    a = np.array([m in bought for m, b in arm.items() if b == "a"], dtype=float)
    b = np.array([m in bought for m, b in arm.items() if b == "b"], dtype=float)
    v = b.var(ddof=1) / len(b) + a.var(ddof=1) / len(a)
    tau2 = 0.01 * max(a.var(ddof=1), b.var(ddof=1))
    d = b.mean() - a.mean()
    ratio = np.sqrt(v / (v + tau2)) * np.exp(d * d * tau2 / (2 * v * (v + tau2)))
    assert experiment.stats["comparisons"][0]["p_value"] == pytest.approx(min(1.0, 1 / ratio))
