"""Does an event match a node's or goal's event condition (type and property conditions)?

Property conditions mean here what they mean in an audience's ``event_count`` where rows
(``app/audiences/rules/json_fields.py``): the value type comes from ``type`` or is inferred
from the operator and value; a property of another JSON type never matches (``"5"`` is not
``5``), nor does an unset one, except for ``is_not_set``; ``contains`` is case-sensitive;
``before D`` is before day D, ``after D`` after it, ``between`` takes both days whole.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from app.audiences.rules.comparisons import ORDERING
from app.audiences.rules.json_fields import infer_type
from app.audiences.rules.values import parse_date

_READ = {
    "string": lambda v: v if isinstance(v, str) else None,
    "date": lambda v: v if isinstance(v, str) else None,
    "number": lambda v: v if isinstance(v, int | float) and not isinstance(v, bool) else None,
    "boolean": lambda v: v if isinstance(v, bool) else None,
}
_COMPARE = {
    **ORDERING,
    "in": lambda a, v: a in v,
    "not_in": lambda a, v: a not in v,
    "between": lambda a, v: v[0] <= a <= v[1],
    "contains": lambda a, v: isinstance(v, str) and v in a,
}


def _day_start(value: Any, days: int = 0) -> str | None:
    day = parse_date(value)
    return (day + timedelta(days=days)).isoformat() if day else None


def _date_matches(actual: str, op: str, value: Any) -> bool:
    if op == "before":
        bound = _day_start(value)
        return bound is not None and actual < bound
    if op == "after":
        bound = _day_start(value, 1)
        return bound is not None and actual >= bound
    if op == "between" and isinstance(value, list) and len(value) == 2:
        low, high = _day_start(value[0]), _day_start(value[1], 1)
        return low is not None and high is not None and low <= actual < high
    return _plain(actual, op, value)


def _plain(actual: Any, op: str, value: Any) -> bool:
    compare = _COMPARE.get(op)
    try:
        return bool(compare and compare(actual, value))
    except (TypeError, IndexError):
        return False


def property_matches(properties: dict, condition: dict) -> bool:
    """One ``{"property", "op", "value", "type"?}`` condition against an event's properties."""
    props = properties if isinstance(properties, dict) else {}
    op = condition.get("op")
    held = props.get(condition.get("property"))
    if op in ("is_set", "exists"):
        return held is not None
    if op == "is_not_set":
        return held is None
    vtype = infer_type(condition)
    actual = _READ[vtype](held)
    if actual is None:
        return False
    if vtype == "date":
        return _date_matches(actual, op, condition.get("value"))
    return _plain(actual, op, condition.get("value"))


def event_matches(match: dict, event_type: str, name: str | None, properties: dict) -> bool:
    """``match`` is an event condition: ``{"event_type", "custom_name"?, "where": [...]}``."""
    if match.get("event_type") != event_type:
        return False
    if match.get("custom_name") and match["custom_name"] != name:
        return False
    return all(property_matches(properties, c) for c in match.get("where") or [])
