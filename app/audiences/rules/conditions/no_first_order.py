"""Members who have never bought: no order that counts as a purchase (cancelled, unpaid and
fully refunded orders do not)."""

from __future__ import annotations

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind
from app.models import Member


class NoFirstOrderCondition(ConditionKind):
    kind = "no_first_order"
    label = "Has no first order"
    keys = frozenset()

    def describe(self) -> dict:
        return {"fields": []}

    def validate(self, cond, path):
        return []

    def compile(self, cond, ctx):
        return Member.first_order_at.is_(None)


register(NoFirstOrderCondition())
