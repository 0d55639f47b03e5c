"""Audience rule trees (docs/audience-rules.md) inside journeys, in the audiences' one grammar.

The condition registry (``app/audiences/rules/conditions``) is the source of truth, here as
in saved audiences: a tree is checked by
:func:`~app.audiences.rules.validation.validate_rule_tree`, and the JSON Schema published
for a rule-tree field is built from the registry's kinds and the keys each kind declares.

A field typed :data:`RuleTree` takes any JSON value and keeps it exactly as written, so a
tree round-trips unchanged; :func:`rule_problems` finds every such field in a parsed model
and reports each problem with its path, which validation turns into violations.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    create_model,
    model_validator,
)
from typing_extensions import TypeAliasType

from app.audiences.rules.conditions import all_conditions
from app.audiences.rules.json_fields import JSON_TYPES, KEY_PATTERN, validate_json_comparison
from app.audiences.rules.problems import join
from app.audiences.rules.validation import validate_rule_tree
from app.audiences.rules.values import OPERATORS
from app.journeys.types import Strict

GROUPS = ("all", "any", "not")
#: Operators of an event property condition: those of its value types, as in ``event_count``.
PROPERTY_OPS = tuple(dict.fromkeys(op for t in JSON_TYPES for op in OPERATORS[t]))


# --- The shape of a tree, for the JSON Schema only -----------------------------------------


def _no_defaults(schema: dict, model: type) -> None:
    # Which keys a kind needs, and what leaving one out means, is the kind's own business.
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class _ConditionShape(Strict):
    """A condition: its kind and the keys the kind declares; what they hold is the kind's."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_no_defaults)


def _condition_shape(kind) -> type[BaseModel]:
    name = "".join(part.title() for part in kind.kind.split("_")) + "Condition"
    keys = {key: (Any, None) for key in sorted(kind.keys)}
    return create_model(
        name,
        __base__=_ConditionShape,
        __doc__=f"{kind.label} (docs/audience-rules.md).",
        kind=(Literal[kind.kind], ...),
        **keys,
    )


class AllGroup(Strict):
    """Every rule holds (an empty list: every member)."""

    all: list[RuleTreeShape]


class AnyGroup(Strict):
    """At least one rule holds."""

    any: list[RuleTreeShape] = Field(min_length=1)


class NotGroup(Strict):
    """The rule does not hold."""

    not_: RuleTreeShape = Field(alias="not")


def _tag(node: Any) -> str | None:
    """A raw node's group key, or its condition kind."""
    if not isinstance(node, dict):
        return None
    group = next((key for key in GROUPS if key in node), None)
    return group or (node.get("kind") if isinstance(node.get("kind"), str) else None)


_OPTIONS = [
    Annotated[AllGroup, Tag("all")],
    Annotated[AnyGroup, Tag("any")],
    Annotated[NotGroup, Tag("not")],
    *(Annotated[_condition_shape(kind), Tag(kind.kind)] for kind in all_conditions()),
]
RuleTreeShape = TypeAliasType(
    "RuleTree",
    Annotated[Union[tuple(_OPTIONS)], Discriminator(_tag)],  # noqa: UP007
)
for _group in (AllGroup, AnyGroup, NotGroup):
    _group.model_rebuild()


# --- Rule-tree fields and their check --------------------------------------------------------


class _Marker:
    """Marks a field as holding a rule tree, so :func:`rule_trees` can find it."""


_RULE_TREE = _Marker()


def _keep(value: Any) -> Any:
    if value is None:
        raise ValueError("give a rule tree (docs/audience-rules.md)")
    return value


#: A rule tree kept as written; checked by :func:`rule_problems`, described by its shape.
RuleTree = Annotated[Any, PlainValidator(_keep, json_schema_input_type=RuleTreeShape), _RULE_TREE]


def _holds_tree(annotation: Any) -> bool:
    args = get_args(annotation)
    return any(arg is _RULE_TREE or _holds_tree(arg) for arg in args)


@cache
def _tree_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(
        name
        for name, field in model.model_fields.items()
        if _RULE_TREE in field.metadata or _holds_tree(field.annotation)
    )


def rule_trees(model: BaseModel, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every rule tree in a parsed model and the models inside it, with its path.

    Paths follow the document's fields, with list positions as numbers
    (``branches.1.rules``), like the other problems of a node or setting.
    """
    fields = _tree_fields(type(model))
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        where = join(path, field.alias or name)
        if value is None:
            continue
        if name in fields:
            yield where, value
        elif isinstance(value, BaseModel):
            yield from rule_trees(value, where)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from rule_trees(item, f"{where}.{index}")


def rule_problems(model: BaseModel, path: str = "") -> list[tuple[str, str]]:
    """``(path, message)`` for every problem of every rule tree in ``model``.

    The path is the tree's place in the model followed by the problem's place in the tree,
    e.g. ``config.rules.all[1].op``.
    """
    return [
        (f"{where}.{problem.path}" if problem.path else where, problem.message)
        for where, tree in rule_trees(model, path)
        for problem in validate_rule_tree(tree)
    ]


# --- Event property conditions ---------------------------------------------------------------


class PropertyCondition(Strict):
    """A condition on one property of an event, e.g. amount gte 200.

    Written and checked like a where row of an event_count audience rule
    (docs/audience-rules.md); op exists, as older journeys wrote it, means is_set.
    """

    property: str = Field(pattern=KEY_PATTERN.pattern, description="An event property key")
    type: Literal[JSON_TYPES] | None = Field(  # type: ignore[valid-type]
        default=None,
        exclude_if=lambda value: value is None,
        description="The value type; inferred from op and value when left out",
    )
    op: Literal[PROPERTY_OPS + ("exists",)]  # type: ignore[valid-type]
    value: Any = None

    @model_validator(mode="after")
    def _same_as_audiences(self) -> PropertyCondition:
        row = {"property": self.property, "op": "is_set" if self.op == "exists" else self.op}
        if self.type is not None:
            row["type"] = self.type
        if self.value is not None:
            row["value"] = self.value
        problems = validate_json_comparison(row, "", "property")
        if problems:
            raise ValueError("; ".join(f"{p.path}: {p.message}" for p in problems))
        return self
