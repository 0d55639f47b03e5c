"""Splits end to end: each member's branch is predicted from the member data with pandas and
our own copy of the documented assignment hash, then compared with the engine's step log."""

from __future__ import annotations

from collections import Counter

import pandas as pd
from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import JourneyExperiment
from tests.engine.factories import START, document, node, publish
from tests.engine.population import (
    arm_point,
    make_population,
    members_by,
    passed,
    run,
    statuses,
    weighted_arm,
)


def _enter_all(doc: dict, people: pd.DataFrame, clock: VirtualClock) -> None:
    version = publish(doc)
    ids = [int(i) for i in people.index]
    assert enter_members(db.session, version, "start", ids, "api:1", clock.now()) == len(ids)
    db.session.commit()


def _flow(key: str, split: dict, branches: list[str]) -> dict:
    nodes = [node("start", "entry.api"), split] + [node(f"out_{b}", "exit") for b in branches]
    edges = [("start", split["id"])] + [(split["id"], f"out_{b}", b) for b in branches]
    return document(key, nodes, edges)


def _expected(split_id: str, branch_of: pd.Series) -> Counter:
    """Per-node counts when every member takes ``branch_of[member]`` at the split."""
    counts = Counter({("start", "next"): len(branch_of)})
    for branch, n in branch_of.value_counts().items():
        counts[(split_id, branch)] = int(n)
        counts[(f"out_{branch}", None)] = int(n)
    return counts


def test_split_condition_sends_matching_members_yes(app):
    people = make_population(300)
    clock = VirtualClock(START)
    rules = {
        "all": [
            {"kind": "profile", "field": "tier", "op": "in", "value": ["gold", "platinum"]},
            {"kind": "attribute", "key": "score", "op": "gte", "value": 50},
        ]
    }
    _enter_all(
        _flow("cond", node("check", "split.condition", rules=rules), ["yes", "no"]), people, clock
    )
    run(clock)

    score = pd.to_numeric(people.score, errors="coerce")
    match = people.tier.isin(["gold", "platinum"]) & (score >= 50)
    branch_of = match.map({True: "yes", False: "no"})
    assert passed("cond") == _expected("check", branch_of)
    assert members_by("cond", "check", "yes") == set(people.index[match])
    assert statuses("cond") == {"exited": len(people)}


def test_split_multi_takes_the_first_matching_branch_else_else(app):
    people = make_population(300)
    clock = VirtualClock(START)
    branches = [
        {
            "key": "vip",
            "rules": {"kind": "profile", "field": "tier", "op": "eq", "value": "diamond"},
        },
        {
            "key": "local",
            "rules": {"kind": "profile", "field": "city", "op": "eq", "value": "Shanghai"},
        },
        {
            "key": "fan",
            "rules": {
                "kind": "attribute",
                "key": "score",
                "op": "gte",
                "value": 80,
            },
        },
    ]
    split = node("groups", "split.multi", branches=branches)
    _enter_all(_flow("multi", split, ["vip", "local", "fan", "else"]), people, clock)
    run(clock)

    def branch(row) -> str:
        if row.tier == "diamond":
            return "vip"
        if row.city == "Shanghai":
            return "local"
        if row.score is not None and not pd.isna(row.score) and row.score >= 80:
            return "fan"
        return "else"

    branch_of = people.apply(branch, axis=1)
    assert passed("multi") == _expected("groups", branch_of)
    for key in ("vip", "local", "fan", "else"):
        assert members_by("multi", "groups", key) == set(branch_of.index[branch_of == key])


def test_split_random_follows_the_documented_hash_with_a_holdout(app):
    people = make_population(400)
    clock = VirtualClock(START)
    split = node(
        "ab",
        "split.random",
        variants=[{"key": "a", "weight": 30}, {"key": "b", "weight": 50}],
        holdout_percent=20,
    )
    _enter_all(_flow("rand", split, ["a", "b", "holdout"]), people, clock)
    run(clock)

    arms = [("a", 30), ("b", 50), ("holdout", 20)]
    branch_of = pd.Series(
        {m: weighted_arm(arm_point(m, "rand/ab"), arms) for m in people.index}, dtype=object
    )
    assert passed("rand") == _expected("ab", branch_of)
    for key, _ in arms:
        assert members_by("rand", "ab", key) == set(branch_of.index[branch_of == key])
    # Roughly the configured shares, so the hash is not degenerate.
    shares = branch_of.value_counts(normalize=True)
    assert abs(shares["a"] - 0.3) < 0.08 and abs(shares["holdout"] - 0.2) < 0.08


def test_split_experiment_samples_then_sends_the_rest_down_the_winner(app, admin_client):
    people = make_population(300)
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    experiment = node(
        "exp",
        "split.experiment",
        sample_percent=30,
        variants=[{"key": "a", "weight": 50}, {"key": "b", "weight": 50}],
        metric="conversion",
        decision_after_hours=24,
        min_sample_per_arm=20,
    )
    doc = document(
        "exp",
        [
            node("start", "entry.api"),
            experiment,
            node("wait_a", "wait.duration", days=3),
            node("wait_b", "wait.duration", days=3),
            node("out_a", "exit"),
            node("out_b", "exit"),
        ],
        [
            ("start", "exp"),
            ("exp", "wait_a", "a"),
            ("exp", "wait_b", "b"),
            ("wait_a", "out_a"),
            ("wait_b", "out_b"),
        ],
        goal={"event_type": "order_paid", "conversion_window_days": 7, "exit_on_goal": False},
    )
    _enter_all(doc, people, clock)
    run(clock)

    in_sample = {m for m in people.index if arm_point(m, "exp/exp", "sample") < 30 * 100}
    arm = {
        m: weighted_arm(arm_point(m, "exp/exp", "variant"), [("a", 50), ("b", 50)])
        for m in in_sample
    }
    sample_a = {m for m in in_sample if arm[m] == "a"}
    sample_b = in_sample - sample_a
    assert members_by("exp", "exp", "a") == sample_a
    assert members_by("exp", "exp", "b") == sample_b
    assert statuses("exp")["waiting"] == len(people)  # the sample at its waits, the rest held

    # Half of variant b's sample buys; nobody in a does: b wins at the decision.
    buyers = sorted(sample_b)[: len(sample_b) // 2]
    external = people.external_id
    records = [
        {
            "external_id": f"buy-{m}",
            "member_external_id": external[m],
            "type": "order_paid",
            "occurred_at": clock.now().isoformat(),
            "properties": {"amount": 88},
        }
        for m in buyers
    ]
    response = admin_client.post("/api/events/bulk", json={"records": records})
    assert response.status_code in (200, 201), response.get_json()

    run(clock, hours=24, seconds=1)
    rest = set(people.index) - in_sample
    assert members_by("exp", "exp", "b") == sample_b | rest
    stored = db.session.scalar(select(JourneyExperiment))
    assert stored.winner == "b"
    variants = stored.stats["arms"]
    assert variants["a"]["members"] == len(sample_a) and variants["a"]["conversions"] == 0
    assert variants["b"]["members"] == len(sample_b)
    assert variants["b"]["conversions"] == len(buyers)
    assert stored.stats["significant"] and stored.stats["reason"].startswith("b beat")

    run(clock, days=4)
    assert passed("exp")[("out_a", None)] == len(sample_a)
    assert passed("exp")[("out_b", None)] == len(sample_b | rest)
    assert statuses("exp") == {"exited": len(people)}
