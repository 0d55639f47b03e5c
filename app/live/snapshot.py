"""Full live counters of one journey, read from the database (sent on join and to resync)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.engine.counters import node_counters
from app.live.deltas import NodeCounters
from app.models.coupon_grants import Coupon
from app.models.journeys import Journey


def journey_counters(session: Session, journey: Journey) -> NodeCounters:
    """Flow counters per node (see :func:`app.engine.counters.node_counters`) and the coupons
    each node granted (coupons name their node in ``source``)."""
    counters = node_counters(session, journey.id)
    prefix = f"journey:{journey.id}:"
    granted = session.execute(
        select(Coupon.source, func.count())
        .where(Coupon.source.like(f"{prefix}%"))
        .group_by(Coupon.source)
    )
    for source, count in granted:
        node_id = source[len(prefix) :]
        counters.setdefault(node_id, {})["coupons_granted"] = count
    return counters


def snapshot_payload(session: Session, journey: Journey) -> dict:
    """The ``snapshot`` event: the journey, its run status and every node's counters."""
    return {
        "journey": journey.key,
        "status": journey.status,
        "nodes": journey_counters(session, journey),
    }
