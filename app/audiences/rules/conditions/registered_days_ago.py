"""Registered between ``min`` and ``max`` whole days ago (either bound may be left out)."""

from __future__ import annotations

from app.audiences.rules.comparisons import days_ago
from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import MAX_WINDOW_DAYS, ConditionKind
from app.audiences.rules.problems import RuleProblem, join
from app.models import Member


class RegisteredDaysAgoCondition(ConditionKind):
    kind = "registered_days_ago"
    label = "Registered N days ago"
    keys = frozenset({"min", "max"})

    def describe(self) -> dict:
        return {"fields": [{"field": "min", "type": "days"}, {"field": "max", "type": "days"}]}

    def validate(self, cond, path):
        problems = []
        for key in ("min", "max"):
            v = cond.get(key)
            if v is not None and (
                isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 100 * MAX_WINDOW_DAYS
            ):
                problems.append(
                    RuleProblem(join(path, key), f"{key} must be a whole number of days, 0 or more")
                )
        if problems:
            return problems
        if cond.get("min") is None and cond.get("max") is None:
            return [RuleProblem(path, "give min, max or both (days since registration)")]
        if (
            cond.get("min") is not None
            and cond.get("max") is not None
            and cond["min"] > cond["max"]
        ):
            return [RuleProblem(join(path, "max"), "max must be at least min")]
        return []

    def compile(self, cond, ctx):
        low, high = cond.get("min"), cond.get("max")
        if low is not None and high is not None:
            return days_ago(Member.registered_at, ctx.now, "between", [low, high])
        if low is not None:
            return days_ago(Member.registered_at, ctx.now, "gte", low)
        return days_ago(Member.registered_at, ctx.now, "lte", high)


register(RegisteredDaysAgoCondition())
