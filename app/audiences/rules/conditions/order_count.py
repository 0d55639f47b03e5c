"""Number of orders, all time (denormalised ``orders_count``) or in the last N days."""

from __future__ import annotations

from sqlalchemy import func, select

from app.audiences.rules.comparisons import compare
from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind, check_window
from app.audiences.rules.values import OPERATORS, check_op_value
from app.audiences.rules.windows import member_orders
from app.models import Member, Order


class OrderCountCondition(ConditionKind):
    kind = "order_count"
    label = "Number of orders"
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
            subject = Member.orders_count
        else:
            subject = (
                select(func.count(Order.id))
                .where(*member_orders(ctx.now, cond["window_days"]))
                .scalar_subquery()
            )
        return compare(subject, cond["op"], cond["value"])


register(OrderCountCondition())
