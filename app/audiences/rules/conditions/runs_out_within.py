"""Something the member buys again runs out between now and N days from now, by their own
purchase intervals (``docs/predictions.md``): any product or category, or the one named."""

from __future__ import annotations

from sqlalchemy import select

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind, check_text
from app.audiences.rules.conditions.predicted import (
    MAX_DAYS_AHEAD,
    between_now_and,
    check_days,
    with_replenishment,
)
from app.audiences.rules.problems import RuleProblem
from app.models import Category, MemberReplenishment, Product


class RunsOutWithinCondition(ConditionKind):
    kind = "runs_out_within"
    label = "Runs out within N days"
    keys = frozenset({"days", "product", "category"})

    def describe(self) -> dict:
        return {
            "fields": [
                {"field": "days", "type": "days", "min": 0, "max": MAX_DAYS_AHEAD},
                {"field": "product", "type": "sku", "nullable": True},
                {"field": "category", "type": "category", "nullable": True},
            ]
        }

    def validate(self, cond, path):
        given = [k for k in ("product", "category") if cond.get(k) is not None]
        if len(given) > 1:
            return [RuleProblem(path, "give product (a SKU) or category (a key), not both")]
        problems = check_days(cond, path)
        return problems + (check_text(cond, given[0], path) if given else [])

    def compile(self, cond, ctx):
        where = between_now_and(MemberReplenishment.runs_out_at, ctx.now, cond["days"])
        if cond.get("product") is not None:
            where.append(
                MemberReplenishment.product_id.in_(
                    select(Product.id).where(Product.sku == cond["product"])
                )
            )
        elif cond.get("category") is not None:
            where.append(
                MemberReplenishment.category_id.in_(
                    select(Category.id).where(Category.key == cond["category"])
                )
            )
        return with_replenishment(*where)


register(RunsOutWithinCondition())
