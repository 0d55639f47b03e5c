"""Predicted net spend over the next 12 months, discounted (``docs/predictions.md``)."""

from __future__ import annotations

from app.audiences.rules.comparisons import compare
from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind
from app.audiences.rules.conditions.predicted import check_range, with_prediction
from app.audiences.rules.values import OPERATORS, check_op_value
from app.models import MemberPrediction


class PredictedValueCondition(ConditionKind):
    kind = "predicted_value"
    label = "Predicted 12-month value"
    keys = frozenset({"op", "value"})

    def describe(self) -> dict:
        return {
            "operators": list(OPERATORS["count"]),
            "fields": [{"field": "value", "type": "number", "min": 0}],
        }

    def validate(self, cond, path):
        return check_op_value(cond, "count", path) or check_range(cond, path, 0, None)

    def compile(self, cond, ctx):
        return with_prediction(compare(MemberPrediction.predicted_value, cond["op"], cond["value"]))


register(PredictedValueCondition())
