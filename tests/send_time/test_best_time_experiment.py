"""An experiment on the demo: best-time sends against sends at a random time (whenever the
member happens to enter) on half the members, 48 hours of the demo shop's orders, and the
journey report's comparison — difference in credited orders per member and its 95%
interval — equal to Welch's test computed here from the raw tables."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from scipy import stats
from sqlalchemy import select

from app.demo.channels import configure_sandbox_channels
from app.demo.seed import seed
from app.demo.shop import shop_minute
from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import Journey, Member, MessageTemplate, OutboxMessage
from app.send_time.refresh import refresh_send_times
from tests.engine.factories import START, document, node, publish
from tests.engine.population import run
from tests.reports import expected

KEY = "best-time-vs-random"
NODE_TYPES = {"send_now": "action.send", "send_best": "action.send"}


def _journey() -> dict:
    return document(
        KEY,
        [
            node("start", "entry.api"),
            node(
                "experiment",
                "split.experiment",
                sample_percent=60,
                variants=[{"key": "random_time", "weight": 50}, {"key": "best_time", "weight": 50}],
                metric="orders",
                decision_after_hours=48,
                min_sample_per_arm=100,
            ),
            node("send_now", "action.send", channel="inapp", template="hello"),
            node(
                "send_best",
                "action.send",
                channel="inapp",
                template="hello",
                at_best_time_within_hours=24,
            ),
            node("done", "exit"),
        ],
        [
            ("start", "experiment"),
            ("experiment", "send_now", "random_time"),
            ("experiment", "send_best", "best_time"),
            ("send_now", "done"),
            ("send_best", "done"),
        ],
    )


def test_the_report_compares_best_time_with_random_time_sends(app, admin_client):
    seed(db.engine, 2500, 42, START)
    refresh_send_times(db.session, START)
    configure_sandbox_channels(db.session)
    db.session.add(
        MessageTemplate(key="hello", name="Hello", channel="inapp", subject="Hi", body="Hello")
    )
    db.session.commit()
    version = publish(_journey())
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    members = list(db.session.scalars(select(Member.id).order_by(Member.id)))
    enter_members(db.session, version, "start", members, "api:1", START)
    db.session.commit()
    run(clock)
    rng = random.Random(7)
    for _ in range(2 * 48):
        clock.advance(minutes=30)
        shop_minute(db.session, clock.now(), rng, orders=4)
        db.session.commit()
        run(clock)
    run(clock, minutes=5)

    # Best-time messages were due at a later moment than entry; random-time ones at once.
    due = db.session.execute(
        select(OutboxMessage.node_id, OutboxMessage.next_attempt_at, OutboxMessage.created_at)
    ).all()
    assert any(n == "send_best" and d > c for n, d, c in due)
    assert all(d == c for n, d, c in due if n == "send_now")

    # Independently: the sample by arm from the step log, orders credited by a loop.
    journey_id = db.session.scalar(select(Journey.id).where(Journey.key == KEY))
    steps = expected.table(
        "SELECT s.member_id, s.branch, s.detail FROM journey_steps s "
        "WHERE s.journey_id = :j AND s.node_id = 'experiment' AND s.outcome = 'passed'",
        j=journey_id,
    )
    steps["arm"] = [(json.loads(d) if isinstance(d, str) else d)["arm"] for d in steps["detail"]]
    sample = steps[steps["arm"] == "sample"]
    orders = expected.orders()
    credit = expected.credited(orders, expected.touches(journey_id, NODE_TYPES), 7)
    paid = orders[orders["id"].isin(credit["order_id"])]
    per_member = paid.groupby("member_id").size()
    values = {
        arm: sample.loc[sample["branch"] == arm, "member_id"].map(per_member).fillna(0).to_numpy()
        for arm in ("random_time", "best_time")
    }
    assert min(len(v) for v in values.values()) >= 100
    difference = values["best_time"].mean() - values["random_time"].mean()
    welch = stats.ttest_ind(values["best_time"], values["random_time"], equal_var=False)

    [panel] = admin_client.get(f"/api/journeys/{KEY}/report").get_json()["experiments"]
    assert panel["status"] == "decided"
    assert {a: panel["arms"][a]["members"] for a in values} == {
        a: len(v) for a, v in values.items()
    }
    [comparison] = panel["comparisons"]
    assert comparison["variant"] == "best_time"
    assert comparison["difference"] == pytest.approx(difference)
    assert comparison["p_value"] == pytest.approx(welch.pvalue)
    low, high = comparison["ci95"]
    assert low < difference < high
    interval = welch.confidence_interval(0.95)
    assert (low, high) == pytest.approx((interval.low, interval.high), rel=1e-6)
    assert np.isfinite(low) and np.isfinite(high)
