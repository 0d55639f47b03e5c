"""Helpers shared by the audience views: the clock and rule-tree errors."""

from __future__ import annotations

from datetime import datetime

from app.audiences.rules.problems import RuleProblem
from app.audiences.rules.validation import validate_rule_tree
from app.engine.clock import current_clock
from app.errors import ApiError


def now() -> datetime:
    """The app's one clock."""
    return current_clock().now()


def problems_json(problems: list[RuleProblem], field: str = "rules") -> list[dict]:
    """Problems as API error entries: ``{"field", "path", "message"}``."""
    return [
        {"field": f"{field}.{p.path}" if p.path else field, "path": p.path, "message": p.message}
        for p in problems
    ]


def require_valid_rules(tree: object, field: str = "rules") -> None:
    """Raise a 400 listing every problem of ``tree``, if any."""
    problems = validate_rule_tree(tree)
    if problems:
        first = problems[0]
        where = f"{field}.{first.path}" if first.path else field
        raise ApiError(
            400,
            "invalid_rules",
            f"{len(problems)} problem(s) in the rules; first: {where}: {first.message}",
            problems_json(problems, field),
        )
