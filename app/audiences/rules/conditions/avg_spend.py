"""Average order value, all time or in the last N days (members without orders never match).

Spend over purchases, each at its net paid amount (``orders.net_amount``); a free order
counts as a purchase of 0.
"""

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
        return func.avg(cast(Order.net_amount, Float))


register(AvgSpendCondition())
