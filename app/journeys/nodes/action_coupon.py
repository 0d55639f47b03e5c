"""action.coupon: grant a coupon from a template; out-of-stock members take their own branch."""

from __future__ import annotations

from pydantic import Field

from app.journeys.nodes.registry import NodeType, Reference, register
from app.journeys.types import StableKey, Strict


class Config(Strict):
    coupon_template: StableKey = Field(description="Key of the coupon template")
    limit_reached_branch: bool = Field(
        default=False,
        description="Members already holding the template's per-member limit leave by their "
        "own branch, limit_reached (otherwise by out_of_stock with those the stock could "
        "not serve)",
    )


class CouponAction(NodeType):
    type = "action.coupon"
    group = "action"
    label = "Grant coupon"
    icon = "ticket"
    description = (
        "Grant a coupon from a template; members it cannot serve go out_of_stock, or "
        "limit_reached when they hold their per-member limit and the node separates them."
    )
    config_model = Config
    default_config = {"coupon_template": "welcome-coupon"}
    branches = ("granted", "out_of_stock")

    def outgoing(self, config: Config) -> list[str]:
        if config.limit_reached_branch:
            return ["granted", "out_of_stock", "limit_reached"]
        return list(self.branches)

    def references(self, config: Config):
        return [Reference("coupon_template", config.coupon_template)]


register(CouponAction())
