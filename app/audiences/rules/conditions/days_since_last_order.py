"""Whole days since the member's last purchase (members who never bought never match);
cancelled, unpaid and fully refunded orders are not purchases."""

from __future__ import annotations

from app.audiences.rules.comparisons import days_ago
from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind, check_whole
from app.audiences.rules.values import OPERATORS, check_op_value
from app.models import Member


class DaysSinceLastOrderCondition(ConditionKind):
    kind = "days_since_last_order"
    label = "Days since last order"
    keys = frozenset({"op", "value"})

    def describe(self) -> dict:
        return {
            "operators": list(OPERATORS["count"]),
            "fields": [{"field": "value", "type": "days"}],
        }

    def validate(self, cond, path):
        return check_op_value(cond, "count", path) or check_whole(cond, path)

    def compile(self, cond, ctx):
        return days_ago(Member.last_order_at, ctx.now, cond["op"], cond["value"])


register(DaysSinceLastOrderCondition())
