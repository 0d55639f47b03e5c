"""The node-type registry: what each kind of node is, which branches it has, what it checks.

Each node type lives in its own module, subclasses :class:`NodeType` and ends with
``register(TheType())``; ``app.journeys.nodes`` imports them all. Nothing else in the
package asks "which type is this?" — it asks the registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import BaseModel

Group = Literal["entry", "flow", "action"]
GROUP_ORDER = ("entry", "flow", "action")


@dataclass(frozen=True)
class Reference:
    """A stable key a node points at: an audience, a coupon template or a message template.

    ``channel`` is the channel a referenced message template must be written for.
    """

    kind: Literal["audience", "coupon_template", "message_template"]
    key: str
    channel: str | None = None


@dataclass(frozen=True)
class Problem:
    """A node-specific finding beyond its config schema, e.g. weights not adding up."""

    code: str
    message: str


class NodeType:
    """Base of every node type. Subclasses fill in the class attributes and override hooks.

    Hooks receive the node's config already parsed by ``config_model``.
    """

    type: ClassVar[str]
    group: ClassVar[Group]
    label: ClassVar[str]
    icon: ClassVar[str]
    description: ClassVar[str]
    config_model: ClassVar[type[BaseModel]]
    #: A config the palette puts on a freshly dropped node; it must pass ``config_model``.
    default_config: ClassVar[dict[str, Any]] = {}
    #: Fixed outgoing branches; ignored when ``dynamic_branches`` is set.
    branches: ClassVar[tuple[str, ...]] = ("next",)
    #: When branches come from the config, a sentence saying how they are named.
    dynamic_branches: ClassVar[str | None] = None
    #: Whether members stay here a while; a loop must pass through such a node.
    waits: ClassVar[bool] = False

    def outgoing(self, config: BaseModel) -> list[str]:
        """The branch names a node with this config must have, in display order."""
        return list(self.branches)

    def references(self, config: BaseModel) -> Iterable[Reference]:
        """Audiences and templates this node points at."""
        return ()

    def sends(self, config: BaseModel) -> Iterable[str]:
        """Channels on which this node sends each passing member one message."""
        return ()

    def check(self, config: BaseModel) -> Iterable[Problem]:
        """Problems the config schema cannot express on its own."""
        return ()

    def min_delay_minutes(self, config: BaseModel, branch: str) -> int:
        """The least time a member spends here before leaving by ``branch``."""
        return 0

    def describe(self) -> dict[str, Any]:
        """The palette entry served at GET /api/node-types."""
        return {
            "type": self.type,
            "group": self.group,
            "label": self.label,
            "icon": self.icon,
            "description": self.description,
            "branches": [] if self.dynamic_branches else list(self.branches),
            "dynamic_branches": self.dynamic_branches is not None,
            "branch_rule": self.dynamic_branches,
            "waits": self.waits,
            "config_schema": self.config_model.model_json_schema(by_alias=True),
            "default_config": self.default_config,
        }


_REGISTRY: dict[str, NodeType] = {}


def register(node_type: NodeType) -> NodeType:
    """Add a node type; a second type under the same name is a programming error."""
    if node_type.type in _REGISTRY:
        raise ValueError(f"node type {node_type.type!r} is registered twice")
    _REGISTRY[node_type.type] = node_type
    return node_type


def get(type_name: str) -> NodeType | None:
    """The registered type called ``type_name``, or None."""
    return _REGISTRY.get(type_name)


def all_types() -> list[NodeType]:
    """Every registered type, entry first, then flow, then actions, by name within a group."""
    return sorted(_REGISTRY.values(), key=lambda t: (GROUP_ORDER.index(t.group), t.type))
