"""The dispatcher's statements on PostgreSQL, each sent with its ``COMMIT`` in one round
trip (a pipeline): renewing the lease of a chunk about to be sent, and recording a group of
outcomes.

Recording is one data-modifying ``WITH`` statement locks the rows that still carry the claim's token
(``FOR UPDATE``: the fence), updates them from the outcomes passed as arrays, inserts their
delivery events and adds the change of the journey report's kept daily counts (each row
as it was, from the lock, against each row as it is now) to ``journey_message_days``. A
group of outcomes so costs the dispatcher one wait for the server instead of one per
statement. The statements' text does not depend on how many rows they touch (ids and values
go as arrays), so the driver prepares each once per connection.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.engine import Connection

from app.messaging.batch import Result
from app.models.outbox import SENT_LIKE

_SENT_LIKE = ", ".join(f"'{s}'" for s in SENT_LIKE)


def _day(column: str) -> str:
    """``utc_day`` of a stored time, ``''`` for NULL (as ``counted_rows`` keys it)."""
    return f"coalesce(to_char(timezone('UTC', {column}), 'YYYY-MM-DD'), '')"


def _progress(column: str) -> str:
    return f"CASE WHEN {column} IN ({_SENT_LIKE}) THEN {column} ELSE 'queued' END"


RECORD = f"""
WITH given AS (
    SELECT * FROM unnest(
        %(id)s::bigint[], %(status)s::text[], %(reason)s::text[],
        %(next_attempt_at)s::timestamptz[], %(attempts)s::int[], %(sent_at)s::timestamptz[],
        %(provider_message_id)s::text[], %(cost)s::numeric[], %(subject)s::text[],
        %(body)s::text[], %(detail)s::text[]
    ) AS g(id, status, reason, next_attempt_at, attempts, sent_at, provider_message_id,
           cost, subject, body, detail)
),
held AS (
    SELECT id, journey_id, node_id, channel, status, sent_at, created_at, cost
    FROM outbox
    WHERE id = ANY(%(id)s::bigint[]) AND claim_token = %(token)s
    ORDER BY id
    FOR UPDATE
),
written AS (
    UPDATE outbox AS o SET
        status = g.status, reason = g.reason, next_attempt_at = g.next_attempt_at,
        attempts = o.attempts + g.attempts, sent_at = g.sent_at,
        provider_message_id = g.provider_message_id, cost = g.cost, subject = g.subject,
        body = g.body, claim_token = NULL, updated_at = %(now)s
    FROM given AS g JOIN held AS h ON h.id = g.id
    WHERE o.id = g.id AND o.claim_token = %(token)s
    RETURNING o.id, o.status, o.sent_at, o.cost, h.journey_id, h.node_id, h.channel,
        h.status AS was_status, h.sent_at AS was_sent_at, h.cost AS was_cost, h.created_at,
        g.reason, g.detail
),
events AS (
    INSERT INTO delivery_events (message_id, status, reason, at, detail)
    SELECT id, status, reason, %(now)s, detail::jsonb FROM written ORDER BY id
),
changes AS (
    SELECT journey_id, coalesce(node_id, '') AS node_id, channel, {_progress("was_status")}
            AS status, {_day("was_sent_at")} AS day, {_day("created_at")} AS queued_day,
           -1 AS messages, -coalesce(was_cost, 0) AS cost
    FROM written WHERE journey_id IS NOT NULL
    UNION ALL
    SELECT journey_id, coalesce(node_id, ''), channel, {_progress("status")},
           {_day("sent_at")}, {_day("created_at")}, 1, coalesce(cost, 0)
    FROM written WHERE journey_id IS NOT NULL
),
counted AS (
    INSERT INTO journey_message_days
        (journey_id, node_id, channel, status, day, queued_day, messages, cost)
    SELECT journey_id, node_id, channel, status, day, queued_day, sum(messages), sum(cost)
    FROM changes
    GROUP BY journey_id, node_id, channel, status, day, queued_day
    HAVING sum(messages) <> 0 OR sum(cost) <> 0
    ORDER BY journey_id, node_id, channel, status, day, queued_day
    ON CONFLICT (journey_id, node_id, channel, status, day, queued_day) DO UPDATE SET
        messages = journey_message_days.messages + excluded.messages,
        cost = journey_message_days.cost + excluded.cost
)
SELECT id FROM written
"""


RENEW = """
UPDATE outbox SET next_attempt_at = %(until)s
WHERE id = ANY(%(id)s::bigint[]) AND claim_token = %(token)s AND status = 'sending'
RETURNING id
"""


def _committed(conn: Connection, sql: str, params: dict, commit: bool = True) -> list:
    """The rows ``sql`` returns; with ``commit``, the transaction (begun before by the
    connection, or by this statement) is committed in the same round trip."""
    driver = conn.connection.driver_connection
    try:
        with driver.cursor() as cursor:
            if commit:
                with driver.pipeline():
                    cursor.execute(sql, params)
                    driver.commit()
            else:
                cursor.execute(sql, params)
            return cursor.fetchall()
    except Exception:
        # The statement ran on the driver, so the connection may not know a transaction
        # was begun: end it here (its locks too) before the error goes up.
        driver.rollback()
        conn.rollback()
        raise


def renew_postgres(conn: Connection, token: str, ids: list[int], until: datetime) -> set[int]:
    """Extend the lease of ``ids`` still held by ``token`` until ``until`` and commit;
    returns the ids still held."""
    return {row[0] for row in _committed(conn, RENEW, {"id": ids, "token": token, "until": until})}


def _detail(r: Result) -> str:
    if r.status in ("deferred", "retry") and r.next_attempt_at:
        return json.dumps({**r.detail, "until": r.next_attempt_at.isoformat()}, default=str)
    return json.dumps(r.detail, default=str)


def record_results_postgres(
    conn: Connection, token: str, now: datetime, results: list[Result], commit: bool
) -> list[Result]:
    """:func:`app.messaging.record.record_results` on PostgreSQL; with ``commit`` the
    transaction is committed in the same round trip as the statement."""
    params = {
        "token": token,
        "now": now,
        "id": [r.id for r in results],
        "status": [r.status for r in results],
        "reason": [r.reason[:300] for r in results],
        "next_attempt_at": [r.next_attempt_at or now for r in results],
        "attempts": [r.attempts_adjust for r in results],
        "sent_at": [r.sent_at for r in results],
        "provider_message_id": [r.provider_message_id for r in results],
        "cost": [r.cost for r in results],
        "subject": [r.subject for r in results],
        "body": [r.body for r in results],
        "detail": [_detail(r) for r in results],
    }
    written = {row[0] for row in _committed(conn, RECORD, params, commit)}
    return [r for r in results if r.id in written]
