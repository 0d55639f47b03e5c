"""Shared shape of the order-metric conditions: a number about a member's orders, all time
(from the member's denormalised facts) or within the last N days (from the orders table)."""

from __future__ import annotations

from sqlalchemy import select

from app.audiences.rules.comparisons import compare
from app.audiences.rules.conditions.base import ConditionKind, check_window
from app.audiences.rules.values import OPERATORS, check_op_value
from app.audiences.rules.windows import member_orders


class OrderMetricCondition(ConditionKind):
    """Subclasses define ``all_time()`` (an expression over ``Member``) and ``aggregate()``
    (an aggregate over the member's orders in the window)."""

    keys = frozenset({"window_days", "op", "value"})

    def describe(self) -> dict:
        return {
            "operators": list(OPERATORS["count"]),
            "fields": [
                {"field": "window_days", "type": "days", "nullable": True},
                {"field": "value", "type": "number"},
            ],
        }

    def validate(self, cond, path):
        return check_window(cond, path, required=False) + check_op_value(cond, "count", path)

    def compile(self, cond, ctx):
        if cond.get("window_days") is None:
            subject = self.all_time()
        else:
            subject = (
                select(self.aggregate())
                .where(*member_orders(ctx.now, cond["window_days"]))
                .scalar_subquery()
            )
        return compare(subject, cond["op"], cond["value"])
