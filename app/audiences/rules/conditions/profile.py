"""Conditions on a member's profile fields: tier, gender, city, points, timezone, dates."""

from __future__ import annotations

from app.audiences.rules.comparisons import compare
from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind, check_choice
from app.audiences.rules.problems import RuleProblem, join
from app.audiences.rules.values import LIST_OPS, OPERATORS, check_op_value
from app.models import Member
from app.models.members import GENDERS, TIERS

#: field -> (value type, column, allowed values or None, how dates are stored)
FIELDS = {
    "tier": ("string", Member.tier, TIERS, None),
    "gender": ("string", Member.gender, GENDERS, None),
    "city": ("string", Member.city, None, None),
    "timezone": ("string", Member.timezone, None, None),
    "points_balance": ("number", Member.points_balance, None, None),
    "registered_at": ("date", Member.registered_at, None, "datetime"),
    "birthday": ("date", Member.birthday, None, "date"),
}


class ProfileCondition(ConditionKind):
    kind = "profile"
    label = "Profile field"
    keys = frozenset({"field", "op", "value"})

    def describe(self) -> dict:
        return {
            "fields": [
                {
                    "field": name,
                    "type": vtype,
                    "operators": list(OPERATORS[vtype]),
                    "choices": list(choices or ()),
                }
                for name, (vtype, _, choices, _) in FIELDS.items()
            ]
        }

    def validate(self, cond: dict, path: str) -> list[RuleProblem]:
        problems = check_choice(cond, "field", tuple(FIELDS), path)
        if problems:
            return problems
        vtype, _, choices, _ = FIELDS[cond["field"]]
        problems = check_op_value(cond, vtype, path)
        if problems or not choices or cond["op"] in ("is_set", "is_not_set", "contains"):
            return problems
        values = cond["value"] if cond["op"] in LIST_OPS else [cond["value"]]
        for value in values:
            if value not in choices:
                problems.append(
                    RuleProblem(
                        join(path, "value"),
                        f"unknown {cond['field']} {value!r}; use one of {', '.join(choices)}",
                    )
                )
        return problems

    def compile(self, cond, ctx):
        _, column, _, temporal = FIELDS[cond["field"]]
        return compare(column, cond["op"], cond.get("value"), temporal=temporal)


register(ProfileCondition())
