"""Per-node and per-edge counters of a journey, read from the runs and the stored step
counts (the live snapshot)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.engine.step_counts import step_counts
from app.models.runs import JourneyConversion, JourneyMember

COUNTERS = ("entered", "waiting", "passed", "exited", "converted", "errors")
#: Step outcomes and the counter each adds to; ``waiting`` steps are counted from the runs.
_OUTCOME_COUNTER = {
    "passed": "passed",
    "exited": "exited",
    "completed": "exited",
    "converted": "exited",
    "held_out": "exited",
    "error": "errors",
}


@dataclass
class FlowCounters:
    """``nodes``: ``{node_id: {counter: n}}``; ``edges``: how many members left each node by
    each branch, ``{node_id: {branch: n}}``."""

    nodes: dict[str, dict[str, int]]
    edges: dict[str, dict[str, int]]


def node_counters(session: Session, journey_id: int) -> dict[str, dict[str, int]]:
    """``{node_id: {counter: n}}`` for every node members have reached."""
    return flow_counters(session, journey_id).nodes


def flow_counters(session: Session, journey_id: int) -> FlowCounters:
    """Node and edge counters together: the stored step counts, and two grouped queries."""
    counters: dict[str, dict[str, int]] = {}
    edges: dict[str, dict[str, int]] = {}

    def bump(node_id: str, name: str, amount: int) -> None:
        bucket = counters.setdefault(node_id, dict.fromkeys(COUNTERS, 0))
        bucket[name] += amount

    # Test runs (test mode) are left out: the counters show what real members did.
    for node_id, outcome, branch, count in step_counts(session, journey_id):
        name = _OUTCOME_COUNTER.get(outcome)
        if name:
            bump(node_id, name, count)
        if outcome == "passed" and branch is not None:
            branches = edges.setdefault(node_id, {})
            branches[branch] = branches.get(branch, 0) + count
    waiting = session.execute(
        select(JourneyMember.node_id, func.count())
        .where(
            JourneyMember.journey_id == journey_id,
            JourneyMember.status.in_(("waiting", "waiting_event")),
            JourneyMember.is_test.is_(False),
        )
        .group_by(JourneyMember.node_id)
        # Few runs wait among millions that left: SQLite's statistics alone would scan them.
        .with_hint(JourneyMember, "INDEXED BY ix_journey_members_journey_status", "sqlite")
    )
    for node_id, count in waiting:
        bump(node_id, "waiting", count)
    conversions = session.execute(
        select(JourneyConversion.node_id, func.count())
        .where(JourneyConversion.journey_id == journey_id)
        .group_by(JourneyConversion.node_id)
    )
    for node_id, count in conversions:
        bump(node_id, "converted", count)
    for bucket in counters.values():
        # A member held at a wait was logged twice there (held, then passed); one arrival.
        bucket["entered"] = (
            bucket["passed"] + bucket["exited"] + bucket["errors"] + bucket["waiting"]
        )
    return FlowCounters(counters, edges)
