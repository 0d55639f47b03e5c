"""Rule-tree pass: every audience rule tree in node configs and settings, by the audiences' grammar.

The node and settings schemas only describe a tree's shape; here each tree goes through
:func:`~app.audiences.rules.validation.validate_rule_tree`, the check saved audiences use, so
a tree the audience builder writes is valid in a journey too. Every problem is reported with
its path, e.g. "config.rules.all[1].op".
"""

from __future__ import annotations

from app.journeys.rules import rule_problems
from app.journeys.settings import Settings
from app.journeys.validation.config import TypedNode
from app.journeys.validation.wording import node_name, rule_place
from app.journeys.violations import Violation, violation


def check_node_rules(typed: dict[str, TypedNode]) -> list[Violation]:
    """An ``invalid_config`` violation on the node for each problem of its rule trees."""
    return [
        violation(
            "invalid_config",
            f"{node_name(t.node, t.type)}: {rule_place(where)}{message}.",
            t.node.id,
        )
        for t in typed.values()
        if t.config is not None
        for where, message in rule_problems(t.config, "config")
    ]


def check_settings_rules(settings: Settings) -> list[Violation]:
    """An ``invalid_document`` violation, as for other settings, for each problem of their trees."""
    return [
        violation("invalid_document", f"{where}: {message}.")
        for where, message in rule_problems(settings, "settings")
    ]
