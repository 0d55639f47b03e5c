"""Validation of an audience rule tree: every problem, each with its path.

Used by the audience API and by journey validation (entry audiences, split conditions).
"""

from __future__ import annotations

from app.audiences.rules.conditions import all_conditions, get_condition
from app.audiences.rules.problems import RuleProblem, join

__all__ = ["MAX_DEPTH", "MAX_NODES", "RuleProblem", "validate_rule_tree"]

MAX_DEPTH = 12
MAX_NODES = 300
GROUPS = ("all", "any", "not")


def validate_rule_tree(tree: object) -> list[RuleProblem]:
    """Return every problem of ``tree``; an empty list means the tree is valid.

    Paths look like ``all[1].any[0]`` (a node) or ``all[1].any[0].op`` (a field of it).
    """
    problems: list[RuleProblem] = []
    count = [0]
    _node(tree, "", 0, problems, count)
    if count[0] > MAX_NODES:
        problems.append(
            RuleProblem("", f"the rules have {count[0]} nodes; at most {MAX_NODES} are allowed")
        )
    return problems


def _node(
    node: object, path: str, depth: int, problems: list[RuleProblem], count: list[int]
) -> None:
    count[0] += 1
    if depth > MAX_DEPTH:
        problems.append(RuleProblem(path, f"groups are nested deeper than {MAX_DEPTH} levels"))
        return
    if not isinstance(node, dict):
        problems.append(
            RuleProblem(
                path,
                "a rule must be an object: a group (all / any / not) or a condition with a kind",
            )
        )
        return
    groups = [g for g in GROUPS if g in node]
    if groups:
        _group(node, groups, path, depth, problems, count)
    elif "kind" in node:
        _condition(node, path, problems)
    else:
        problems.append(
            RuleProblem(path, "a rule needs either a group key (all, any, not) or a kind")
        )


def _group(node: dict, groups: list[str], path: str, depth, problems, count) -> None:
    if len(groups) > 1 or len(node) > 1:
        extra = sorted(set(node) - {groups[0]})
        problems.append(
            RuleProblem(
                path,
                f"a group has exactly one key (all, any or not); also found {', '.join(extra)}",
            )
        )
        return
    key = groups[0]
    children = node[key]
    if key == "not":
        _node(children, join(path, "not"), depth + 1, problems, count)
        return
    if not isinstance(children, list):
        problems.append(RuleProblem(join(path, key), f"{key} must be a list of rules"))
        return
    if key == "any" and not children:
        problems.append(RuleProblem(join(path, key), "any needs at least one rule"))
    for i, child in enumerate(children):
        _node(child, f"{join(path, key)}[{i}]", depth + 1, problems, count)


def _condition(node: dict, path: str, problems: list[RuleProblem]) -> None:
    kind = get_condition(node["kind"])
    if kind is None:
        known = ", ".join(c.kind for c in all_conditions())
        problems.append(
            RuleProblem(
                join(path, "kind"), f"unknown condition kind {node['kind']!r}; use one of {known}"
            )
        )
        return
    for key in sorted(set(node) - kind.keys - {"kind"}):
        problems.append(
            RuleProblem(join(path, key), f"unknown field {key!r} for a {kind.kind} condition")
        )
    problems.extend(kind.validate(node, path))
