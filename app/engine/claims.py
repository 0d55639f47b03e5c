"""Claiming due runs: each worker takes a disjoint batch, so no run is advanced twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.engine.batch import RunState
from app.models.journeys import Journey
from app.models.runs import LIVE_STATUSES, JourneyMember

#: The columns read, in the order of :class:`RunState`'s fields.
_COLUMNS = (
    "id",
    "journey_id",
    "version_id",
    "member_id",
    "node_id",
    "status",
    "due_at",
    "step_no",
    "attempts",
    "is_test",
)
#: Position of the due time among ``_COLUMNS``, converted by its column type.
_DUE = 6
_table = JourneyMember.__table__


def _sql(dialect_name: str, marker: str, journeys: int | None, after: bool) -> str:
    """The claim query, written out so its rows come straight from the driver.

    The path is not read: the batch extends it in SQL. With ``after``, only runs past a
    given ``(due_at, id)`` are read (SQLite's read-ahead of the next batch).
    """
    columns = [f"jm.{name}" for name in _COLUMNS]
    live = ", ".join(f"'{status}'" for status in LIVE_STATUSES)
    sql = (
        f"SELECT {', '.join(columns)} FROM journey_members jm "
        "JOIN journeys j ON j.id = jm.journey_id "
        f"WHERE jm.status IN ({live}) AND jm.due_at <= {marker} "
        # Runs of a paused or archived journey stay put; test runs always go.
        "AND (j.status = 'published' OR jm.is_test = TRUE)"
    )
    if after:
        sql += f" AND (jm.due_at, jm.id) > ({marker}, {marker})"
    if journeys is not None:
        sql += f" AND jm.journey_id IN ({', '.join([marker] * journeys)})"
    # Equal due times are taken in id order (the index's own order on SQLite).
    sql += f" ORDER BY jm.due_at{', jm.id' if after else ''} LIMIT {marker}"
    if dialect_name == "postgresql":
        sql += " FOR UPDATE OF jm SKIP LOCKED"
    return sql


def claim_due(
    session: Session, now: datetime, limit: int, journey_ids: list[int] | None = None
) -> list[RunState]:
    """Lock and return up to ``limit`` live runs due by ``now`` of running journeys.

    On PostgreSQL the rows are locked ``FOR UPDATE SKIP LOCKED`` until the caller's
    transaction ends, so concurrent workers get disjoint batches. On SQLite the caller's
    transaction holds the database write lock (BEGIN IMMEDIATE), which serialises workers.
    """
    return read_due(session.connection(), now, limit, journey_ids)


def read_due(
    connection: Connection,
    now: datetime,
    limit: int,
    journey_ids: list[int] | None = None,
    after: tuple[datetime, int] | None = None,
) -> list[RunState]:
    """The due runs as :func:`claim_due` takes them, read on ``connection``; with ``after``,
    a run's ``(due_at, id)``, only those that come after it in claim order."""
    if journey_ids is not None and not journey_ids:
        return []
    dialect = connection.dialect
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = _sql(
        dialect.name, marker, None if journey_ids is None else len(journey_ids), after is not None
    )
    due_type = _table.c.due_at.type
    bind = due_type._cached_bind_processor(dialect) or (lambda value: value)
    keyset = () if after is None else (bind(after[0]), after[1])
    params = (bind(now), *keyset, *(journey_ids or ()), limit)
    rows = connection.exec_driver_sql(sql, params).fetchall()
    if not rows:
        return []
    result = due_type._cached_result_processor(dialect, None)
    columns = list(zip(*rows, strict=True))
    # A batch shares a handful of due times: each distinct one is parsed once.
    parsed = {
        value: value if value is None or not result else result(value)
        for value in set(columns[_DUE])
    }
    columns[_DUE] = map(parsed.__getitem__, columns[_DUE])
    columns[9] = map(bool, columns[9])
    return list(map(RunState, *columns))


def next_due_at(session: Session, now: datetime) -> datetime | None:
    """When the next live run of a running journey falls due after ``now``, if any."""
    return session.scalar(
        select(func.min(JourneyMember.due_at))
        .join(Journey, Journey.id == JourneyMember.journey_id)
        .where(
            JourneyMember.status.in_(LIVE_STATUSES),
            JourneyMember.due_at > now,
            or_(Journey.status == "published", JourneyMember.is_test.is_(True)),
        )
    )
