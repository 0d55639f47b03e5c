"""What ingested events do to journeys, in the transaction that stores them.

Three things, each set-based over the batch of events: members enter journeys whose
``entry.event`` matches (or, while a journey is paused, the event is held for its resume:
``app.engine.held_events``); members waiting in a matching ``wait.event`` leave by its
``event`` branch; and members inside a journey whose goal matches convert (and leave, when
the journey exits on goal).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.orm import Session

from app.attribution.touches import last_touch, touches_by_run
from app.database import insert_ignoring_duplicates
from app.engine.entries import enter_rows
from app.engine.held_events import hold_events
from app.engine.live import graphs_by_version, running_versions
from app.engine.matching import event_matches
from app.engine.step_counts import add_step_counts, counts_of_rows
from app.models.events import Event
from app.models.runs import LIVE_STATUSES, JourneyConversion, JourneyMember, JourneyStep

#: The longest goal window a journey may set (app.journeys.settings.Goal).
MAX_GOAL_DAYS = 365


def handle_events(session: Session, event_ids: list[int], now: datetime) -> dict[str, int]:
    """Apply a batch of stored events to every running journey; returns what happened."""
    if not event_ids:
        return {"entered": 0, "woken": 0, "converted": 0}
    events = session.execute(
        select(
            Event.id, Event.member_id, Event.type, Event.name, Event.properties, Event.occurred_at
        )
        .where(Event.id.in_(event_ids))
        .order_by(Event.occurred_at, Event.id)
    ).all()
    return {
        "converted": _goals(session, events, now),
        "exited": _exit_by_events(session, events, now),
        "woken": _wake_waiting(session, events, now),
        "entered": _enter(session, events, now),
        "held": hold_events(session, events, now),
    }


def _enter(session: Session, events, now: datetime) -> int:
    entered = 0
    for _journey, version, graph in running_versions(session):
        for node_id in graph.entry_ids:
            node = graph.nodes[node_id]
            if node.type != "entry.event":
                continue
            rows = [
                (e.member_id, f"event:{e.id}")
                for e in events
                if event_matches(node.raw_config, e.type, e.name, e.properties)
            ]
            entered += enter_rows(session, version, node_id, rows, now)
    return entered


#: What event handling reads of a run.
RUN_COLUMNS = (
    JourneyMember.id,
    JourneyMember.journey_id,
    JourneyMember.version_id,
    JourneyMember.member_id,
    JourneyMember.node_id,
    JourneyMember.step_no,
    JourneyMember.path,
    JourneyMember.entered_at,
    JourneyMember.is_test,
    JourneyMember.status,
)


def _live_runs(session: Session, member_ids: set[int], statuses) -> list:
    return session.execute(
        select(*RUN_COLUMNS).where(
            JourneyMember.member_id.in_(member_ids), JourneyMember.status.in_(statuses)
        )
    ).all()


def _wake_waiting(session: Session, events, now: datetime) -> int:
    by_member = defaultdict(list)
    for event in events:
        by_member[event.member_id].append(event)
    runs = _live_runs(session, set(by_member), ("waiting_event",))
    graphs = graphs_by_version(session, {r.version_id for r in runs})
    updates, steps = [], []
    for run in runs:
        graph = graphs[run.version_id]
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
        step_no = run.step_no + 1
        steps.append(_step(run, step_no, "passed", "event", now))
        updates.append(
            {
                "id": run.id,
                "node_id": target or run.node_id,
                "status": "active" if target else "parked",
                "last_error": None if target else f"no edge leaves node {run.node_id} by 'event'",
                "due_at": now,
                "step_no": step_no,
                "path": [*(run.path or []), [run.node_id, "event"]],
                "updated_at": now,
            }
        )
    _write(session, updates, steps, {run.id for run in runs if run.is_test})
    return len(updates)


def _goal_runs(session: Session, member_ids: set[int], earliest: datetime) -> list:
    """Runs that may convert on these events: live ones, and those that left recently
    enough for a goal window (at most :data:`MAX_GOAL_DAYS`) to be still open."""
    return session.execute(
        select(*RUN_COLUMNS).where(
            JourneyMember.member_id.in_(member_ids),
            or_(
                JourneyMember.status.in_(LIVE_STATUSES),
                and_(
                    JourneyMember.status.in_(("exited", "completed")),
                    JourneyMember.finished_at >= earliest - timedelta(days=MAX_GOAL_DAYS),
                ),
            ),
        )
    ).all()


def _goals(session: Session, events, now: datetime) -> int:
    """Members convert by the attribution rule (docs/attribution.md): a goal event after
    they entered and within the goal's window after the journey last touched them (after
    they entered, when it never did), whether or not they have left the journey since.
    Members still inside leave on the goal when the journey says so."""
    by_member = defaultdict(list)
    for event in events:
        by_member[event.member_id].append(event)
    runs = _goal_runs(session, set(by_member), min(e.occurred_at for e in events))
    graphs = graphs_by_version(session, {r.version_id for r in runs})
    touched = touches_by_run(
        session, [r.id for r in runs if graphs[r.version_id].settings.get("goal")]
    )
    conversions, updates, steps = [], [], []
    for run in runs:
        goal = graphs[run.version_id].settings.get("goal")
        if not goal:
            continue
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
        conversions.append(
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
        if goal.get("exit_on_goal", True) and run.status in LIVE_STATUSES:
            step_no = run.step_no + 1
            steps.append(_step(run, step_no, "converted", None, now))
            updates.append(
                {
                    "id": run.id,
                    "status": "exited",
                    "due_at": None,
                    "step_no": step_no,
                    "path": [*(run.path or []), [run.node_id, "goal"]],
                    "updated_at": now,
                    "finished_at": now,
                }
            )
    insert_ignoring_duplicates(session, JourneyConversion, conversions, ["journey_member_id"])
    _write(session, updates, steps, {run.id for run in runs if run.is_test})
    return len(conversions)


def _exit_by_events(session: Session, events, now: datetime) -> int:
    """Members inside a journey leave it when an event meets one of its exit criteria."""
    by_member = defaultdict(list)
    for event in events:
        by_member[event.member_id].append(event)
    runs = _live_runs(session, set(by_member), LIVE_STATUSES)
    graphs = graphs_by_version(session, {r.version_id for r in runs})
    updates, steps = [], []
    for run in runs:
        criteria = [
            c["event"]
            for c in graphs[run.version_id].settings.get("exit_criteria") or []
            if c.get("kind") == "event"
        ]
        if not any(
            e.occurred_at >= run.entered_at and event_matches(c, e.type, e.name, e.properties)
            for c in criteria
            for e in by_member[run.member_id]
        ):
            continue
        step_no = run.step_no + 1
        steps.append(_step(run, step_no, "exited", "exit_criteria", now))
        updates.append(
            {
                "id": run.id,
                "status": "exited",
                "due_at": None,
                "step_no": step_no,
                "path": [*(run.path or []), [run.node_id, "exit_criteria"]],
                "updated_at": now,
                "finished_at": now,
            }
        )
    _write(session, updates, steps, {run.id for run in runs if run.is_test})
    return len(updates)


def _step(run, step_no: int, outcome: str, branch: str | None, now: datetime) -> dict:
    return {
        "journey_member_id": run.id,
        "step_no": step_no,
        "journey_id": run.journey_id,
        "version_id": run.version_id,
        "member_id": run.member_id,
        "node_id": run.node_id,
        "branch": branch,
        "outcome": outcome,
        "detail": None,
        "at": now,
    }


def _write(session: Session, updates: list[dict], steps: list[dict], test_runs: set[int]) -> None:
    if steps:
        session.execute(insert(JourneyStep), steps)
        add_step_counts(session.connection(), counts_of_rows(steps, test_runs))
    if updates:
        session.execute(update(JourneyMember), updates)
