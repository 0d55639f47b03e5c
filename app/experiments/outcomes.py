"""Each sample member's value of a metric, read from the tables in one grouped query.

The sample is the real (never test) members an experiment node sent down a variant as part
of its test. Values count from the moment the member left the node: the journey's goal,
purchases credited to their run (``docs/attribution.md``), a coupon of the journey used,
a message of the journey opened or clicked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import case, exists, func, literal, select
from sqlalchemy.orm import Session

from app.models import Coupon, Order, OutboxMessage
from app.models.attribution import OrderAttribution
from app.models.runs import JourneyConversion, JourneyMember, JourneyStep

OPENED = ("opened", "clicked")


def _value(metric: str, journey_id: int):
    run, member, at = JourneyMember.id, JourneyMember.member_id, JourneyStep.at
    if metric == "conversion":
        return exists().where(JourneyConversion.journey_member_id == run)
    if metric in ("orders", "revenue"):
        credited = (
            select(func.count() if metric == "orders" else func.sum(Order.net_amount))
            .select_from(OrderAttribution)
            .join(Order, Order.id == OrderAttribution.order_id)
            .where(
                OrderAttribution.journey_member_id == run,
                OrderAttribution.journey_id == journey_id,
                Order.net_amount.is_not(None),
            )
            .scalar_subquery()
        )
        return func.coalesce(credited, 0)
    if metric == "coupon_redemption":
        return exists().where(
            Coupon.member_id == member,
            Coupon.source.like(f"journey:{journey_id}:%"),
            Coupon.status == "redeemed",
            Coupon.granted_at >= at,
        )
    statuses = ("clicked",) if metric == "click" else OPENED
    return exists().where(
        OutboxMessage.member_id == member,
        OutboxMessage.journey_id == journey_id,
        OutboxMessage.status.in_(statuses),
        OutboxMessage.created_at >= at,
    )


def sample_values(
    session: Session, journey_id: int, node_id: str, metric: str, variants: list[str]
) -> dict[str, np.ndarray]:
    """``{variant: per-member values}`` of the node's sample (each variant, in order)."""
    value = _value(metric, journey_id)
    if metric not in ("orders", "revenue"):
        value = case((value, 1), else_=0)
    rows = session.execute(
        select(JourneyStep.branch, value)
        .select_from(JourneyMember)
        .join(JourneyStep, JourneyStep.journey_member_id == JourneyMember.id)
        .where(
            JourneyMember.journey_id == journey_id,
            JourneyMember.is_test.is_(False),
            JourneyStep.node_id == node_id,
            JourneyStep.outcome == "passed",
            JourneyStep.detail["arm"].as_string() == literal("sample"),
        )
    ).all()
    frame = pd.DataFrame(rows, columns=["branch", "value"])
    frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
    return {v: frame.loc[frame["branch"] == v, "value"].to_numpy() for v in variants}
