from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from app.coupons.terms import TemplateDefinition, describe, discount_for, validity_window

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "terms", "amount", "expected"),
    [
        ("amount_off", {"threshold": 200, "amount": 50}, "260", "50.00"),
        ("amount_off", {"amount": 50}, "30", "30.00"),
        ("percent_off", {"percent": 20, "cap": 30}, "100", "20.00"),
        ("percent_off", {"percent": 20, "cap": 30}, "500", "30.00"),
        ("percent_off", {"percent": 15}, "99.99", "15.00"),
        ("free_shipping", {"threshold": 99}, "120", "12.00"),
    ],
)
def test_discount_by_kind(kind, terms, amount, expected):
    assert discount_for(kind, terms, Decimal(amount), Decimal("12")) == Decimal(expected)


def test_validity_after_grant_and_fixed_window():
    assert validity_window({"days_after_grant": 7}, T0) == (T0, T0 + timedelta(days=7))
    window = {"starts_at": "2026-02-01T00:00:00+08:00", "ends_at": "2026-02-15T00:00:00+08:00"}
    start, end = validity_window(window, T0)
    assert start.isoformat() == "2026-02-01T00:00:00+08:00" and end > start


@pytest.mark.parametrize(
    ("patch", "needle"),
    [
        ({"kind": "percent_off", "terms": {"percent": 150}}, "percent"),
        ({"terms": {"threshold": 200}}, "amount"),
        ({"validity": {}}, "either days_after_grant"),
        (
            {"validity": {"starts_at": "2026-02-01T00:00:00Z", "ends_at": "2026-01-01T00:00:00Z"}},
            "after",
        ),
        ({"channels": ["wechat"]}, "channels"),
        ({"key": "Bad Key"}, "key"),
    ],
)
def test_definition_refuses_bad_templates(patch, needle):
    body = {
        "key": "spend200",
        "name": "x",
        "kind": "amount_off",
        "terms": {"threshold": 200, "amount": 50},
        "validity": {"days_after_grant": 30},
        **patch,
    }
    with pytest.raises(ValidationError) as info:
        TemplateDefinition.model_validate(body)
    assert needle in str(info.value)


def test_describe_reads_like_an_offer():
    assert describe("amount_off", {"threshold": "200", "amount": "50"}) == "spend 200, 50 off"
    assert describe("percent_off", {"percent": 20, "cap": 30}) == "20% off (up to 30)"
