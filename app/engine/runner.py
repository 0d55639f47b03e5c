"""The batch step: claim due runs, advance them node by node, write it all in one transaction."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.audiences.rules.compiler import matching_member_ids
from app.bulk import insert_tuples, update_tuples
from app.engine import steps
from app.engine.batch import Finish, Hold, Move, RunState
from app.engine.claims import claim_due
from app.engine.context import StepContext
from app.engine.graph import RunGraph
from app.engine.live import graphs_by_version
from app.models.runs import JourneyMember, JourneyStep

log = logging.getLogger(__name__)

#: A member passes at most this many nodes in one batch; validation forbids loops without
#: a wait, so this only guards against a graph that slipped past it.
MAX_HOPS = 200
#: A member whose step fails this many times is parked with its error.
MAX_ATTEMPTS = 5


@dataclass
class BatchReport:
    """What one batch did, per journey and node: the input of the live counters."""

    runs: int = 0
    member_steps: int = 0
    #: ``{journey_id: {node_id: {counter: delta}}}``
    counters: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)
    #: A few ``(journey_id, member_id, node_id, outcome, branch)`` for the live feed.
    samples: list[tuple] = field(default_factory=list)

    def add(self, journey_id: int, node_id: str, counter: str, amount: int = 1) -> None:
        nodes = self.counters.setdefault(journey_id, {})
        bucket = nodes.setdefault(node_id, {})
        bucket[counter] = bucket.get(counter, 0) + amount


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 30 * 2 ** (attempts - 1)))


class _Batch:
    """The state of one batch while it is being advanced."""

    def __init__(self, session: Session, now: datetime):
        self.session, self.now = session, now
        self.steps: list[tuple] = []
        self.report = BatchReport()

    def log(self, state: RunState, node_id: str, outcome: str, branch=None, detail=None) -> None:
        state.step_no += 1
        self.report.member_steps += 1
        self.steps.append(
            (
                state.id,
                state.step_no,
                state.journey_id,
                state.version_id,
                state.member_id,
                node_id,
                branch,
                outcome,
                detail,
                self.now,
            )
        )
        if len(self.report.samples) < 20:
            self.report.samples.append(
                (state.journey_id, state.member_id, node_id, outcome, branch)
            )

    def park(self, states: list[RunState], node_id: str, error: str) -> None:
        for state in states:
            state.status, state.last_error, state.finished, state.due_at = (
                "parked",
                error,
                True,
                None,
            )
            self.log(state, node_id, "error", detail={"error": error})
            self.report.add(state.journey_id, node_id, "errors")
        log.error("parked %d run(s) at node %s: %s", len(states), node_id, error)

    def fail(self, states: list[RunState], node_id: str, error: str) -> None:
        """A step raised: retry later with backoff, park after MAX_ATTEMPTS."""
        retry = []
        for state in states:
            state.attempts += 1
            if state.attempts >= MAX_ATTEMPTS:
                self.park([state], node_id, f"failed {state.attempts} times: {error}")
            else:
                state.due_at, state.last_error = self.now + _backoff(state.attempts), error
                retry.append(state)
        if retry:
            log.warning("step at node %s failed for %d run(s): %s", node_id, len(retry), error)

    def execute(
        self, graph: RunGraph, node_id: str, group: list[RunState], test_mode: bool
    ) -> list[RunState]:
        """Run one node for the members at it; return those that move on within this batch."""
        node = graph.nodes.get(node_id)
        execute = steps.get(node.type) if node else None
        if execute is None:
            what = f"unknown node type {node.type!r}" if node else "a node missing from the graph"
            self.park(group, node_id, f"{what} (journey {group[0].journey_id}, node {node_id})")
            return []
        ctx = StepContext(self.session, self.now, graph, group[0].journey_id, test_mode)
        try:
            with self.session.begin_nested():
                decisions = execute(node, group, ctx)
        except Exception as exc:  # noqa: BLE001 - any step failure is retried, then parked
            log.exception("step failed at node %s", node_id)
            self.fail(group, node_id, f"{type(exc).__name__}: {exc}")
            return []
        for node_tallies in ctx.tallies.values():
            for name, amount in node_tallies.items():
                self.report.add(group[0].journey_id, node_id, name, amount)
        moving = []
        journey_id = group[0].journey_id
        counts = {"entered": 0, "passed": 0, "exited": 0}
        for state, decision in zip(group, decisions, strict=True):
            if not state.resumed:
                counts["entered"] += 1
            if isinstance(decision, Move):
                target = graph.next_node(node_id, decision.branch)
                if target is None:
                    self.park(
                        [state], node_id, f"no edge leaves node {node_id} by '{decision.branch}'"
                    )
                    continue
                self.log(state, node_id, "passed", decision.branch, decision.detail)
                counts["passed"] += 1
                state.path.append([node_id, decision.branch])
                state.node_id, state.status, state.due_at, state.attempts = (
                    target,
                    "active",
                    self.now,
                    0,
                )
                moving.append(state)
            elif isinstance(decision, Hold):
                self.log(state, node_id, "waiting", detail=decision.detail)
                state.status = "waiting_event" if decision.for_event else "waiting"
                state.due_at, state.attempts = decision.until, 0
            elif isinstance(decision, Finish):
                self.log(state, node_id, decision.status, detail=decision.detail)
                counts["exited"] += 1
                state.path.append([node_id, None])
                state.status, state.finished, state.due_at = decision.status, True, None
        for name, amount in counts.items():
            if amount:
                self.report.add(journey_id, node_id, name, amount)
        return moving


def advance_due(
    session: Session,
    now: datetime,
    limit: int = 1000,
    journey_ids: list[int] | None = None,
) -> BatchReport:
    """Advance one batch of due runs until each waits or leaves; the caller commits.

    Everything the batch does — grants, points, outbox rows, state changes, the step log —
    goes through ``session``, so it commits or rolls back as one.
    """
    claimed = claim_due(session, now, limit, journey_ids)
    batch = _Batch(session, now)
    if not claimed:
        return batch.report
    states = [RunState(*row[:11], path=list(row[11] or [])) for row in claimed]
    graphs = graphs_by_version(session, {s.version_id for s in states})
    for state in states:
        state.last_error, state.finished = None, False
    batch.report.runs = len(states)

    pending = _exit_by_rules(batch, states, graphs)
    for _ in range(MAX_HOPS):
        if not pending:
            break
        groups: dict[tuple[int, str, bool], list[RunState]] = defaultdict(list)
        for state in pending:
            groups[(state.version_id, state.node_id, state.is_test)].append(state)
        pending = []
        for (version_id, node_id, is_test), group in groups.items():
            pending.extend(batch.execute(graphs[version_id], node_id, group, is_test))
    for state in pending:
        batch.park([state], state.node_id, f"passed more than {MAX_HOPS} nodes in one step")

    _write(session, states, batch, now)
    return batch.report


def _exit_by_rules(batch: _Batch, states: list[RunState], graphs) -> list[RunState]:
    """Members meeting a journey's rule-based exit criteria leave before their next step."""
    leaving: set[int] = set()
    by_version: dict[int, list[RunState]] = defaultdict(list)
    for state in states:
        by_version[state.version_id].append(state)
    for version_id, group in by_version.items():
        criteria = graphs[version_id].settings.get("exit_criteria") or []
        member_ids = [s.member_id for s in group]
        for criterion in criteria:
            if criterion.get("kind") != "rules":
                continue
            matched = matching_member_ids(batch.session, criterion["rules"], batch.now, member_ids)
            for state in group:
                if state.member_id in matched and state.id not in leaving:
                    leaving.add(state.id)
                    batch.log(state, state.node_id, "exited", detail={"reason": "exit criteria"})
                    batch.report.add(state.journey_id, state.node_id, "exited")
                    state.path.append([state.node_id, "exit_criteria"])
                    state.status, state.finished, state.due_at = "exited", True, None
    return [s for s in states if s.id not in leaving]


STEP_COLUMNS = (
    "journey_member_id",
    "step_no",
    "journey_id",
    "version_id",
    "member_id",
    "node_id",
    "branch",
    "outcome",
    "detail",
    "at",
)
STATE_COLUMNS = (
    "node_id",
    "status",
    "due_at",
    "step_no",
    "attempts",
    "last_error",
    "path",
    "updated_at",
    "finished_at",
)


def _write(session: Session, states: list[RunState], batch: _Batch, now: datetime) -> None:
    insert_tuples(session, JourneyStep.__table__, STEP_COLUMNS, batch.steps)
    update_tuples(
        session,
        JourneyMember.__table__,
        STATE_COLUMNS,
        [
            (
                s.node_id,
                s.status,
                s.due_at,
                s.step_no,
                s.attempts,
                s.last_error,
                s.path,
                now,
                now if s.finished else None,
                s.id,
            )
            for s in states
        ],
    )
