"""Total spend, all time (denormalised ``total_spent``) or in the last N days (0 if none).

Spend is what the member paid net of discount and refunds (``orders.net_amount``).
"""

from __future__ import annotations

from sqlalchemy import Float, cast, func

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.order_metric import OrderMetricCondition
from app.models import Member, Order


class TotalSpendCondition(OrderMetricCondition):
    kind = "total_spend"
    label = "Total spend"

    def all_time(self):
        return cast(Member.total_spent, Float)

    def aggregate(self):
        return func.coalesce(func.sum(cast(Order.net_amount, Float)), 0.0)


register(TotalSpendCondition())
