"""Conditions on a free-form member attribute (``members.attributes`` JSON)."""

from __future__ import annotations

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind
from app.audiences.rules.json_fields import (
    JSON_TYPES,
    compile_json_comparison,
    validate_json_comparison,
)
from app.audiences.rules.values import OPERATORS
from app.models import Member


class AttributeCondition(ConditionKind):
    kind = "attribute"
    label = "Custom attribute"
    keys = frozenset({"key", "type", "op", "value"})

    def describe(self) -> dict:
        return {
            "fields": [{"field": "key", "type": "string"}],
            "types": {t: list(OPERATORS[t]) for t in JSON_TYPES},
        }

    def validate(self, cond, path):
        return validate_json_comparison(cond, path, "key")

    def compile(self, cond, ctx):
        return compile_json_comparison(Member.attributes, cond, "key")


register(AttributeCondition())
