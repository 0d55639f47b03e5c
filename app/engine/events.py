"""What ingested events do to journeys, in the transaction that stores them.

Three things, each set-based over the batch of events: members enter journeys whose
``entry.event`` matches (or, while a journey is paused, the event is held for its resume:
``app.engine.held_events``); members waiting in a matching ``wait.event`` leave by its
``event`` branch; and members inside a journey whose goal matches convert (and leave, when
the journey exits on goal).

On SQLite an event post holds the database's write lock from the event's insert to its
commit, so this keeps that stretch short: the journeys and the members' runs are read in
two statements (``app.engine.event_reads``), the effects are decided in memory in the order
goals, exit criteria, wake-ups, entries, held events (each sees what the one before did),
and written with one statement per kind of row.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from app.attribution.touches import last_touch, touches_by_run
from app.bulk import insert_rows
from app.database import insert_ignoring_duplicates
from app.engine.entries import choose_entries, entry_values
from app.engine.event_reads import (
    MAX_GOAL_DAYS,
    Journeys,
    Run,
    add_graphs,
    needs_history,
    read_journeys,
    read_runs,
)
from app.engine.matching import event_matches
from app.engine.step_counts import add_step_counts, counts_of_rows
from app.engine.step_log import step_row
from app.models.events import Event
from app.models.runs import (
    LIVE_STATUSES,
    JourneyConversion,
    JourneyHeldEvent,
    JourneyMember,
    JourneyStep,
)

__all__ = ["MAX_GOAL_DAYS", "handle_events"]

_runs = JourneyMember.__table__
#: A run leaving on a goal or an exit criterion.
_LEAVE = (
    update(_runs)
    .where(_runs.c.id == bindparam("run_id"))
    .values(
        status="exited",
        due_at=None,
        step_no=bindparam("step_no"),
        path=bindparam("path", type_=_runs.c.path.type),
        updated_at=bindparam("now", type_=_runs.c.updated_at.type),
        finished_at=bindparam("now", type_=_runs.c.finished_at.type),
    )
)
#: A run woken from a ``wait.event`` by its ``event`` branch.
_WAKE = (
    update(_runs)
    .where(_runs.c.id == bindparam("run_id"))
    .values(
        node_id=bindparam("node_id"),
        status=bindparam("status"),
        last_error=bindparam("last_error"),
        due_at=bindparam("now", type_=_runs.c.due_at.type),
        step_no=bindparam("step_no"),
        path=bindparam("path", type_=_runs.c.path.type),
        updated_at=bindparam("now", type_=_runs.c.updated_at.type),
    )
)


class _Effects:
    """What handling a batch writes, gathered so each kind of row is one statement."""

    def __init__(self) -> None:
        self.conversions: list[dict] = []
        self.steps: list[dict] = []
        self.leaves: list[dict] = []
        self.wakes: list[dict] = []
        self.entries: list[dict] = []
        self.held: list[dict] = []

    def step(self, run: Run, outcome: str, branch: str | None, now: datetime) -> int:
        """Log ``run``'s next step at its node; returns its step number."""
        step_no = run.step_no + 1
        self.steps.append(step_row(run, step_no, outcome, branch, None, now))
        return step_no

    def leave(self, run: Run, outcome: str, branch: str, now: datetime) -> None:
        """``run`` leaves the journey from its node (a goal, an exit criterion)."""
        step_no = self.step(run, outcome, None if branch == "goal" else branch, now)
        run.path = [*(run.path or []), [run.node_id, branch]]
        run.status, run.step_no, run.may_convert = "exited", step_no, True
        self.leaves.append({"run_id": run.id, "step_no": step_no, "path": run.path, "now": now})

    def write(self, session: Session, test_runs: set[int], now: datetime) -> None:
        connection = session.connection()
        if self.conversions:
            insert_ignoring_duplicates(
                session, JourneyConversion, self.conversions, ["journey_member_id"]
            )
        if self.steps:
            insert_rows(session, JourneyStep.__table__, self.steps)
            add_step_counts(connection, counts_of_rows(self.steps, test_runs))
        if self.leaves:
            connection.execute(_LEAVE, self.leaves)
        if self.wakes:
            connection.execute(_WAKE, self.wakes)
        if self.entries:
            insert_ignoring_duplicates(
                session, JourneyMember, self.entries, ["journey_id", "member_id", "entry_key"]
            )
        if self.held:
            insert_ignoring_duplicates(
                session, JourneyHeldEvent, self.held, ["journey_id", "node_id", "event_id"]
            )


def handle_events(
    session: Session, event_ids: list[int], now: datetime, events: list | None = None
) -> dict[str, int]:
    """Apply a batch of stored events to every running journey; returns what happened.

    ``events``, when the caller has them (the rows its insert returned), are the events'
    ``id, member_id, type, name, properties, occurred_at``, and are not read again.
    """
    if not event_ids:
        return {"entered": 0, "woken": 0, "converted": 0}
    if events is None:
        events = session.execute(
            select(
                Event.id,
                Event.member_id,
                Event.type,
                Event.name,
                Event.properties,
                Event.occurred_at,
            )
            .where(Event.id.in_(event_ids))
            .order_by(Event.occurred_at, Event.id)
        ).all()
    else:
        events = sorted(events, key=lambda e: (e.occurred_at, e.id))
    session.flush()
    connection = session.connection()
    journeys = read_journeys(connection)
    by_member = defaultdict(list)
    for event in events:
        by_member[event.member_id].append(event)
    history_of = {
        live.journey_id
        for live in journeys.running
        if needs_history(live.graph.settings) and _event_entries(live)
    }
    runs = read_runs(connection, set(by_member), min(e.occurred_at for e in events), history_of)
    add_graphs(connection, journeys, {run.version_id for run in runs})
    effects = _Effects()
    done = {
        "converted": _goals(session, journeys, runs, by_member, effects, now),
        "exited": _exit_by_events(journeys, runs, by_member, effects, now),
        "woken": _wake_waiting(journeys, runs, by_member, effects, now),
        "entered": _enter(journeys, runs, events, effects, now),
        "held": _hold(journeys, events, effects, now),
    }
    effects.write(session, {run.id for run in runs if run.is_test}, now)
    return done


def _event_entries(live) -> list[str]:
    return [i for i in live.graph.entry_ids if live.graph.nodes[i].type == "entry.event"]


def _goals(
    session: Session, journeys: Journeys, runs: list[Run], by_member, effects, now: datetime
) -> int:
    """Members convert by the attribution rule (docs/attribution.md): a goal event after
    they entered and within the goal's window after the journey last touched them (after
    they entered, when it never did), whether or not they have left the journey since.
    Members still inside leave on the goal when the journey says so."""
    candidates = [
        run
        for run in runs
        if run.may_convert and journeys.graphs[run.version_id].settings.get("goal")
    ]
    if not candidates:
        return 0
    touched = touches_by_run(session, [run.id for run in candidates])
    converted = 0
    for run in candidates:
        goal = journeys.graphs[run.version_id].settings["goal"]
        window = timedelta(days=goal["conversion_window_days"])
        hit, node_id = None, run.node_id
        for e in by_member[run.member_id]:
            if e.occurred_at < run.entered_at or not event_matches(
                goal, e.type, e.name, e.properties
            ):
                continue
            last = last_touch(touched.get(run.id, ()), e.occurred_at)
            anchor = max(run.entered_at, last[1]) if last else run.entered_at
            if e.occurred_at <= anchor + window:
                hit, node_id = e, (last[0] if last else run.node_id)
                break
        if hit is None or run.is_test:  # a test run converts nobody for real
            continue
        value = (hit.properties or {}).get("amount")
        effects.conversions.append(
            {
                "journey_member_id": run.id,
                "journey_id": run.journey_id,
                "version_id": run.version_id,
                "member_id": run.member_id,
                "node_id": node_id,
                "event_id": hit.id,
                "value": value
                if isinstance(value, int | float) and not isinstance(value, bool)
                else None,
                "at": hit.occurred_at,
            }
        )
        converted += 1
        if goal.get("exit_on_goal", True) and run.status in LIVE_STATUSES:
            effects.leave(run, "converted", "goal", now)
    return converted


def _exit_by_events(journeys: Journeys, runs: list[Run], by_member, effects, now) -> int:
    """Members inside a journey leave it when an event meets one of its exit criteria."""
    exited = 0
    for run in runs:
        if run.status not in LIVE_STATUSES:
            continue
        criteria = [
            c["event"]
            for c in journeys.graphs[run.version_id].settings.get("exit_criteria") or []
            if c.get("kind") == "event"
        ]
        if not any(
            e.occurred_at >= run.entered_at and event_matches(c, e.type, e.name, e.properties)
            for c in criteria
            for e in by_member[run.member_id]
        ):
            continue
        effects.leave(run, "exited", "exit_criteria", now)
        exited += 1
    return exited


def _wake_waiting(journeys: Journeys, runs: list[Run], by_member, effects, now) -> int:
    """Members waiting in a ``wait.event`` that an event meets go on by its ``event`` branch."""
    woken = 0
    for run in runs:
        if run.status != "waiting_event":
            continue
        graph = journeys.graphs[run.version_id]
        node = graph.nodes.get(run.node_id)
        if node is None or node.type != "wait.event":
            continue
        if not any(
            e.occurred_at >= run.entered_at
            and event_matches(node.raw_config, e.type, e.name, e.properties)
            for e in by_member[run.member_id]
        ):
            continue
        target = graph.next_node(run.node_id, "event")
        step_no = effects.step(run, "passed", "event", now)
        run.path = [*(run.path or []), [run.node_id, "event"]]
        run.node_id, run.step_no = target or run.node_id, step_no
        run.status = "active" if target else "parked"
        effects.wakes.append(
            {
                "run_id": run.id,
                "node_id": run.node_id,
                "status": run.status,
                "last_error": None if target else f"no edge leaves node {run.node_id} by 'event'",
                "step_no": step_no,
                "path": run.path,
                "now": now,
            }
        )
        woken += 1
    return woken


def _enter(journeys: Journeys, runs: list[Run], events, effects, now: datetime) -> int:
    """Members enter the running journeys whose event entries the events meet, under each
    journey's re-entry rules (``app.engine.entries``): each matching event is one entry key."""
    entered = 0
    entered_keys: set[tuple[int, int, str]] = set()
    for live in journeys.running:
        history: dict[int, list] = {}
        if needs_history(live.graph.settings):
            for run in runs:
                if run.journey_id == live.journey_id and not run.is_test:
                    history.setdefault(run.member_id, []).append((run.status, run.entered_at))
        for node_id in _event_entries(live):
            node = live.graph.nodes[node_id]
            rows = [
                (e.member_id, f"event:{e.id}")
                for e in events
                if event_matches(node.raw_config, e.type, e.name, e.properties)
            ]
            chosen = choose_entries(live.graph.settings, history, rows, now)
            for member_id, key in chosen:
                if (live.journey_id, member_id, key) in entered_keys:
                    # Another entry node of the journey entered it already: the insert skips
                    # it, so it is no earlier run for the next node.
                    history[member_id].remove(("active", now))
                entered_keys.add((live.journey_id, member_id, key))
            effects.entries += entry_values(live.journey_id, live.version_id, node_id, chosen, now)
            entered += len(chosen)
    return entered


def _hold(journeys: Journeys, events, effects, now: datetime) -> int:
    """Keep the events that meet an event entry of a paused journey, for its resume
    (``app.engine.held_events``), unless the journey drops them."""
    held = 0
    for live in journeys.paused:
        if live.graph.settings.get("paused_events", "hold") == "drop":
            continue
        for node_id in _event_entries(live):
            node = live.graph.nodes[node_id]
            rows = [
                {
                    "journey_id": live.journey_id,
                    "node_id": node_id,
                    "event_id": e.id,
                    "member_id": e.member_id,
                    "held_at": now,
                }
                for e in events
                if event_matches(node.raw_config, e.type, e.name, e.properties)
            ]
            effects.held += rows
            held += len(rows)
    return held
