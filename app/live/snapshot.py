"""Full live counters of one journey, read from the database (sent on join and to resync)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.engine.counters import flow_counters
from app.live.deltas import MESSAGE_COUNTERS, EdgeCounters, NodeCounters
from app.models.coupon_grants import Coupon
from app.models.journeys import Journey
from app.models.outbox import OutboxMessage


def live_counters(session: Session, journey: Journey) -> tuple[NodeCounters, EdgeCounters]:
    """Node counters and edge counters of a journey.

    Nodes: the flow counters (see :func:`app.engine.counters.flow_counters`), the coupons
    each node granted (coupons name their node in ``source``) and, on send nodes, the
    messages they queued by delivery outcome (outbox rows name their journey and node).
    Edges: ``{node_id: {branch: members who left by it}}``.
    """
    flow = flow_counters(session, journey.id)
    counters = flow.nodes
    prefix = f"journey:{journey.id}:"
    granted = session.execute(
        select(Coupon.source, func.count())
        .where(Coupon.source.like(f"{prefix}%"))
        .group_by(Coupon.source)
    )
    for source, count in granted:
        node_id = source[len(prefix) :]
        counters.setdefault(node_id, {})["coupons_granted"] = count
    messages = session.execute(
        select(OutboxMessage.node_id, OutboxMessage.status, func.count())
        .where(OutboxMessage.journey_id == journey.id, OutboxMessage.node_id.is_not(None))
        .group_by(OutboxMessage.node_id, OutboxMessage.status)
    )
    for node_id, status, count in messages:
        bucket = counters.setdefault(node_id, {})
        bucket["messages_queued"] = bucket.get("messages_queued", 0) + count
        name = MESSAGE_COUNTERS.get(status)
        if name:
            bucket[name] = bucket.get(name, 0) + count
    return counters, flow.edges


def journey_counters(session: Session, journey: Journey) -> NodeCounters:
    """The node counters of :func:`live_counters`."""
    return live_counters(session, journey)[0]


def snapshot_payload(session: Session, journey: Journey) -> dict:
    """The ``snapshot`` event: the journey, its run status, every node's and edge's counters."""
    nodes, edges = live_counters(session, journey)
    return {"journey": journey.key, "status": journey.status, "nodes": nodes, "edges": edges}


#: Outbox statuses whose reasons the counters break down (why a message did not go).
REASONED = ("deferred", "suppressed", "failed")


def message_reasons(session: Session, journey: Journey) -> dict[str, dict[str, dict[str, int]]]:
    """Why a journey's messages are held or stopped: ``{node_id: {status: {reason: n}}}``
    for messages now ``deferred``, ``suppressed`` or ``failed``."""
    rows = session.execute(
        select(OutboxMessage.node_id, OutboxMessage.status, OutboxMessage.reason, func.count())
        .where(
            OutboxMessage.journey_id == journey.id,
            OutboxMessage.node_id.is_not(None),
            OutboxMessage.status.in_(REASONED),
        )
        .group_by(OutboxMessage.node_id, OutboxMessage.status, OutboxMessage.reason)
    )
    out: dict[str, dict[str, dict[str, int]]] = {}
    for node_id, status, reason, count in rows:
        out.setdefault(node_id, {}).setdefault(status, {})[reason or "unknown"] = count
    return out
