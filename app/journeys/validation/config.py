"""Second pass: each node's type must exist, and its config must pass the type's schema."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from app.journeys import nodes as registry
from app.journeys.schema import Node
from app.journeys.validation.wording import node_name, setting_problem
from app.journeys.violations import Violation, violation


@dataclass(frozen=True)
class TypedNode:
    """A node with its registered type and parsed config (None where either failed)."""

    node: Node
    type: registry.NodeType | None
    config: BaseModel | None

    @property
    def branches(self) -> list[str] | None:
        """The branches this node must have, or None when they cannot be known."""
        if self.type is None:
            return None
        if self.config is None:
            return None if self.type.dynamic_branches else list(self.type.branches)
        return self.type.outgoing(self.config)


def type_nodes(nodes: list[Node]) -> tuple[dict[str, TypedNode], list[Violation]]:
    """Look up every node's type and parse its config; report unknown types and bad configs."""
    typed: dict[str, TypedNode] = {}
    violations: list[Violation] = []
    for node in nodes:
        node_type = registry.get(node.type)
        config = None
        if node_type is None:
            violations.append(
                violation(
                    "unknown_node_type",
                    f"{node_name(node, None)} has a type this version does not know ('{node.type}').",
                    node.id,
                )
            )
        else:
            try:
                config = node_type.config_model.model_validate(node.config)
            except ValidationError as exc:
                name = node_name(node, node_type)
                for err in exc.errors(include_url=False, include_input=False):
                    sentence = setting_problem(err)
                    violations.append(violation("invalid_config", f"{name}: {sentence}.", node.id))
            else:
                for problem in node_type.check(config):
                    violations.append(violation(problem.code, problem.message, node.id))
        typed[node.id] = TypedNode(node, node_type, config)
    return typed, violations
