"""Writing a batch: its step log and every run's new state, set-based.

Steps and states are grouped by what they share. The steps members took at the same node,
by the same branch, with the same outcome, as the same step of the batch form one group,
written by one ``INSERT … SELECT`` from the runs' rows (run, member, journey, version and
step number come from the row; a detail that differs per member, such as a coupon code,
comes along as one JSON object keyed by run). The runs that end the batch in the same place
the same way get one ``UPDATE``, their paths extended in SQL; runs whose new state is their
own (a local send time per member, say) are updated row by row in one ``executemany``.
The per-node counts of the live view are added to last (app.engine.step_counts).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from functools import lru_cache

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from app.bulk import execute_many
from app.engine.batch import RunState
from app.engine.step_counts import CountKey, add_step_counts
from app.models.runs import JourneyMember, JourneyStep

#: Runs sharing a new state from which they are updated by one statement.
SET_MIN = 16

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
#: A step group: ``(node_id, branch, outcome, n)``, where ``n`` is how many steps each of
#: its runs has logged in this batch with this one, so its step number is the stored one
#: plus ``n``.
StepKey = tuple[str, str | None, str, int]


class StepLog:
    """The steps of one batch: the runs of each :data:`StepKey`, and the details given."""

    def __init__(self) -> None:
        self.groups: dict[StepKey, list[RunState]] = {}
        #: ``{key: {run_id: detail}}`` for the steps logged with a detail.
        self.details: dict[StepKey, dict[int, dict]] = {}

    def add(
        self,
        state: RunState,
        node_id: str,
        outcome: str,
        branch: str | None = None,
        detail: dict | None = None,
    ) -> None:
        """Log one step of ``state`` (the runner's hot loop does the same inline)."""
        state.step_no += 1
        state.logged += 1
        key = (node_id, branch, outcome, state.logged)
        group = self.groups.get(key)
        if group is None:
            self.groups[key] = group = []
        group.append(state)
        if detail is not None:
            self.details.setdefault(key, {})[state.id] = detail

    def __len__(self) -> int:
        return sum(map(len, self.groups.values()))

    def samples(self, limit: int) -> list[tuple]:
        """Up to ``limit`` ``(journey_id, member_id, node_id, outcome, branch)`` of real runs."""
        found: list[tuple] = []
        for (node_id, branch, outcome, _), states in self.groups.items():
            for state in states:
                if len(found) == limit:
                    return found
                if not state.is_test:
                    found.append((state.journey_id, state.member_id, node_id, outcome, branch))
        return found


def step_row(run, step_no: int, outcome: str, branch: str | None, detail, at: datetime) -> dict:
    """The step log row of ``run`` (a row with its id, journey, version, member and node)
    taking step ``step_no`` at its node."""
    return {
        "journey_member_id": run.id,
        "step_no": step_no,
        "journey_id": run.journey_id,
        "version_id": run.version_id,
        "member_id": run.member_id,
        "node_id": run.node_id,
        "branch": branch,
        "outcome": outcome,
        "detail": detail,
        "at": at,
    }


def write_batch(session: Session, log: StepLog, states: list[RunState], now: datetime) -> None:
    """Insert the batch's steps, then bring every claimed run to its new state.

    The steps go first: their step numbers are counted from the runs' stored ones.
    """
    connection = session.connection()
    _write_steps(connection, log, now)
    _write_states(connection, states, now)
    # Last, so that on PostgreSQL a worker holds the shared count rows only until it commits.
    add_step_counts(connection, _counts(log))


def _counts(log: StepLog) -> Counter[CountKey]:
    """The batch's steps of real runs by journey, node, outcome and branch."""
    counts: Counter[CountKey] = Counter()
    for (node_id, branch, outcome, _), states in log.groups.items():
        for journey_id, n in Counter(s.journey_id for s in states if not s.is_test).items():
            counts[(journey_id, node_id, outcome, branch)] += n
    return counts


def _write_steps(connection: Connection, log: StepLog, now: datetime) -> None:
    dialect = connection.dialect
    at = _bind(JourneyStep.__table__.c.at, dialect, now)
    for key, states in log.groups.items():
        node_id, branch, outcome, n = key
        details = log.details.get(key)
        shared = _shared_detail(details, states)
        if details is None or shared is not None:
            detail = None if shared is None else json.dumps(shared)
            sql, runs = _insert_steps_sql(dialect, per_run=False), _ids(dialect, states)
        else:
            detail = None
            sql = _insert_steps_sql(dialect, per_run=True)
            runs = json.dumps({s.id: details.get(s.id) for s in states})
        connection.exec_driver_sql(sql, (n, node_id, branch, outcome, detail, at, runs))


def _shared_detail(details: dict[int, dict] | None, states: list[RunState]) -> dict | None:
    """The one detail every run of a group was logged with, if they share one object."""
    if not details or len(details) != len(states):
        return None
    first = next(iter(details.values()))
    return first if all(d is first for d in details.values()) else None


def _write_states(connection: Connection, states: list[RunState], now: datetime) -> None:
    """One ``UPDATE`` per group of runs sharing their new state; the rest row by row."""
    dialect = connection.dialect
    columns = JourneyMember.__table__.c
    to_time = columns.due_at.type._cached_bind_processor(dialect)
    stamp = to_time(now) if to_time else now
    singles: dict[bool, list[tuple]] = {True: [], False: []}
    for key, group in _state_groups(states).items():
        node_id, status, due_at, attempts, last_error, finished, logged, path = key
        values = (
            node_id,
            status,
            to_time(due_at) if to_time and due_at is not None else due_at,
            logged,
            attempts,
            last_error,
            *((json.dumps(path),) if path else ()),
            stamp,
            stamp if finished else None,
        )
        if len(group) >= SET_MIN:
            sql = _update_states_sql(dialect, bool(path), many=True)
            connection.exec_driver_sql(sql, (*values, _ids(dialect, group)))
        else:
            singles[bool(path)].extend((*values, s.id) for s in group)
    for with_path, rows in singles.items():
        if rows:
            execute_many(connection, _update_states_sql(dialect, with_path, many=False), rows)


def _state_groups(states: list[RunState]) -> dict[tuple, list[RunState]]:
    """Runs grouped by everything their state update sets."""
    groups: dict[tuple, list[RunState]] = {}
    for s in states:
        key = (
            s.node_id,
            s.status,
            s.due_at,
            s.attempts,
            s.last_error,
            s.finished,
            s.logged,
            tuple(s.path),
        )
        group = groups.get(key)
        if group is None:
            groups[key] = group = []
        group.append(s)
    return groups


def _bind(column, dialect: Dialect, value):
    process = column.type._cached_bind_processor(dialect)
    return process(value) if process else value


def _ids(dialect: Dialect, states: list[RunState]):
    """The run ids of a group as one parameter: a JSON array on SQLite, an array on
    PostgreSQL."""
    ids = [s.id for s in states]
    return ids if dialect.name == "postgresql" else json.dumps(ids)


def _in_ids(dialect: Dialect) -> str:
    if dialect.name == "postgresql":
        return "= ANY(CAST(%s AS BIGINT[]))"
    return "IN (SELECT value FROM json_each(?))"


@lru_cache(maxsize=8)
def _insert_steps_sql(dialect: Dialect, per_run: bool) -> str:
    """Steps of a group from the runs' rows. Parameters: the step's place in the batch,
    node, branch, outcome, the shared detail, the time, then the runs: their ids, or with
    ``per_run`` a JSON object of run id to that run's detail (null for none)."""
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    pg = dialect.name == "postgresql"
    shared = f"CAST({mark} AS JSONB)" if pg else mark
    head = (
        f"INSERT INTO journey_steps ({', '.join(STEP_COLUMNS)}) SELECT jm.id, jm.step_no + {mark}, "
    )
    head += f"jm.journey_id, jm.version_id, jm.member_id, {mark}, {mark}, {mark}, "
    if not per_run:
        return f"{head}{shared}, {mark} FROM journey_members jm WHERE jm.id {_in_ids(dialect)}"
    if pg:
        return (
            f"{head}COALESCE({shared}, NULLIF(d.value, 'null'::jsonb)), {mark} "
            f"FROM jsonb_each(CAST({mark} AS JSONB)) d "
            "JOIN journey_members jm ON jm.id = CAST(d.key AS BIGINT)"
        )
    return (
        f"{head}COALESCE({shared}, d.value), {mark} FROM json_each({mark}) d "
        "JOIN journey_members jm ON jm.id = CAST(d.key AS INTEGER)"
    )


@lru_cache(maxsize=16)
def _update_states_sql(dialect: Dialect, with_path: bool, many: bool) -> str:
    """The state update of a group (``many``) or of one run per row.

    The path only grows at its end: the pairs the batch added (a JSON array) are joined to
    the stored array in SQL, without reading it back.
    """
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    if dialect.name == "postgresql":
        path = f"path || CAST({mark} AS JSONB)"
    else:
        path = (
            "substr(path, 1, length(path) - 1) || "
            f"CASE WHEN path = '[]' THEN '' ELSE ', ' END || substr({mark}, 2)"
        )
    assignments = [
        f"node_id = {mark}",
        f"status = {mark}",
        f"due_at = {mark}",
        f"step_no = step_no + {mark}",
        f"attempts = {mark}",
        f"last_error = {mark}",
        *([f"path = {path}"] if with_path else []),
        f"updated_at = {mark}",
        f"finished_at = {mark}",
    ]
    where = f"id {_in_ids(dialect)}" if many else f"id = {mark}"
    return f"UPDATE journey_members SET {', '.join(assignments)} WHERE {where}"
