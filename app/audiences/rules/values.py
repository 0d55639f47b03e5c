"""Value types, the operators each one allows, and checks of a condition's ``op``/``value``.

Every condition that compares something (a profile field, an attribute, a count, a score)
declares one of these value types and shares these checks, so an operator means the same
thing everywhere.
"""

from __future__ import annotations

import math
from datetime import date

from app.audiences.rules.problems import RuleProblem, join

MAX_STRING = 1000
MAX_LIST = 1000

#: Operators allowed for each value type. ``count`` is a number that is never unset.
OPERATORS: dict[str, tuple[str, ...]] = {
    "string": ("eq", "ne", "in", "not_in", "contains", "is_set", "is_not_set"),
    "number": (
        "eq",
        "ne",
        "gt",
        "gte",
        "lt",
        "lte",
        "between",
        "in",
        "not_in",
        "is_set",
        "is_not_set",
    ),
    "count": ("eq", "ne", "gt", "gte", "lt", "lte", "between"),
    "date": ("before", "after", "between", "is_set", "is_not_set"),
    "boolean": ("eq", "is_set", "is_not_set"),
}

NO_VALUE_OPS = frozenset({"is_set", "is_not_set"})
LIST_OPS = frozenset({"in", "not_in"})


def parse_date(value: object) -> date | None:
    """An ISO ``YYYY-MM-DD`` date, or None when ``value`` is not one."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def scalar_problem(vtype: str, value: object) -> str | None:
    """Why ``value`` is not a valid scalar of ``vtype``, or None when it is."""
    if vtype == "string":
        if not isinstance(value, str):
            return "must be a string"
        if len(value) > MAX_STRING:
            return f"must be at most {MAX_STRING} characters long"
        return None
    if vtype in ("number", "count"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if not math.isfinite(value) or abs(value) > 1e15:
            return "must be a finite number below 10^15"
        return None
    if vtype == "date":
        return None if parse_date(value) else "must be a date written YYYY-MM-DD"
    if vtype == "boolean":
        return None if isinstance(value, bool) else "must be true or false"
    return f"has unknown value type {vtype}"


def check_op_value(
    cond: dict, vtype: str, path: str, ops: tuple[str, ...] | None = None
) -> list[RuleProblem]:
    """Check ``cond["op"]`` and ``cond["value"]`` against ``vtype`` (and an op subset)."""
    allowed = ops or OPERATORS[vtype]
    op = cond.get("op")
    if op is None:
        return [RuleProblem(join(path, "op"), f"op is missing; use one of {', '.join(allowed)}")]
    if not isinstance(op, str) or op not in allowed:
        return [
            RuleProblem(
                join(path, "op"),
                f"operator {op!r} does not apply to {vtype} values; use one of {', '.join(allowed)}",
            )
        ]
    vpath = join(path, "value")
    value = cond.get("value")
    if op in NO_VALUE_OPS:
        if value is not None:
            return [RuleProblem(vpath, f"{op} takes no value")]
        return []
    if "value" not in cond or value is None:
        return [RuleProblem(vpath, f"value is missing for operator {op}")]
    if op in LIST_OPS:
        if not isinstance(value, list) or not value or len(value) > MAX_LIST:
            return [RuleProblem(vpath, f"{op} needs a list of 1 to {MAX_LIST} values")]
        return _items(vtype, value, vpath)
    if op == "between":
        if not isinstance(value, list) or len(value) != 2:
            return [RuleProblem(vpath, "between needs a list of two values [low, high]")]
        problems = _items(vtype, value, vpath)
        if not problems and _ordered(vtype, value[1]) < _ordered(vtype, value[0]):
            problems.append(RuleProblem(vpath, "between needs low <= high"))
        return problems
    reason = scalar_problem(vtype, value)
    return [RuleProblem(vpath, f"value {reason}")] if reason else []


def _items(vtype: str, values: list, path: str) -> list[RuleProblem]:
    problems = []
    for i, item in enumerate(values):
        reason = scalar_problem(vtype, item)
        if reason:
            problems.append(RuleProblem(f"{path}[{i}]", f"value {reason}"))
    return problems


def _ordered(vtype: str, value: object):
    return parse_date(value) if vtype == "date" else value
