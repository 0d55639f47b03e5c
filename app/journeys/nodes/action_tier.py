"""action.tier: move each member to a tier."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.journeys.nodes.registry import NodeType, register
from app.journeys.types import Strict
from app.models.points import TIER_ORDER


class Config(Strict):
    tier: Literal[TIER_ORDER] = Field(description="The tier members move to")  # type: ignore[valid-type]
    only_upgrade: bool = Field(
        default=True, description="Leave members already at this tier or above where they are"
    )


class TierAction(NodeType):
    type = "action.tier"
    group = "action"
    label = "Set tier"
    icon = "crown"
    description = (
        "Move each member to a tier (by default only upwards); each move is a tier change and "
        "a tier_changed event. The nightly review still moves tiers by qualifying points."
    )
    config_model = Config
    default_config = {"tier": "silver", "only_upgrade": True}


register(TierAction())
