"""The compiled SQL gives the same member set as an independent pandas computation.

The suite runs on SQLite and, with ``TEST_DATABASE_URL``, on PostgreSQL; both must agree
with the same pandas answer, so they agree with each other.
"""

from __future__ import annotations

import pytest

from app.audiences.rules.compiler import matching_member_ids
from app.audiences.rules.conditions import all_conditions
from app.extensions import db
from app.predict.refresh import refresh_predictions
from tests.audiences.factories import NOW, insert_population, population
from tests.audiences.rules.reference import Frames, expected_ids
from tests.predict.stored import stored_predictions

TREES = [
    {"kind": "profile", "field": "tier", "op": "eq", "value": "gold"},
    {"kind": "profile", "field": "tier", "op": "in", "value": ["platinum", "diamond"]},
    {"kind": "profile", "field": "city", "op": "ne", "value": "Shanghai"},
    {"kind": "profile", "field": "city", "op": "contains", "value": "%_"},
    {"kind": "profile", "field": "city", "op": "contains", "value": "浦东"},
    {"kind": "profile", "field": "city", "op": "is_not_set"},
    {"kind": "profile", "field": "gender", "op": "not_in", "value": ["unknown", "other"]},
    {"kind": "profile", "field": "points_balance", "op": "between", "value": [1000, 2500]},
    {"kind": "profile", "field": "timezone", "op": "eq", "value": "Europe/Berlin"},
    {"kind": "profile", "field": "registered_at", "op": "after", "value": "2024-12-31"},
    {
        "kind": "profile",
        "field": "birthday",
        "op": "between",
        "value": ["1980-01-01", "1989-12-31"],
    },
    {"kind": "profile", "field": "birthday", "op": "before", "value": "1970-06-01"},
    {"kind": "attribute", "key": "age", "op": "gte", "value": 40},
    {"kind": "attribute", "key": "vip", "op": "eq", "value": True},
    {"kind": "attribute", "key": "source", "op": "in", "value": ["app", "it's 100%"]},
    {"kind": "attribute", "key": "last_visit", "op": "after", "value": "2025-03-01"},
    {"kind": "attribute", "key": "score", "op": "eq", "value": 5},
    {"kind": "attribute", "key": "score", "op": "eq", "value": "5"},
    {"kind": "attribute", "key": "score", "op": "is_set"},
    {"not": {"kind": "attribute", "key": "age", "op": "lt", "value": 30}},
    {"kind": "tag", "op": "has", "value": "test's tag"},
    {
        "all": [
            {"kind": "tag", "op": "has_not", "value": "vip"},
            {"kind": "tag", "op": "has", "value": "50%_off"},
        ]
    },
    {"kind": "consent", "channel": "sms", "value": True},
    {
        "any": [
            {"kind": "consent", "channel": "email", "value": False},
            {"kind": "consent", "channel": "push", "value": True},
        ]
    },
    {"kind": "registered_days_ago", "min": 30, "max": 90},
    {"kind": "registered_days_ago", "max": 7},
    {"kind": "birthday_within", "days": 7},
    {"kind": "birthday_within", "days": 300},
    {"kind": "event_count", "event_type": "login", "window_days": 30, "op": "gte", "value": 1},
    {
        "kind": "event_count",
        "event_type": "page_view",
        "window_days": 60,
        "where": [
            {"property": "amount", "op": "gte", "value": 200},
            {"property": "page", "op": "contains", "value": "%"},
        ],
        "op": "gte",
        "value": 1,
    },
    {
        "kind": "event_count",
        "event_type": "custom",
        "name": "quiz",
        "window_days": 90,
        "op": "eq",
        "value": 0,
    },
    {"kind": "days_since_last_order", "op": "gte", "value": 90},
    {"kind": "days_since_last_order", "op": "between", "value": [10, 40]},
    {"not": {"kind": "days_since_last_order", "op": "lt", "value": 180}},
    {"kind": "order_count", "window_days": None, "op": "gte", "value": 5},
    {"kind": "order_count", "window_days": 180, "op": "between", "value": [1, 2]},
    {"kind": "total_spend", "window_days": None, "op": "gt", "value": 1000},
    {"kind": "total_spend", "window_days": 365, "op": "lt", "value": 300},
    {"kind": "avg_spend", "window_days": None, "op": "gte", "value": 250},
    {"kind": "avg_spend", "window_days": 90, "op": "lte", "value": 150},
    {"kind": "total_spend", "window_days": 90, "op": "gt", "value": 100},
    {"kind": "order_count", "window_days": 60, "op": "eq", "value": 0},
    {"not": {"kind": "order_count", "window_days": 30, "op": "gte", "value": 1}},
    {"not": {"kind": "avg_spend", "window_days": 120, "op": "between", "value": [100, 300]}},
    {"kind": "days_since_last_order", "op": "gt", "value": 300},
    {"kind": "registered_days_ago", "min": 400},
    {"kind": "no_first_order"},
    {"all": [{"kind": "no_first_order"}, {"kind": "registered_days_ago", "min": 30}]},
    {"kind": "bought", "product": "SKU-3", "window_days": None},
    {"kind": "bought", "category": "coffee", "window_days": 90},
    {"kind": "cart_abandoned", "window_days": 30},
    {"kind": "rfm", "segment": ["Champions", "Loyal"]},
    {"kind": "rfm", "segment": ["Lost"]},
    {"kind": "rfm", "segment": ["Never bought", "Hibernating"]},
    {"kind": "rfm", "segment": ["No orders"]},
    {"kind": "rfm", "score": "r", "op": "gte", "value": 4},
    {"kind": "churn_risk", "risk": "high"},
    {"kind": "churn_risk", "risk": ["low", "medium"]},
    {"not": {"kind": "churn_risk", "risk": "low"}},
    {"kind": "predicted_value", "op": "gte", "value": 100},
    {"kind": "predicted_value", "op": "between", "value": [300, 380]},
    {"kind": "probability_alive", "op": "between", "value": [0.5, 1]},
    {"kind": "probability_alive", "op": "gte", "value": 0.9},
    {"kind": "next_purchase_within", "days": 200},
    {"kind": "runs_out_within", "days": 60},
    {"kind": "runs_out_within", "days": 120, "category": "coffee"},
    {"kind": "runs_out_within", "days": 180, "product": "SKU-3"},
    {
        "all": [
            {"kind": "profile", "field": "tier", "op": "in", "value": ["gold", "platinum"]},
            {
                "any": [
                    {"kind": "order_count", "window_days": 365, "op": "gte", "value": 3},
                    {"kind": "tag", "op": "has", "value": "vip"},
                ]
            },
            {"not": {"kind": "cart_abandoned", "window_days": 14}},
        ]
    },
    {
        "not": {
            "any": [
                {"kind": "profile", "field": "city", "op": "eq", "value": "Beijing"},
                {"kind": "attribute", "key": "vip", "op": "eq", "value": False},
            ]
        }
    },
    {"all": []},
]


@pytest.fixture
def world(app):
    pop = population()
    insert_population(db.session, pop)
    refresh_predictions(db.session, NOW)
    return Frames(pop, NOW, **stored_predictions(db.session))


def test_trees_cover_every_condition_kind():
    used = set()

    def walk(node):
        for key in ("all", "any"):
            for child in node.get(key, []):
                walk(child)
        if "not" in node:
            walk(node["not"])
        if "kind" in node:
            used.add(node["kind"])

    for tree in TREES:
        walk(tree)
    assert used == {c.kind for c in all_conditions()}
    assert len(TREES) >= 30


def test_sql_matches_pandas_for_every_tree(world):
    mismatches = []
    for i, tree in enumerate(TREES):
        got = matching_member_ids(db.session, tree, NOW)
        want = expected_ids(tree, world)
        if got != want:
            mismatches.append((i, tree, sorted(got - want)[:5], sorted(want - got)[:5]))
    assert not mismatches
    sizes = [len(expected_ids(t, world)) for t in TREES[:-1]]
    # The trees are informative: none matches everyone, and almost all match someone.
    assert all(s < 300 for s in sizes)
    assert sum(1 for s in sizes if s > 0) >= len(sizes) - 2


def test_batch_restriction_gives_the_intersection(world):
    batch = list(range(1, 300, 3))
    for tree in TREES:
        assert matching_member_ids(db.session, tree, NOW, member_ids=batch) == expected_ids(
            tree, world
        ) & set(batch)
