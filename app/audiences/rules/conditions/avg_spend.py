"""Average order value, all time or in the last N days (members without orders never match)."""

from __future__ import annotations

from sqlalchemy import Float, cast, func

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.order_metric import OrderMetricCondition
from app.models import Member, Order


class AvgSpendCondition(OrderMetricCondition):
    kind = "avg_spend"
    label = "Average order value"
    empty_value = None

    def all_time(self):
        return cast(Member.total_spent, Float) / func.nullif(Member.orders_count, 0)

    def aggregate(self):
        return func.avg(cast(Order.amount, Float))


register(AvgSpendCondition())
