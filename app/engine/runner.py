"""The batch step: claim due runs, advance them node by node, write it all in one transaction."""

from __future__ import annotations

import gc
import logging
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.attribution.touches import Touch, record_touches
from app.audiences.rules.compiler import matching_member_ids
from app.engine import steps
from app.engine.batch import HELD_STATUSES, Finish, Hold, Move, RunState
from app.engine.claims import claim_due
from app.engine.context import StepContext
from app.engine.graph import RunGraph
from app.engine.live import graphs_by_version
from app.engine.read_ahead import ReadAhead
from app.engine.report import BatchReport
from app.engine.split_passes import record_split_passes
from app.engine.step_log import StepLog, write_batch

log = logging.getLogger(__name__)

#: A member passes at most this many nodes in one batch; validation forbids loops without
#: a wait, so this only guards against a graph that slipped past it.
MAX_HOPS = 200
#: A member whose step fails this many times is parked with its error.
MAX_ATTEMPTS = 5


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 30 * 2 ** (attempts - 1)))


class _Batch:
    """The state of one batch while it is being advanced."""

    def __init__(self, session: Session, now: datetime):
        self.session, self.now = session, now
        self.steps = StepLog()
        self.report = BatchReport()
        self.touches: list[Touch] = []

    def log(self, state: RunState, node_id: str, outcome: str, branch=None, detail=None) -> None:
        """Log a step (the hot path in :meth:`execute` inlines this)."""
        self.steps.add(state, node_id, outcome, branch, detail)

    def finish_report(self) -> BatchReport:
        """Count the logged steps and keep the first few as the live feed's samples."""
        self.report.member_steps = len(self.steps)
        self.report.samples = self.steps.samples(20)
        return self.report

    def park(self, states: list[RunState], node_id: str, error: str) -> None:
        for state in states:
            state.status, state.last_error, state.finished, state.due_at = (
                "parked",
                error,
                True,
                None,
            )
            self.log(state, node_id, "error", detail={"error": error})
            self.report.add(state.journey_id, node_id, "errors", test=state.is_test)
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
    ) -> dict[str, list[RunState]]:
        """Run one node for the members at it; return those that move on within this batch,
        by the node they move to."""
        node = graph.nodes.get(node_id)
        execute = steps.get(node.type) if node else None
        if execute is None:
            what = f"unknown node type {node.type!r}" if node else "a node missing from the graph"
            self.park(group, node_id, f"{what} (journey {group[0].journey_id}, node {node_id})")
            return {}
        ctx = StepContext(self.session, self.now, graph, group[0].journey_id, test_mode)
        try:
            with self.session.begin_nested():
                decisions = execute(node, group, ctx)
        except Exception as exc:  # noqa: BLE001 - any step failure is retried, then parked
            log.exception("step failed at node %s", node_id)
            self.fail(group, node_id, f"{type(exc).__name__}: {exc}")
            return {}
        self.touches.extend(ctx.touches)
        for node_tallies in ctx.tallies.values():
            for name, amount in node_tallies.items():
                self.report.add(group[0].journey_id, node_id, name, amount, test=test_mode)
        moving: dict[str, list[RunState]] = {}
        journey_id = group[0].journey_id
        # Members held here before (a wait now ending) arrived in an earlier batch.
        held = sum(1 for state in group if state.status in HELD_STATUSES)
        counts = {"entered": len(group) - held, "passed": 0, "exited": 0}
        left: dict[str, int] = {}
        targets: dict[str, str | None] = {}
        pairs: dict[str, tuple[str, str]] = {}
        now, groups, details = self.now, self.steps.groups, self.steps.details
        for state, decision in zip(group, decisions, strict=True):
            if type(decision) is Move:
                branch, outcome = decision.branch, "passed"
                if branch in targets:
                    target = targets[branch]
                else:
                    target = targets[branch] = graph.next_node(node_id, branch)
                    pairs[branch] = (node_id, branch)
                    if target is not None:
                        moving.setdefault(target, [])
                if target is None:
                    self.park([state], node_id, f"no edge leaves node {node_id} by '{branch}'")
                    continue
                left[branch] = left.get(branch, 0) + 1
                state.path.append(pairs[branch])
                state.node_id, state.status, state.due_at, state.attempts = (
                    target,
                    "active",
                    now,
                    0,
                )
                moving[target].append(state)
            elif type(decision) is Hold:
                branch, outcome = None, "waiting"
                state.status = "waiting_event" if decision.for_event else "waiting"
                state.due_at, state.attempts = decision.until, 0
            elif type(decision) is Finish:
                branch, outcome = None, decision.status
                counts["exited"] += 1
                state.path.append((node_id, None))
                state.status, state.finished, state.due_at = decision.status, True, None
            else:
                continue
            state.step_no += 1
            state.logged += 1
            key = (node_id, branch, outcome, state.logged)
            logged = groups.get(key)
            if logged is None:
                groups[key] = logged = []
            logged.append(state)
            if decision.detail is not None:
                details.setdefault(key, {})[state.id] = decision.detail
        counts["passed"] = sum(left.values())
        for name, amount in counts.items():
            if amount:
                self.report.add(journey_id, node_id, name, amount, test=test_mode)
        for branch, amount in left.items():
            self.report.add_edge(journey_id, node_id, branch, amount, test=test_mode)
        return moving


def advance_due(
    session: Session,
    now: datetime,
    limit: int = 1000,
    journey_ids: list[int] | None = None,
    ahead: ReadAhead | None = None,
) -> BatchReport:
    """Advance one batch of due runs until each waits or leaves; the caller commits.

    Everything the batch does — grants, points, outbox rows, state changes, the step log —
    goes through ``session``, so it commits or rolls back as one. With ``ahead`` (SQLite,
    one connection per tick), the batch takes the runs read ahead by the previous one when
    they are still current, and starts reading the next batch's.
    """
    with _collector_paused():
        states = ahead.take(session.connection()) if ahead else None
        if states is None:
            states = claim_due(session, now, limit, journey_ids)
        if ahead:
            ahead.start(session.connection(), states, now, limit, journey_ids)
        batch = _Batch(session, now)
        if not states:
            return batch.report
        graphs = graphs_by_version(session, {state.version_id for state in states})
        batch.report.runs = len(states)

        groups: dict[tuple[int, str, bool], list[RunState]] = defaultdict(list)
        for state in _exit_by_rules(batch, states, graphs):
            groups[(state.version_id, state.node_id, state.is_test)].append(state)
        for _ in range(MAX_HOPS):
            if not groups:
                break
            # Those who move on go through their next node together, in this batch.
            moved: dict[tuple[int, str, bool], list[RunState]] = defaultdict(list)
            for (version_id, node_id, is_test), group in groups.items():
                for target, members in batch.execute(
                    graphs[version_id], node_id, group, is_test
                ).items():
                    if members:
                        moved[(version_id, target, is_test)].extend(members)
            groups = moved
        for group in groups.values():
            for state in group:
                batch.park([state], state.node_id, f"passed more than {MAX_HOPS} nodes in one step")

        write_batch(session, batch.steps, states, now)
        record_split_passes(session, batch.steps, graphs, now)
        record_touches(session, batch.touches, now)
        return batch.finish_report()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector for the length of a batch.

    A batch allocates hundreds of thousands of small tuples that stay alive until it ends;
    each collection would walk all of them again, which cost more than the SQL. Nothing a
    batch builds is cyclic, so reference counting frees it all the same.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
                    batch.report.add(state.journey_id, state.node_id, "exited", test=state.is_test)
                    state.path.append((state.node_id, "exit_criteria"))
                    state.status, state.finished, state.due_at = "exited", True, None
    return [s for s in states if s.id not in leaving]
