"""An ingested event matches a node's property conditions exactly when an audience's
``event_count`` where rows would count it: the engine's check and the SQL agree."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from app.audiences.rules.compiler import matching_member_ids
from app.engine.matching import event_matches, property_matches
from app.extensions import db
from app.models import Event
from tests.engine.factories import START, make_members

PROPERTIES = [
    {},
    {"amount": 200},
    {"amount": 199.5},
    {"amount": "200"},
    {"amount": None},
    {"amount": True},
    {"sku": "COFFEE-1kg"},
    {"sku": "coffee-1kg"},
    {"sku": 5},
    {"sku": "it's 100%_"},
    {"vip": True},
    {"vip": False},
    {"vip": "true"},
    {"day": "2026-03-01"},
    {"day": "2026-03-01T23:59:00+00:00"},
    {"day": "2026-02-28"},
    {"day": 20260301},
    {"amount": 50, "sku": "TEA", "vip": False, "day": "2026-04-01"},
]
CONDITIONS = [
    {"property": "amount", "op": "gte", "value": 200},
    {"property": "amount", "op": "gt", "value": 199},
    {"property": "amount", "op": "eq", "value": 200},
    {"property": "amount", "op": "eq", "value": "200"},
    {"property": "amount", "op": "ne", "value": 200},
    {"property": "amount", "op": "between", "value": [100, 199.5]},
    {"property": "amount", "op": "in", "value": [50, 200]},
    {"property": "amount", "op": "not_in", "value": [200]},
    {"property": "amount", "op": "is_set"},
    {"property": "amount", "op": "is_not_set"},
    {"property": "amount", "op": "eq", "value": 200, "type": "number"},
    {"property": "sku", "op": "contains", "value": "COFFEE"},
    {"property": "sku", "op": "contains", "value": "%_"},
    {"property": "sku", "op": "eq", "value": "coffee-1kg"},
    {"property": "sku", "op": "ne", "value": "TEA"},
    {"property": "sku", "op": "in", "value": ["TEA", "COFFEE-1kg"]},
    {"property": "sku", "op": "not_in", "value": ["TEA"]},
    {"property": "vip", "op": "eq", "value": True},
    {"property": "vip", "op": "eq", "value": False},
    {"property": "day", "op": "before", "value": "2026-03-01"},
    {"property": "day", "op": "after", "value": "2026-02-28"},
    {"property": "day", "op": "between", "value": ["2026-03-01", "2026-03-01"]},
    {"property": "day", "op": "is_set"},
]


@pytest.fixture
def one_event_each(app):
    """A member per properties dict, each with one ``custom`` event carrying it."""
    members = make_members(len(PROPERTIES))
    db.session.execute(
        insert(Event),
        [
            {
                "member_id": member_id,
                "type": "custom",
                "name": "probe",
                "occurred_at": START,
                "properties": props,
            }
            for member_id, props in zip(members, PROPERTIES, strict=True)
        ],
    )
    db.session.commit()
    return members


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: f"{c['property']}-{c['op']}")
def test_the_engine_matches_the_events_the_audience_sql_counts(one_event_each, condition):
    rule = {
        "kind": "event_count",
        "event_type": "custom",
        "window_days": 30,
        "where": [condition],
        "op": "gte",
        "value": 1,
    }
    counted = matching_member_ids(db.session, rule, START)
    matched = {
        member_id
        for member_id, props in zip(one_event_each, PROPERTIES, strict=True)
        if property_matches(props, condition)
    }
    assert matched == counted


def test_exists_is_another_spelling_of_is_set():
    assert property_matches({"a": 1}, {"property": "a", "op": "exists"})
    assert not property_matches({"a": None}, {"property": "a", "op": "exists"})


def test_event_type_and_custom_name_must_match():
    match = {"event_type": "custom", "custom_name": "probe", "where": []}
    assert event_matches(match, "custom", "probe", {})
    assert not event_matches(match, "custom", "other", {})
    assert not event_matches(match, "order_paid", "probe", {})
