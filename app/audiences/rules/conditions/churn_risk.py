"""Predicted churn risk (low, medium, high; thresholds in ``docs/predictions.md``), one
level or a list of levels."""

from __future__ import annotations

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind
from app.audiences.rules.conditions.predicted import with_prediction
from app.audiences.rules.problems import RuleProblem, join
from app.models import MemberPrediction
from app.models.predictions import CHURN_RISKS


class ChurnRiskCondition(ConditionKind):
    kind = "churn_risk"
    label = "Churn risk"
    keys = frozenset({"risk"})

    def describe(self) -> dict:
        return {"fields": [{"field": "risk", "type": "string", "choices": list(CHURN_RISKS)}]}

    def validate(self, cond, path):
        risk = cond.get("risk")
        levels = risk if isinstance(risk, list) else [risk]
        if not levels or any(level not in CHURN_RISKS for level in levels):
            return [
                RuleProblem(
                    join(path, "risk"),
                    f"risk must be one of {', '.join(CHURN_RISKS)}, or a non-empty list of them",
                )
            ]
        return []

    def compile(self, cond, ctx):
        risk = cond["risk"]
        levels = risk if isinstance(risk, list) else [risk]
        return with_prediction(MemberPrediction.churn_risk.in_(levels))


register(ChurnRiskCondition())
