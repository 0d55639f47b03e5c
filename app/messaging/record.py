"""Writing a claim's outcomes: the outbox rows and their delivery events, fenced by the claim.

Called for every group of outcomes a provider answers (often a handful of messages), so it
talks to the driver directly: one statement that locks the rows still carrying the claim's
token and says which, one ``executemany`` update of those rows and one of their events,
values passed through the columns' own bind processors (``app.bulk``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from app.bulk import _convert, _marker, _processors
from app.messaging.batch import Result
from app.models import DeliveryEvent, OutboxMessage
from app.reports.message_days import message_days_kept

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


def _sql(dialect) -> tuple[str, str, str]:
    m = _marker(dialect)
    held = f"UPDATE outbox SET updated_at = {m} WHERE claim_token = {m} AND id IN ({{ids}}) RETURNING id"
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
    conn: Connection, token: str, now: datetime, results: list[Result]
) -> list[Result]:
    """Write ``results`` for the rows still held by ``token`` (not committed); returns the
    results written. A row claimed again by another dispatcher keeps that claim's state."""
    if not results:
        return []
    dialect = conn.dialect
    held_sql, row_sql, event_sql = _sql(dialect)
    (stamp,) = _convert([(now,)], _processors(_outbox, ("updated_at",), dialect))[0]
    marks = ", ".join([_marker(dialect)] * len(results))
    held = {
        r[0]
        for r in conn.exec_driver_sql(
            held_sql.format(ids=marks), (stamp, token, *[r.id for r in results])
        )
    }
    results = [r for r in results if r.id in held]
    if not results:
        return []
    rows = [
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
    ]
    with message_days_kept(conn, _outbox.c.id.in_([r.id for r in results])):
        conn.exec_driver_sql(row_sql, _convert(rows, _processors(_outbox, _ROW_COLUMNS, dialect)))
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
    conn.exec_driver_sql(event_sql, _convert(events, _processors(_events, _EVENT_COLUMNS, dialect)))
    return results
