"""The vectorised checks of one chunk, without a database: what they accept and refuse."""

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from app.ingestion.imports.checks import Chunk, RepeatedIds, has_timezone
from app.models.base import utcnow


def chunk(first_row: int = 0, **columns) -> Chunk:
    """A chunk whose rows start at file row ``first_row + 2`` (the header is row 1)."""
    size = len(next(iter(columns.values())))
    index = pd.RangeIndex(first_row, first_row + size)
    return Chunk(pd.DataFrame({k: np.array(v, dtype=object) for k, v in columns.items()}, index))


def refused(c: Chunk) -> list[tuple[int, str]]:
    return [(e["row"], e["column"]) for e in c.errors]


def test_text_strips_turns_empty_into_none_and_refuses_long_or_missing():
    c = chunk(external_id=[" M1 ", "", "x" * 65, "M4"])
    values = c.text("external_id", 64, required=True)
    assert values.tolist()[:1] == ["M1"] and values[1] is None
    assert refused(c) == [(3, "external_id"), (4, "external_id")]
    assert c.bad.tolist() == [False, True, True, False]


def test_text_pattern_quotes_the_bad_value():
    c = chunk(email=["a@b.cn", "not-an-email", "", "a b@c.de"])
    c.text("email", 254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    assert refused(c) == [(3, "email"), (5, "email")]
    assert c.errors[0]["message"] == "'not-an-email' is not valid"


def test_choice_fills_the_default_and_lists_the_allowed_values():
    c = chunk(tier=["gold", " silver ", "", "gold2"])
    values = c.choice("tier", ("basic", "silver", "gold"), "basic")
    assert values.tolist()[:3] == ["gold", "silver", "basic"]
    assert refused(c) == [(5, "tier")]
    assert c.errors[0]["message"] == "'gold2' is not one of basic, silver, gold"


def test_timezone_defaults_to_shanghai():
    c = chunk(timezone=["", "Europe/Paris", "Mars/Base"])
    assert c.timezone("timezone").tolist()[:2] == ["Asia/Shanghai", "Europe/Paris"]
    assert refused(c) == [(4, "timezone")]


def test_boolean_words_in_any_case():
    c = chunk(consent=["TRUE", "no", "", "1", "Yes", "maybe"])
    assert c.boolean("consent").tolist() == [True, False, False, True, True, False]
    assert refused(c) == [(7, "consent")]


@pytest.mark.parametrize(
    ("cell", "value", "ok"),
    [
        ("12", 12, True),
        ("+7", 7, True),
        (" 0 ", 0, True),
        ("", 0, True),
        ("-1", 0, False),
        ("1.0", 0, False),
        ("1e3", 0, False),
        ("many", 0, False),
        ("2000000001", 0, False),
        ("١٢", 0, False),
    ],
)
def test_integer(cell, value, ok):
    c = chunk(points=[cell])
    assert c.integer("points", 0, 2_000_000_000).tolist() == [value]
    assert c.errors == [] if ok else refused(c) == [(2, "points")]


@pytest.mark.parametrize(
    ("cell", "value", "problem"),
    [
        ("12.50", "12.50", None),
        ("3", "3", None),
        ("0", "0", "must be more than 0"),
        ("1.005", "0", "is not an amount"),
        ("-1", "0", "is not an amount"),
        ("ten", "0", "is not an amount"),
        ("", "0", "is required"),
    ],
)
def test_money(cell, value, problem):
    c = chunk(amount=[cell])
    assert c.money("amount", positive=True, required=True).tolist() == [value]
    messages = [e["message"] for e in c.errors]
    assert any(problem in m for m in messages) if problem else messages == []


@pytest.mark.parametrize(
    ("cell", "aware"),
    [
        ("2024-05-01T09:30:00+08:00", True),
        ("2024-05-01T09:30:00+0800", True),
        ("2024-05-01T09:30:00+08", True),
        ("2024-05-01T09:30:00Z", True),
        ("2024-05-01T09:30:00z", True),
        ("2024-05-01T09:30:00.123456-05:00", True),
        ("2024-05-01T09:30:00", False),
        ("2024-05-01 09:30", False),
        ("Z", True),
        ("", False),
    ],
)
def test_has_timezone_matches_the_suffix_rule(cell, aware):
    assert has_timezone(np.array([cell], dtype=object)).tolist() == [aware]


def test_timestamp_converts_to_utc_and_names_each_problem():
    future = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    cells = [
        "2024-05-01T09:30:00+08:00",
        "2024-05-01T01:30:00.5Z",
        "2024-05-01T09:30:00",
        "2024-99-01T00:00:00Z",
        future,
        "1899-12-31T23:00:00Z",
        "",
    ]
    c = chunk(paid_at=cells)
    stamps = c.timestamp("paid_at")
    assert stamps.dtype == np.dtype("datetime64[us]")
    assert str(stamps[0]) == "2024-05-01T01:30:00.000000"
    assert str(stamps[1]) == "2024-05-01T01:30:00.500000"
    messages = {e["row"]: e["message"] for e in c.errors}
    assert "has no timezone" in messages[4]
    assert "is not an ISO 8601 timestamp" in messages[5]
    assert "is in the future" in messages[6]
    assert "is before 1900" in messages[7]
    assert messages[8] == "is required"
    assert np.isnat(stamps[6])


def test_date_refuses_impossible_future_and_ancient_dates():
    c = chunk(birthday=["1990-05-17", "1990-02-30", "2999-01-01", "1850-01-01", "", "17/05/1990"])
    days = c.date("birthday")
    assert str(days[0]) == "1990-05-17" and np.isnat(days[4])
    assert refused(c) == [(3, "birthday"), (4, "birthday"), (5, "birthday"), (7, "birthday")]


def test_json_object():
    c = chunk(attributes=['{"a": 1}', "", "[1]", "{oops"])
    assert c.json_object("attributes").tolist()[:2] == ['{"a": 1}', "{}"]
    assert refused(c) == [(4, "attributes"), (5, "attributes")]


def test_repeated_ids_are_found_within_and_across_chunks():
    repeats = RepeatedIds()
    first = chunk(external_id=["A", "B", "A"])
    repeats.check(first, first.text("external_id", 64))
    second = chunk(3, external_id=["C", "B", None, None])
    repeats.check(second, np.array(["C", "B", None, None], dtype=object))
    assert refused(first) == [(4, "external_id")]
    assert refused(second) == [(6, "external_id")]
    assert second.errors[0]["message"] == "'B' appears on an earlier row"
