"""Webhook nodes that wait for the endpoint's answer.

A waiting webhook call is queued under the key ``journey-run:<run>:<node>:reply`` (a run
visits a node once), and its member is held at the node until the dispatcher records the
call's outcome or the wait runs out. The dispatcher wakes the held runs in the transaction
that records the outcome (:func:`wake_runs`); the node then reads the answer
(:func:`answers`) and keeps it on the step and, when asked, on the member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.models import DeliveryEvent, OutboxMessage
from app.models.runs import JourneyMember

PREFIX, SUFFIX = "journey-run:", ":reply"
#: Outcomes after which the call will not be tried again.
SETTLED = ("sent", "failed")


def reply_key(run_id: int, node_id: str) -> str:
    return f"{PREFIX}{run_id}:{node_id}{SUFFIX}"


def _run_and_node(key: str) -> tuple[int, str] | None:
    if not (key.startswith(PREFIX) and key.endswith(SUFFIX)):
        return None
    run, _, node = key[len(PREFIX) : -len(SUFFIX)].partition(":")
    return (int(run), node) if run.isdigit() and node else None


def wake_runs(conn: Connection, rows, results, now: datetime) -> int:
    """Make the runs waiting for these webhook calls due now (not committed); returns how
    many woke. A call that will be retried wakes its run too, which holds on."""
    status = {r.id: r.status for r in results}
    by_node: dict[str, list[int]] = {}
    for row in rows:
        found = _run_and_node(row.idempotency_key or "") if row.channel == "webhook" else None
        if found and status.get(row.id) in (*SETTLED, "retry"):
            by_node.setdefault(found[1], []).append(found[0])
    woke = 0
    for node_id, runs in by_node.items():
        woke += conn.execute(
            update(JourneyMember.__table__)
            .where(
                JourneyMember.__table__.c.id.in_(runs),
                JourneyMember.__table__.c.node_id == node_id,
                JourneyMember.__table__.c.status == "waiting_event",
            )
            .values(due_at=now)
        ).rowcount
    return woke


@dataclass(frozen=True)
class Answer:
    """Where a waiting call stands: its outbox status, when it was queued, and the
    endpoint's answer (``{"status", "json"}``) when there is one."""

    status: str
    queued_at: datetime
    response: dict | None


def answers(session: Session, keys: list[str]) -> dict[str, Answer]:
    """``{key: Answer}`` for the calls queued under ``keys``: two queries for the batch."""
    calls = session.execute(
        select(
            OutboxMessage.id, OutboxMessage.idempotency_key, OutboxMessage.status,
            OutboxMessage.created_at,
        ).where(OutboxMessage.idempotency_key.in_(keys))
    ).all()  # fmt: skip
    latest: dict[int, dict] = {}
    for message_id, detail in session.execute(
        select(DeliveryEvent.message_id, DeliveryEvent.detail)
        .where(DeliveryEvent.message_id.in_([c.id for c in calls]))
        .order_by(DeliveryEvent.id)
    ):
        if isinstance(detail, dict) and "response" in detail:
            latest[message_id] = detail["response"]
    return {c.idempotency_key: Answer(c.status, c.created_at, latest.get(c.id)) for c in calls}


def as_attributes(prefix: str, response: dict | None) -> dict:
    """The answer as member attributes: ``<prefix>_status`` (the HTTP status, 0 for none)
    and ``<prefix>_<field>`` for each top-level field of a JSON object answer."""
    out = {f"{prefix}_status": (response or {}).get("status", 0)}
    body = (response or {}).get("json")
    if isinstance(body, dict):
        for name, value in body.items():
            if isinstance(name, str) and len(name) <= 60:
                out[f"{prefix}_{name}"] = value
    return out
