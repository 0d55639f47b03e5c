"""Problems in a marketer's words: nodes by their label, settings by name, limits as limits.

Violations name the node by id for tools (``node_id``); the sentence is for the person who
drew the journey, who knows the node as "Two days" rather than ``wait`` or ``wait.duration``.
"""

from __future__ import annotations

import re

from app.journeys.nodes.registry import NodeType
from app.journeys.schema import Node

#: What a missing reference asks for.
_CHOOSE = {
    "audience": "choose an audience",
    "coupon_template": "choose a coupon template",
    "template": "choose a message template",
    "monitor": "choose a KPI monitor",
}


def node_name(node: Node, node_type: NodeType | None) -> str:
    """“Two days”, or, for a node without a label, "This Wait node"."""
    label = (node.label or "").strip()
    if label:
        return f"“{label}”"
    return f"This {node_type.label} node" if node_type else "This node"


def setting_name(loc: tuple) -> str:
    """A setting's path as words: ``("timeout", "days")`` → "timeout days"; list positions
    count from one ("variant 2 weight")."""
    words = []
    for part in loc:
        if isinstance(part, int):
            words.append(str(part + 1))
        else:
            words.append(str(part).replace("_", " "))
    return " ".join(words)


def setting_problem(err: dict) -> str:
    """One pydantic error on a node's settings as a plain sentence (no trailing stop)."""
    loc = tuple(err.get("loc", ()))
    name = setting_name(loc) or "the settings"
    ctx = err.get("ctx") or {}
    kind = err.get("type", "")
    if kind == "missing":
        last = loc[-1] if loc else ""
        return _CHOOSE.get(str(last), f"{name} is not set")
    if kind in ("greater_than_equal",):
        return f"{name} must be at least {ctx.get('ge')}"
    if kind == "greater_than":
        return f"{name} must be more than {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"{name} must be at most {ctx.get('le')}"
    if kind == "less_than":
        return f"{name} must be less than {ctx.get('lt')}"
    if kind == "string_too_short":
        return f"{name} cannot be empty"
    if kind == "string_too_long":
        return f"{name} is too long (at most {ctx.get('max_length')} characters)"
    if kind == "string_pattern_mismatch":
        if "time" in name:
            return f"{name} must be a time like 10:00"
        if "key" in name or "template" in name or "audience" in name or "tag" in name:
            return f"{name} may only use lowercase letters, digits, '-' and '_'"
        return f"{name} is not in the expected form"
    if kind == "extra_forbidden":
        return f"“{name}” is not a setting of this node"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{name} must be a whole number"
    if kind in ("float_parsing", "float_type", "decimal_parsing"):
        return f"{name} must be a number"
    message = (
        err.get("msg", "").removeprefix("Value error, ").replace("Input should be", "should be")
    )
    return f"{name}: {message}" if loc else message


def rule_place(where: str) -> str:
    """Where in a node's rules a problem is, as words: "config.rules.all[1].value" →
    "condition 2: ", "config.branches.1.rules.all[0].op" → "branch 2, condition 1: "
    (empty for the tree as a whole)."""
    branch = ""
    head, _, rest = where.partition(".rules")
    found = re.match(r".*branches\.(\d+)$", head)
    if found:
        branch = f"branch {int(found.group(1)) + 1}"
    positions = [int(a or b) + 1 for a, b in re.findall(r"(?:all|any)(?:\[(\d+)\]|\.(\d+))", rest)]
    condition = "condition " + ".".join(map(str, positions)) if positions else ""
    place = ", ".join(p for p in (branch, condition) if p)
    return f"{place}: " if place else ""
