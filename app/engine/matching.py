"""Does an event match a node's or goal's event condition (type and property conditions)?"""

from __future__ import annotations

from typing import Any

_NUMERIC_OPS = {
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def property_matches(properties: dict, condition: dict) -> bool:
    """One ``{"property", "op", "value"}`` condition against an event's properties."""
    op, expected = condition.get("op"), condition.get("value")
    present = condition.get("property") in (properties or {})
    actual = (properties or {}).get(condition.get("property"))
    if op in ("is_set", "exists"):
        return present and actual is not None
    if op == "is_not_set":
        return not present or actual is None
    if op in _NUMERIC_OPS:
        a, b = _number(actual), _number(expected)
        return a is not None and b is not None and _NUMERIC_OPS[op](a, b)
    if op == "between":
        a = _number(actual)
        lo, hi = (_number(v) for v in expected)
        return a is not None and lo is not None and hi is not None and lo <= a <= hi
    if op == "eq":
        return actual == expected or (
            _number(actual) is not None and _number(actual) == _number(expected)
        )
    if op == "ne":
        return not property_matches(properties, {**condition, "op": "eq"})
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    if op in ("before", "after"):
        # ISO 8601 dates and timestamps order correctly as text.
        if not isinstance(actual, str) or not isinstance(expected, str):
            return False
        return actual < expected if op == "before" else actual > expected
    if op == "contains":
        return isinstance(actual, str) and str(expected).lower() in actual.lower()
    return False


def event_matches(match: dict, event_type: str, name: str | None, properties: dict) -> bool:
    """``match`` is an event condition: ``{"event_type", "custom_name"?, "where": [...]}``."""
    if match.get("event_type") != event_type:
        return False
    if match.get("custom_name") and match["custom_name"] != name:
        return False
    return all(property_matches(properties, c) for c in match.get("where") or [])
