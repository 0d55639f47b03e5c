import pytest
from pydantic import TypeAdapter, ValidationError

from app.journeys.rules import RuleNode

RULES = TypeAdapter(RuleNode)

VALID = [
    {"kind": "profile", "field": "tier", "op": "in", "value": ["gold", "diamond"]},
    {"kind": "profile", "field": "points_balance", "op": "between", "value": [100, 500]},
    {"kind": "profile", "field": "birthday", "op": "is_set"},
    {"all": [{"kind": "no_first_order"}, {"kind": "registered_days_ago", "min": 1, "max": 1}]},
    {"any": [{"kind": "tag", "op": "has", "value": "vip"}, {"not": {"kind": "consent", "channel": "sms", "value": False}}]},
    {"kind": "event_count", "event_type": "login", "window_days": 30, "where": [{"property": "amount", "op": "gte", "value": 200}], "op": "gte", "value": 1},
    {"kind": "order_count", "window_days": None, "op": "gte", "value": 3},
    {"kind": "bought", "category": "infant-formula", "window_days": 90},
    {"kind": "cart_abandoned", "window_days": 7},
    {"kind": "rfm", "segment": ["Champions", "Loyal"]},
    {"kind": "rfm", "score": "r", "op": "gte", "value": 4},
    {"kind": "birthday_within", "days": 7},
    {"kind": "attribute", "key": "formula_days_left", "op": "lte", "value": 5},
]  # fmt: skip

INVALID = [
    {"kind": "profile", "field": "tier", "op": "gt", "value": "gold"},
    {"kind": "profile", "field": "shoe_size", "op": "eq", "value": 42},
    {"kind": "profile", "field": "points_balance", "op": "between", "value": [1]},
    {"kind": "profile", "field": "city", "op": "in", "value": []},
    {"all": []},
    {"not": [{"kind": "no_first_order"}]},
    {"kind": "teleported"},
    {"kind": "registered_days_ago"},
    {"kind": "registered_days_ago", "min": 5, "max": 1},
    {"kind": "bought", "product": "a", "category": "b"},
    {"kind": "rfm", "segment": ["x"], "score": "r", "op": "gte", "value": 4},
    {"kind": "consent", "channel": "fax", "value": True},
    {"kind": "no_first_order", "extra": 1},
    "gold members",
]  # fmt: skip


@pytest.mark.parametrize("rule", VALID)
def test_the_grammar_accepts(rule):
    RULES.validate_python(rule)


@pytest.mark.parametrize("rule", INVALID)
def test_the_grammar_refuses(rule):
    with pytest.raises(ValidationError):
        RULES.validate_python(rule)
