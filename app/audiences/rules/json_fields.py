"""Comparisons on one key of a JSON document (member attributes, event properties).

The value type is given by ``"type"`` (string, number, boolean, date) or inferred from the
operator and value: before/after/between on strings mean dates, numbers mean numbers,
true/false mean booleans, anything else strings. ``is_set``/``is_not_set`` ask whether the
key holds any non-null value.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, not_

from app.audiences.rules.comparisons import compare
from app.audiences.rules.portable import JsonBool, JsonNumber, JsonPresent, JsonText
from app.audiences.rules.problems import RuleProblem, join
from app.audiences.rules.values import OPERATORS, check_op_value

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
JSON_TYPES = ("string", "number", "boolean", "date")
_READERS = {"string": JsonText, "number": JsonNumber, "boolean": JsonBool, "date": JsonText}


def infer_type(cond: dict) -> str:
    """The value type a JSON comparison uses (explicit ``type`` first)."""
    if cond.get("type") in JSON_TYPES:
        return cond["type"]
    op, value = cond.get("op"), cond.get("value")
    sample = value[0] if isinstance(value, list) and value else value
    if op in ("before", "after") or (op == "between" and isinstance(sample, str)):
        return "date"
    if isinstance(sample, bool):
        return "boolean"
    if isinstance(sample, int | float):
        return "number"
    return "string"


def validate_json_comparison(cond: dict, path: str, key_field: str) -> list[RuleProblem]:
    """Check the key, the optional type and the op/value of a JSON comparison."""
    problems = []
    key = cond.get(key_field)
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problems.append(
            RuleProblem(
                join(path, key_field), f"{key_field} must be 1-64 letters, digits, '_', '.' or '-'"
            )
        )
    if "type" in cond and cond["type"] not in JSON_TYPES:
        problems.append(
            RuleProblem(
                join(path, "type"),
                f"unknown type {cond['type']!r}; use one of {', '.join(JSON_TYPES)}",
            )
        )
        return problems
    vtype = infer_type(cond)
    ops = OPERATORS[vtype] + tuple(o for o in ("is_set", "is_not_set") if o not in OPERATORS[vtype])
    return problems + check_op_value(cond, vtype, path, ops)


def compile_json_comparison(
    document: ColumnElement, cond: dict, key_field: str
) -> ColumnElement[bool]:
    """The SQL comparison for a valid JSON comparison ``cond`` on ``document``."""
    key, op = cond[key_field], cond["op"]
    if op == "is_set":
        return JsonPresent(document, key)
    if op == "is_not_set":
        return not_(JsonPresent(document, key))
    vtype = infer_type(cond)
    reader = _READERS[vtype](document, key)
    return compare(reader, op, cond.get("value"), temporal="text" if vtype == "date" else None)
