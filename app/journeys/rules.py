"""The structure of audience rule trees (docs/audience-rules.md), checked inside journeys.

app/audiences turns these trees into SQL; here we only make sure a journey carries a
well-formed tree, so a typo shows up when the journey is validated, not when it runs.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from app.journeys.types import Strict

STRING_OPS = ("eq", "ne", "in", "not_in", "contains", "is_set", "is_not_set")
NUMBER_OPS = ("eq", "ne", "gt", "gte", "lt", "lte", "between", "in", "not_in")
DATE_OPS = ("before", "after", "between", "is_set", "is_not_set")
ALL_OPS = tuple(dict.fromkeys(STRING_OPS + NUMBER_OPS + DATE_OPS))
COMPARE_OPS = ("eq", "ne", "gt", "gte", "lt", "lte")
PROFILE_FIELDS = {
    "tier": STRING_OPS,
    "gender": STRING_OPS,
    "city": STRING_OPS,
    "timezone": STRING_OPS,
    "points_balance": NUMBER_OPS,
    "registered_at": DATE_OPS,
    "birthday": DATE_OPS,
}

Op = Literal[ALL_OPS]  # type: ignore[valid-type]
CompareOp = Literal[COMPARE_OPS]  # type: ignore[valid-type]
Number = int | float
WindowDays = Annotated[int, Field(ge=1, le=3650)]


def _check_value(op: str, value: Any) -> None:
    """The value's shape must fit the operator: a pair for between, a list for in."""
    if op in ("is_set", "is_not_set"):
        if value is not None:
            raise ValueError(f"'{op}' takes no value")
    elif op == "between":
        if not (isinstance(value, list) and len(value) == 2):
            raise ValueError("'between' needs a [low, high] pair")
    elif op in ("in", "not_in"):
        if not (isinstance(value, list) and value):
            raise ValueError(f"'{op}' needs a non-empty list")
    elif value is None or isinstance(value, (dict, list)):
        raise ValueError(f"'{op}' needs a single value")


class PropertyCondition(Strict):
    """A condition on one property of an event, e.g. amount gte 200."""

    property: str = Field(min_length=1, max_length=100)
    op: Literal[ALL_OPS + ("exists",)]  # type: ignore[valid-type]
    value: Any = None

    @model_validator(mode="after")
    def _value_fits(self) -> PropertyCondition:
        _check_value("is_set" if self.op == "exists" else self.op, self.value)
        return self


class Profile(Strict):
    kind: Literal["profile"]
    field: Literal[tuple(PROFILE_FIELDS)]  # type: ignore[valid-type]
    op: Op
    value: Any = None

    @model_validator(mode="after")
    def _op_fits_field(self) -> Profile:
        if self.op not in PROFILE_FIELDS[self.field]:
            raise ValueError(f"'{self.op}' does not apply to the {self.field} field")
        _check_value(self.op, self.value)
        return self


class Attribute(Strict):
    kind: Literal["attribute"]
    key: str = Field(min_length=1, max_length=100)
    op: Op
    value: Any = None

    @model_validator(mode="after")
    def _value_fits(self) -> Attribute:
        _check_value(self.op, self.value)
        return self


class TagRule(Strict):
    kind: Literal["tag"]
    op: Literal["has", "has_not"]
    value: str = Field(min_length=1, max_length=64)


class Consent(Strict):
    kind: Literal["consent"]
    channel: Literal["email", "sms", "push"]
    value: bool


class RegisteredDaysAgo(Strict):
    kind: Literal["registered_days_ago"]
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _range(self) -> RegisteredDaysAgo:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min may not exceed max")
        return self


class BirthdayWithin(Strict):
    kind: Literal["birthday_within"]
    days: int = Field(ge=0, le=366)


class EventCount(Strict):
    kind: Literal["event_count"]
    event_type: str = Field(min_length=1, max_length=64)
    window_days: WindowDays
    where: list[PropertyCondition] = Field(default_factory=list)
    op: CompareOp
    value: int = Field(ge=0)


class DaysSinceLastOrder(Strict):
    kind: Literal["days_since_last_order"]
    op: CompareOp
    value: int = Field(ge=0)


class OrderMetric(Strict):
    kind: Literal["order_count", "total_spend", "avg_spend"]
    window_days: WindowDays | None = None
    op: CompareOp
    value: Number = Field(ge=0)


class NoFirstOrder(Strict):
    kind: Literal["no_first_order"]


class Bought(Strict):
    kind: Literal["bought"]
    product: str | None = Field(default=None, min_length=1)
    category: str | None = Field(default=None, min_length=1)
    window_days: WindowDays | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Bought:
        if (self.product is None) == (self.category is None):
            raise ValueError("give exactly one of product or category")
        return self


class CartAbandoned(Strict):
    kind: Literal["cart_abandoned"]
    window_days: WindowDays


class Rfm(Strict):
    kind: Literal["rfm"]
    segment: list[str] | None = Field(default=None, min_length=1)
    score: Literal["r", "f", "m"] | None = None
    op: CompareOp | None = None
    value: int | None = Field(default=None, ge=1, le=5)

    @model_validator(mode="after")
    def _segment_or_score(self) -> Rfm:
        by_score = self.score is not None and self.op is not None and self.value is not None
        if (self.segment is not None) == by_score:
            raise ValueError("give either segment, or score with op and value")
        return self


class All(Strict):
    all: list[RuleNode] = Field(min_length=1, max_length=100)


class AnyOf(Strict):
    any: list[RuleNode] = Field(min_length=1, max_length=100)


class Not(Strict):
    not_: RuleNode = Field(alias="not")


CONDITIONS = (Profile, Attribute, TagRule, Consent, RegisteredDaysAgo, BirthdayWithin)
CONDITIONS += (EventCount, DaysSinceLastOrder, OrderMetric, NoFirstOrder, Bought)
CONDITIONS += (CartAbandoned, Rfm)
_GROUP_TAGS = ("all", "any", "not")


def _tag(node: Any) -> str | None:
    """Which rule a raw node claims to be: its group key, or its condition kind."""
    if not isinstance(node, dict):
        return None
    for key in _GROUP_TAGS:
        if key in node:
            return key
    kind = node.get("kind")
    return kind if isinstance(kind, str) else None


def _kinds(model) -> tuple[str, ...]:
    return model.model_fields["kind"].annotation.__args__


RuleNode = Annotated[
    Annotated[All, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")]
    | Annotated[Profile, Tag("profile")]
    | Annotated[Attribute, Tag("attribute")]
    | Annotated[TagRule, Tag("tag")]
    | Annotated[Consent, Tag("consent")]
    | Annotated[RegisteredDaysAgo, Tag("registered_days_ago")]
    | Annotated[BirthdayWithin, Tag("birthday_within")]
    | Annotated[EventCount, Tag("event_count")]
    | Annotated[DaysSinceLastOrder, Tag("days_since_last_order")]
    | Annotated[OrderMetric, Tag("order_metric")]
    | Annotated[NoFirstOrder, Tag("no_first_order")]
    | Annotated[Bought, Tag("bought")]
    | Annotated[CartAbandoned, Tag("cart_abandoned")]
    | Annotated[Rfm, Tag("rfm")],
    Discriminator(
        lambda node: "order_metric" if _tag(node) in _kinds(OrderMetric) else _tag(node),
        custom_error_type="unknown_rule",
        custom_error_message="a rule must be an all/any/not group or a condition with a known kind",
    ),
]

for _model in (All, AnyOf, Not):
    _model.model_rebuild()
