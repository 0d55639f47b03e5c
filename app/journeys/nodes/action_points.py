"""action.points: add (or take) loyalty points."""

from __future__ import annotations

from pydantic import Field, field_validator

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict


class Config(Strict):
    points: int = Field(ge=-1_000_000, le=1_000_000, description="Negative takes points away")
    reason: str = Field(min_length=1, max_length=100, description="Shown on the points ledger")
    expires_in_days: int | None = Field(default=None, ge=1, le=3650)
    counts_towards_tier: bool = Field(
        default=True,
        description="Points given count as earned points towards the member's tier (a tier "
        "upgrade happens at once); off: a plain adjustment",
    )

    @field_validator("points")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("a points grant of 0 does nothing")
        return value


class PointsAction(NodeType):
    type = "action.points"
    group = "action"
    label = "Points"
    icon = "coins"
    description = "Add points to (or take them from) each member's balance."
    config_model = Config
    default_config = {"points": 100, "reason": "journey reward"}


register(PointsAction())
