"""The interface every condition kind implements, and helpers for checking its fields."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement

from app.audiences.rules.problems import RuleProblem, join

MAX_WINDOW_DAYS = 3660


@dataclass(frozen=True)
class CompileContext:
    """What compiling a condition may depend on: the injected clock's ``now`` (aware UTC)."""

    now: datetime


class ConditionKind(ABC):
    """One kind of condition. Subclasses set ``kind`` and ``label`` and implement the rest.

    A module per kind defines a subclass and registers an instance with
    :func:`app.audiences.rules.conditions.register`.
    """

    kind: str = ""
    label: str = ""
    #: Keys a condition of this kind may carry besides ``kind``.
    keys: frozenset[str] = frozenset()

    @abstractmethod
    def describe(self) -> dict:
        """The fields, operators and value types, for the rule builder UI."""

    @abstractmethod
    def validate(self, cond: dict, path: str) -> list[RuleProblem]:
        """Every problem of ``cond`` (unknown keys are already reported by the caller)."""

    @abstractmethod
    def compile(self, cond: dict, ctx: CompileContext) -> ColumnElement[bool]:
        """A boolean SQL expression over ``Member`` for a valid ``cond``."""


def check_window(
    cond: dict, path: str, *, required: bool, key: str = "window_days"
) -> list[RuleProblem]:
    """Check a window of N days (1..3660); ``null`` means all time when not required."""
    value = cond.get(key)
    if value is None:
        if required:
            return [RuleProblem(join(path, key), f"{key} is missing; give a number of days")]
        return []
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WINDOW_DAYS:
        return [
            RuleProblem(
                join(path, key),
                f"bad window: {key} must be a whole number of days from 1 to {MAX_WINDOW_DAYS}"
                + ("" if required else ", or null for all time"),
            )
        ]
    return []


def check_choice(cond: dict, key: str, choices: tuple[str, ...], path: str) -> list[RuleProblem]:
    """Check that ``cond[key]`` is one of ``choices``."""
    value = cond.get(key)
    if value is None:
        return [RuleProblem(join(path, key), f"{key} is missing; use one of {', '.join(choices)}")]
    if not isinstance(value, str) or value not in choices:
        return [
            RuleProblem(
                join(path, key), f"unknown {key} {value!r}; use one of {', '.join(choices)}"
            )
        ]
    return []


def check_text(cond: dict, key: str, path: str, *, max_length: int = 64) -> list[RuleProblem]:
    """Check that ``cond[key]`` is a non-empty string of at most ``max_length`` characters."""
    value = cond.get(key)
    if not isinstance(value, str) or not value or len(value) > max_length:
        return [
            RuleProblem(
                join(path, key),
                f"{key} must be a non-empty string of at most {max_length} characters",
            )
        ]
    return []


def check_whole(
    cond: dict, path: str, *, low: int = 0, high: int | None = None
) -> list[RuleProblem]:
    """After a valid op/value check, require whole numbers within ``[low, high]``."""
    value = cond.get("value")
    values = value if isinstance(value, list) else [value]
    for v in values:
        if isinstance(v, float) or v < low or (high is not None and v > high):
            bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
            return [RuleProblem(join(path, "value"), f"value must be a whole number {bound}")]
    return []
