"""One problem found in a rule tree, with where it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleProblem:
    """A problem at ``path`` in a rule tree.

    ``path`` names the node, then optionally the field, e.g. ``all[1].any[0]`` or
    ``all[1].any[0].op``; the root node's path is the empty string.
    """

    path: str
    message: str

    def to_dict(self) -> dict:
        return {"path": self.path, "message": self.message}


def join(path: str, part: str) -> str:
    """Append a field or group part to a path (``join("all[1]", "op") == "all[1].op"``)."""
    return f"{path}.{part}" if path else part


class InvalidRules(ValueError):
    """Raised when a rule tree that is not valid is compiled."""

    def __init__(self, problems: list[RuleProblem]):
        self.problems = problems
        first = problems[0]
        where = first.path or "(root)"
        super().__init__(
            f"{len(problems)} problem(s) in the rules; first: {where}: {first.message}"
        )
