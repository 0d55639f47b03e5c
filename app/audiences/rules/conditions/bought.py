"""Bought a product (by SKU) or something in a category (by key), all time or in N days: an
item of a purchase (an order with a net amount: not cancelled, unpaid or fully refunded)."""

from __future__ import annotations

from sqlalchemy import exists, select

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind, check_text, check_window
from app.audiences.rules.problems import RuleProblem
from app.audiences.rules.windows import member_orders
from app.models import Category, Order, OrderItem, Product


class BoughtCondition(ConditionKind):
    kind = "bought"
    label = "Bought a product or category"
    keys = frozenset({"product", "category", "window_days"})

    def describe(self) -> dict:
        return {
            "fields": [
                {"field": "product", "type": "sku"},
                {"field": "category", "type": "category"},
                {"field": "window_days", "type": "days", "nullable": True},
            ]
        }

    def validate(self, cond, path):
        given = [k for k in ("product", "category") if cond.get(k) is not None]
        if len(given) != 1:
            return [
                RuleProblem(
                    path, "give exactly one of product (a SKU) or category (a category key)"
                )
            ]
        return check_text(cond, given[0], path) + check_window(cond, path, required=False)

    def compile(self, cond, ctx):
        if cond.get("product") is not None:
            item = OrderItem.product_id.in_(
                select(Product.id).where(Product.sku == cond["product"])
            )
        else:
            item = OrderItem.category_id.in_(
                select(Category.id).where(Category.key == cond["category"])
            )
        return exists(
            select(OrderItem.id)
            .join(Order, Order.id == OrderItem.order_id)
            .where(item, *member_orders(ctx.now, cond.get("window_days")))
        )


register(BoughtCondition())
