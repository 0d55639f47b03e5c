"""The expected next purchase falls within N days from now (or is already due)."""

from __future__ import annotations

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind
from app.audiences.rules.conditions.predicted import (
    MAX_DAYS_AHEAD,
    check_days,
    until,
    with_prediction,
)
from app.models import MemberPrediction


class NextPurchaseWithinCondition(ConditionKind):
    kind = "next_purchase_within"
    label = "Next purchase expected within N days"
    keys = frozenset({"days"})

    def describe(self) -> dict:
        return {"fields": [{"field": "days", "type": "days", "min": 0, "max": MAX_DAYS_AHEAD}]}

    def validate(self, cond, path):
        return check_days(cond, path)

    def compile(self, cond, ctx):
        return with_prediction(until(MemberPrediction.next_purchase_at, ctx.now, cond["days"]))


register(NextPurchaseWithinCondition())
