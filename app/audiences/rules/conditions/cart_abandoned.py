"""Abandoned a cart in the last N days and has not ordered since."""

from __future__ import annotations

from sqlalchemy import exists, or_, select

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind, check_window
from app.audiences.rules.windows import member_events
from app.models import Event, Member


class CartAbandonedCondition(ConditionKind):
    kind = "cart_abandoned"
    label = "Abandoned cart, no order since"
    keys = frozenset({"window_days"})

    def describe(self) -> dict:
        return {"fields": [{"field": "window_days", "type": "days"}]}

    def validate(self, cond, path):
        return check_window(cond, path, required=True)

    def compile(self, cond, ctx):
        return exists(
            select(Event.id).where(
                Event.type == "cart_abandoned",
                *member_events(ctx.now, cond["window_days"]),
                or_(Member.last_order_at.is_(None), Event.occurred_at > Member.last_order_at),
            )
        )


register(CartAbandonedCondition())
