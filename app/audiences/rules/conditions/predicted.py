"""Shared pieces of the conditions on predicted scores (``member_predictions``): a member
without a stored prediction (never bought, or no refresh yet) never matches."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, literal, select

from app.audiences.rules.problems import RuleProblem, join
from app.models import Member, MemberPrediction, MemberReplenishment

MAX_DAYS_AHEAD = 3660


def with_prediction(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    """Members whose stored prediction meets ``where``."""
    return Member.id.in_(select(MemberPrediction.member_id).where(*where))


def with_replenishment(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    """Members with a stored replenishment that meets ``where``."""
    return Member.id.in_(select(MemberReplenishment.member_id).where(*where))


def check_days(cond: dict, path: str, key: str = "days") -> list[RuleProblem]:
    """``cond[key]`` is a whole number of days from 0 to :data:`MAX_DAYS_AHEAD`."""
    value = cond.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS_AHEAD:
        return [
            RuleProblem(join(path, key), f"{key} must be a whole number from 0 to {MAX_DAYS_AHEAD}")
        ]
    return []


def check_range(cond: dict, path: str, low: float, high: float | None) -> list[RuleProblem]:
    """After a valid op/value check, every value lies within ``[low, high]``."""
    value = cond.get("value")
    for v in value if isinstance(value, list) else [value]:
        if v < low or (high is not None and v > high):
            bound = f"from {low:g} to {high:g}" if high is not None else f"of at least {low:g}"
            return [RuleProblem(join(path, "value"), f"value must be a number {bound}")]
    return []


def until(column, now: datetime, days: int) -> ColumnElement[bool]:
    """``column`` up to the end of ``days`` days from ``now``."""
    return column <= literal(now + timedelta(days=days), column.type)


def between_now_and(column, now: datetime, days: int) -> list[ColumnElement[bool]]:
    """``column`` from ``now`` to ``days`` days later."""
    return [column >= literal(now, column.type), until(column, now, days)]
