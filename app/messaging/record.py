"""Writing a claim's outcomes: the outbox rows and their delivery events, fenced by the claim.

Called for every group of outcomes a provider answers (often a handful of messages), so it
talks to the driver directly and keeps the statements per group to a fixed few. On SQLite:
one statement that locks the rows still carrying the claim's token and gives back what the
journey report counts of them, one ``executemany`` update of those rows, one of their
events and, for journey messages that changed count, one upsert of the kept daily counts
(computed from the rows in hand, not read back); values pass through the columns' own bind
processors (``app.bulk``). On PostgreSQL all of it is one statement, sent with the commit
in one round trip (:mod:`app.messaging.pipelined`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from app.bulk import _convert, _marker, _processors, execute_many
from app.messaging.batch import Result
from app.messaging.pipelined import record_results_postgres
from app.models import DeliveryEvent, OutboxMessage
from app.reports.message_days import add_counted, counted_rows

_outbox = OutboxMessage.__table__
_events = DeliveryEvent.__table__

_ROW_COLUMNS = (
    "status",
    "reason",
    "next_attempt_at",
    "attempts",
    "sent_at",
    "provider_message_id",
    "cost",
    "subject",
    "body",
    "updated_at",
    "id",
    "claim_token",
)
_EVENT_COLUMNS = ("message_id", "status", "reason", "at", "detail")


#: What the journey report counts of a message, as :func:`counted_rows` reads it.
_COUNTED = "journey_id, node_id, channel, status, sent_at, created_at, cost"


def _sql(dialect) -> tuple[str, str, str]:
    m = _marker(dialect)
    held = (
        f"UPDATE outbox SET updated_at = {m} WHERE claim_token = {m} AND id IN ({{ids}}) "
        f"RETURNING id, {_COUNTED}"
    )
    row = (
        f"UPDATE outbox SET status = {m}, reason = {m}, next_attempt_at = {m}, "
        f"attempts = attempts + {m}, sent_at = {m}, provider_message_id = {m}, cost = {m}, "
        f"subject = {m}, body = {m}, claim_token = NULL, updated_at = {m} "
        f"WHERE id = {m} AND claim_token = {m}"
    )
    event = (
        f"INSERT INTO delivery_events ({', '.join(_EVENT_COLUMNS)}) "
        f"VALUES ({', '.join([m] * len(_EVENT_COLUMNS))})"
    )
    return held, row, event


def record_results(
    conn: Connection, token: str, now: datetime, results: list[Result], commit: bool = False
) -> list[Result]:
    """Write ``results`` for the rows still held by ``token``; returns the results written.
    A row claimed again by another dispatcher keeps that claim's state. With ``commit``
    the transaction is committed (on PostgreSQL in the same round trip); without, the
    caller commits."""
    if not results:
        if commit:
            conn.commit()
        return []
    if conn.dialect.name == "postgresql":
        return record_results_postgres(conn, token, now, results, commit)
    written = _record_results(conn, token, now, results)
    if commit:
        conn.commit()
    return written


def _record_results(
    conn: Connection, token: str, now: datetime, results: list[Result]
) -> list[Result]:
    dialect = conn.dialect
    held_sql, row_sql, event_sql = _sql(dialect)
    (stamp,) = _convert([(now,)], _processors(_outbox, ("updated_at",), dialect))[0]
    marks = ", ".join([_marker(dialect)] * len(results))
    before = {
        r[0]: r[1:]
        for r in conn.exec_driver_sql(
            held_sql.format(ids=marks), (stamp, token, *[r.id for r in results])
        )
    }
    results = [r for r in results if r.id in before]
    if not results:
        return []
    rows = _convert(
        [
            (
                r.status,
                r.reason[:300],
                r.next_attempt_at or now,
                r.attempts_adjust,
                r.sent_at,
                r.provider_message_id,
                r.cost,
                r.subject,
                r.body,
                now,
                r.id,
                token,
            )
            for r in results
        ],
        _processors(_outbox, _ROW_COLUMNS, dialect),
    )
    events = [
        (
            r.id,
            r.status,
            r.reason[:300],
            now,
            {**r.detail, "until": r.next_attempt_at.isoformat()}
            if r.status in ("deferred", "retry") and r.next_attempt_at
            else r.detail,
        )
        for r in results
    ]
    events = _convert(events, _processors(_events, _EVENT_COLUMNS, dialect))
    journey = [r for r in results if before[r.id][0] is not None]
    execute_many(conn, row_sql, rows)
    execute_many(conn, event_sql, events)
    if journey:
        # Each row as it was and as it is now: status, sent_at (stored form) and cost.
        now_state = {row[10]: (row[0], row[4]) for row in rows}
        add_counted(
            conn,
            counted_rows(before[r.id] for r in journey),
            counted_rows(
                (*before[r.id][:3], *now_state[r.id], before[r.id][5], r.cost) for r in journey
            ),
        )
    return results
