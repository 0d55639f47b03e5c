"""Birthday (month and day, UTC calendar) today or within the next ``days`` days.

Members born on 29 February count on 28 February in years without one.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind
from app.audiences.rules.problems import RuleProblem, join
from app.models import Member


def birthday_mmdds(today: date, days: int) -> list[int]:
    """The MMDD values of the days from ``today`` to ``today + days`` inclusive."""
    out = set()
    for i in range(days + 1):
        day = today + timedelta(days=i)
        out.add(day.month * 100 + day.day)
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            out.add(229)
    return sorted(out)


class BirthdayWithinCondition(ConditionKind):
    kind = "birthday_within"
    label = "Birthday within N days"
    keys = frozenset({"days"})

    def describe(self) -> dict:
        return {"fields": [{"field": "days", "type": "days", "min": 0, "max": 366}]}

    def validate(self, cond, path):
        v = cond.get("days")
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 366:
            return [RuleProblem(join(path, "days"), "days must be a whole number from 0 to 366")]
        return []

    def compile(self, cond, ctx):
        return Member.birthday_mmdd.in_(birthday_mmdds(ctx.now.date(), cond["days"]))


register(BirthdayWithinCondition())
