"""validate_rule_tree lists every problem with its path."""

from __future__ import annotations

import pytest

from app.audiences.rules.conditions import get_condition
from app.audiences.rules.validation import validate_rule_tree


def paths(tree):
    return [p.path for p in validate_rule_tree(tree)]


def test_valid_tree_has_no_problems():
    tree = {
        "all": [
            {"kind": "profile", "field": "tier", "op": "in", "value": ["gold", "platinum"]},
            {
                "any": [
                    {"kind": "order_count", "window_days": 90, "op": "gte", "value": 2},
                    {"kind": "tag", "op": "has", "value": "vip"},
                ]
            },
            {"not": {"kind": "cart_abandoned", "window_days": 7}},
        ]
    }
    assert validate_rule_tree(tree) == []


def test_every_problem_is_listed_with_its_path():
    tree = {
        "all": [
            {"kind": "profile", "field": "shoe_size", "op": "eq", "value": 42},
            {
                "any": [
                    {"kind": "profile", "field": "city", "op": "gt", "value": "x"},
                    {"kind": "order_count", "window_days": 0, "op": "gte", "value": 1},
                ]
            },
            {"kind": "bogus"},
        ]
    }
    problems = validate_rule_tree(tree)
    by_path = {p.path: p.message for p in problems}
    assert "unknown field" in by_path["all[0].field"] or "shoe_size" in by_path["all[0].field"]
    assert "does not apply to string" in by_path["all[1].any[0].op"]
    assert "bad window" in by_path["all[1].any[1].window_days"]
    assert "unknown condition kind" in by_path["all[2].kind"]


@pytest.mark.parametrize(
    ("tree", "path"),
    [
        ([], ""),
        ({}, ""),
        ({"all": [], "any": []}, ""),
        ({"any": []}, "any"),
        ({"all": {"kind": "no_first_order"}}, "all"),
        ({"kind": "profile", "field": "tier", "op": "eq", "value": "bronze"}, "value"),
        ({"kind": "profile", "field": "birthday", "op": "before", "value": "31/12/1990"}, "value"),
        ({"kind": "profile", "field": "points_balance", "op": "between", "value": [5, 1]}, "value"),
        ({"kind": "profile", "field": "points_balance", "op": "in", "value": []}, "value"),
        ({"kind": "profile", "field": "city", "op": "is_set", "value": "x"}, "value"),
        ({"kind": "profile", "field": "city", "op": "eq"}, "value"),
        ({"kind": "attribute", "key": "a b", "op": "eq", "value": "x"}, "key"),
        ({"kind": "attribute", "key": "age", "type": "colour", "op": "eq", "value": 1}, "type"),
        ({"kind": "tag", "op": "has"}, "value"),
        ({"kind": "consent", "channel": "fax", "value": True}, "channel"),
        ({"kind": "registered_days_ago", "min": 10, "max": 5}, "max"),
        ({"kind": "registered_days_ago"}, ""),
        ({"kind": "birthday_within", "days": 400}, "days"),
        ({"kind": "event_count", "event_type": "login", "op": "gte", "value": 1}, "window_days"),
        (
            {
                "kind": "event_count",
                "event_type": "login",
                "window_days": 9999,
                "op": "gte",
                "value": 1,
            },
            "window_days",
        ),
        (
            {
                "kind": "event_count",
                "event_type": "login",
                "window_days": 7,
                "op": "gte",
                "value": 1,
                "where": [{"property": "x", "op": "eq"}],
            },
            "where[0].value",
        ),
        ({"kind": "days_since_last_order", "op": "gte", "value": 1.5}, "value"),
        ({"kind": "order_count", "op": "contains", "value": 1}, "op"),
        ({"kind": "bought", "product": "A", "category": "B"}, ""),
        ({"kind": "cart_abandoned"}, "window_days"),
        ({"kind": "rfm", "segment": ["Champs"]}, "segment[0]"),
        ({"kind": "rfm", "score": "r", "op": "gte", "value": 6}, "value"),
        ({"kind": "no_first_order", "extra": 1}, "extra"),
        ({"kind": "profile", "field": "city", "op": "eq", "value": "x" * 1001}, "value"),
    ],
)
def test_bad_trees_name_the_place(tree, path):
    assert path in paths(tree)


def test_deep_and_huge_trees_are_refused():
    deep = {"kind": "no_first_order"}
    for _ in range(20):
        deep = {"not": deep}
    assert any("deeper" in p.message for p in validate_rule_tree(deep))
    huge = {"any": [{"kind": "no_first_order"}] * 400}
    assert any("nodes" in p.message for p in validate_rule_tree(huge))


def test_rfm_segments_include_the_split_and_accept_the_old_name():
    for segment in (["Lost"], ["Never bought"], ["No orders"], ["Hibernating", "No orders"]):
        assert validate_rule_tree({"kind": "rfm", "segment": segment}) == []
    problems = validate_rule_tree({"kind": "rfm", "segment": ["no orders"]})
    assert [p.path for p in problems] == ["segment[0]"]
    assert "Lost, Never bought" in problems[0].message
    # The rule builder offers the current names only.
    rfm = get_condition("rfm").describe()
    assert rfm["segments"][-2:] == ["Lost", "Never bought"]
    assert "No orders" not in rfm["segments"]
