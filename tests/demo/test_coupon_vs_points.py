"""The shipped ``coupon-vs-points`` example, published on the demo with the demo shop's
orders, reaches a decision that equals a two-proportion z-test computed here from the raw
tables (step log, touches, orders), apart from app/experiments."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from statsmodels.stats.proportion import proportions_ztest

from app.extensions import db
from app.models import Journey, JourneyExperiment
from tests.demo.coupon_vs_points import KEY, after_decision, run_coupon_vs_points
from tests.reports import expected

NODE_TYPES = {"grant_coupon": "action.coupon", "grant_points": "action.points",
              "tell_coupon": "action.send", "tell_points": "action.send"}  # fmt: skip


def _steps_at_experiment(journey_id: int):
    steps = expected.table(
        "SELECT s.member_id, s.branch, s.detail FROM journey_steps s "
        "JOIN journey_members jm ON jm.id = s.journey_member_id "
        "WHERE s.journey_id = :j AND s.node_id = 'experiment' AND s.outcome = 'passed' "
        "AND jm.is_test = :f",
        j=journey_id,
        f=False,
    )
    steps["arm"] = [(json.loads(d) if isinstance(d, str) else d)["arm"] for d in steps["detail"]]
    return steps


def test_the_example_decides_on_conversions_as_a_z_test_says(app, admin_client, viewer_client):
    clock = run_coupon_vs_points(app, admin_client)
    journey_id = db.session.scalar(select(Journey.id).where(Journey.key == KEY))
    experiment = db.session.scalar(select(JourneyExperiment))
    assert experiment.decided_at is not None

    # Independently: the sample by arm from the step log; a member converted when an order
    # they paid is credited to the journey (last touch within the 7-day window).
    steps = _steps_at_experiment(journey_id)
    sample = steps[steps["arm"] == "sample"]
    orders = expected.orders()
    credit = expected.credited(orders, expected.touches(journey_id, NODE_TYPES), 7)
    paid = orders[orders["id"].isin(credit["order_id"]) & orders["net"].notna()]
    converted = sample["member_id"].isin(paid["member_id"])
    counts = {arm: int(converted[sample["branch"] == arm].sum()) for arm in ("coupon", "points")}
    sizes = {arm: int((sample["branch"] == arm).sum()) for arm in ("coupon", "points")}
    assert min(sizes.values()) >= 100  # the node's minimum sample per arm
    _, p = proportions_ztest(
        [counts["points"], counts["coupon"]], [sizes["points"], sizes["coupon"]]
    )

    arms = experiment.stats["arms"]
    assert {a: arms[a]["members"] for a in sizes} == sizes
    assert {a: arms[a]["conversions"] for a in counts} == counts
    assert experiment.stats["comparisons"][0]["p_value"] == pytest.approx(p)
    best = max(counts, key=lambda a: counts[a] / sizes[a])
    assert p < 0.05 and experiment.stats["significant"]
    assert experiment.winner == best == "coupon"

    # The rest of the audience, held during the test, follows the winner.
    after_decision(clock)
    rest = _steps_at_experiment(journey_id)
    rest = rest[rest["arm"] != "sample"]
    assert len(rest) > 4 * len(sample) * 0.8
    assert set(rest["arm"]) == {"winner"} and set(rest["branch"]) == {"coupon"}

    [panel] = viewer_client.get(f"/api/journeys/{KEY}/report").get_json()["experiments"]
    assert (panel["status"], panel["winner"]) == ("decided", "coupon")
    assert panel["comparisons"][0]["p_value"] == pytest.approx(p)
