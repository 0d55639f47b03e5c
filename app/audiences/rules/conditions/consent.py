"""Consent to marketing on one channel."""

from __future__ import annotations

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind, check_choice
from app.audiences.rules.problems import RuleProblem, join
from app.models import Member

COLUMNS = {"email": Member.consent_email, "sms": Member.consent_sms, "push": Member.consent_push}


class ConsentCondition(ConditionKind):
    kind = "consent"
    label = "Channel consent"
    keys = frozenset({"channel", "value"})

    def describe(self) -> dict:
        return {
            "fields": [
                {"field": "channel", "choices": list(COLUMNS)},
                {"field": "value", "type": "boolean"},
            ]
        }

    def validate(self, cond, path):
        problems = check_choice(cond, "channel", tuple(COLUMNS), path)
        if not isinstance(cond.get("value"), bool):
            problems.append(RuleProblem(join(path, "value"), "value must be true or false"))
        return problems

    def compile(self, cond, ctx):
        return COLUMNS[cond["channel"]] == cond["value"]


register(ConsentCondition())
