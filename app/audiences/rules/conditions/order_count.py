"""Number of purchases (orders that count: paid, not fully refunded; free ones too), all time
(denormalised ``orders_count``) or in the last N days."""

from __future__ import annotations

from sqlalchemy import func

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.order_metric import OrderMetricCondition
from app.models import Member


class OrderCountCondition(OrderMetricCondition):
    kind = "order_count"
    label = "Number of orders"
    whole = True

    def all_time(self):
        return Member.orders_count

    def aggregate(self):
        # count(*) rather than count(orders.id): the id is not in the covering index on
        # PostgreSQL, and counting it would fetch every order row from the table.
        return func.count()


register(OrderCountCondition())
