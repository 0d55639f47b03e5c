"""Config pieces several node types share: audience choices and weighted variants."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field, model_validator

from app.journeys.nodes.registry import Problem, Reference
from app.journeys.rules import RuleTree
from app.journeys.types import StableKey, Strict

BRANCH_KEY = r"^[a-z0-9][a-z0-9_-]{0,31}$"


class AudienceChoice(Strict):
    """Either inline rules or a saved audience by key, not both."""

    rules: RuleTree | None = Field(
        default=None, description="Audience rules (docs/audience-rules.md)"
    )
    audience: StableKey | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        if (self.rules is None) == (self.audience is None):
            raise ValueError("give exactly one of rules or audience")
        return self

    def audience_references(self) -> Iterable[Reference]:
        return [Reference("audience", self.audience)] if self.audience else []


class Variant(Strict):
    key: str = Field(pattern=BRANCH_KEY, description="Also the name of the variant's branch")
    label: str = Field(default="", max_length=100)
    weight: int = Field(ge=0, le=100, description="Percent of members")


def unique_keys(keys: list[str], what: str) -> None:
    """Raise when two branches would share a name."""
    seen = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"two {what} share the key '{key}'")
        seen.add(key)


def weights_problem(total: int, what: str) -> list[Problem]:
    """A ``weights_not_100`` problem unless the percentages add up to exactly 100."""
    if total == 100:
        return []
    return [Problem("weights_not_100", f"The {what} add up to {total}%, not 100%.")]
