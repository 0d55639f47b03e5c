"""The probability (0-1) that the member is still an active buyer (BG/NBD)."""

from __future__ import annotations

from app.audiences.rules.comparisons import compare
from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind
from app.audiences.rules.conditions.predicted import check_range, with_prediction
from app.audiences.rules.values import OPERATORS, check_op_value
from app.models import MemberPrediction


class ProbabilityAliveCondition(ConditionKind):
    kind = "probability_alive"
    label = "Probability still active"
    keys = frozenset({"op", "value"})

    def describe(self) -> dict:
        return {
            "operators": list(OPERATORS["count"]),
            "fields": [{"field": "value", "type": "number", "min": 0, "max": 1}],
        }

    def validate(self, cond, path):
        return check_op_value(cond, "count", path) or check_range(cond, path, 0, 1)

    def compile(self, cond, ctx):
        return with_prediction(
            compare(MemberPrediction.probability_alive, cond["op"], cond["value"])
        )


register(ProbabilityAliveCondition())
