"""Queueing messages in the outbox, in the transaction of the step that caused them."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bulk import fetch_in, insert_tuples
from app.models import MessageTemplate, OutboxMessage
from app.reports.message_days import message_days_kept

CHUNK = 5000
_outbox = OutboxMessage.__table__
_COLUMNS = (
    "idempotency_key",
    "member_id",
    "channel",
    "template_key",
    "category",
    "context",
    "journey_id",
    "node_id",
    "next_attempt_at",
    "status",
    "reason",
    "attempts",
    "created_at",
    "updated_at",
)


class EnqueueError(ValueError):
    """Messages that cannot be queued (unknown template, channel mismatch), all listed."""

    def __init__(self, problems: list[dict]):
        super().__init__("; ".join(p["message"] for p in problems[:5]))
        self.problems = problems


@dataclass
class EnqueueResult:
    queued: int = 0
    duplicates: set[str] = field(default_factory=set)


def enqueue_messages(
    session: Session,
    items: Iterable[tuple[int | None, str, str, dict, str]],
    now: datetime,
    source: tuple[int, str] | None = None,
    due: dict[str, datetime] | None = None,
) -> EnqueueResult:
    """Queue ``(member_id, channel, template_key, context, idempotency_key)`` items.

    ``source`` is the ``(journey_id, node_id)`` that queued them, so outcomes can be counted
    per node. Does not commit. A key queued before (or twice in ``items``) is kept once and reported
    in ``duplicates``. ``context`` may hold ``coupon`` (``{"code": ...}``), ``points`` and
    anything else, which templates read as ``vars``. ``due`` gives some idempotency keys a
    later time to send (the dispatcher's rules, quiet hours too, still apply then).
    """
    items = list(items)
    keys = [it[4] for it in items]
    templates = dict(
        session.execute(
            select(MessageTemplate.key, MessageTemplate).where(
                MessageTemplate.key.in_({it[2] for it in items})
            )
        ).all()
    )
    problems = []
    for i, (_, channel, template_key, _, key) in enumerate(items):
        template = templates.get(template_key)
        if not key or len(key) > 200:
            problems.append({"index": i, "field": "idempotency_key", "message": "1-200 characters"})
        elif template is None:
            problems.append(
                {"index": i, "field": "template_key", "message": f"no template {template_key!r}"}
            )
        elif template.channel != channel:
            problems.append(
                {
                    "index": i,
                    "field": "channel",
                    "message": f"template {template_key!r} is for {template.channel}, not {channel}",
                }
            )
    if problems:
        raise EnqueueError(problems)
    existing = {
        key
        for (key,) in fetch_in(
            session, "SELECT idempotency_key FROM outbox WHERE idempotency_key IN ({values})", keys
        )
    }
    result = EnqueueResult(duplicates=set(existing))
    journey_id, node_id = source or (None, None)
    category = {key: template.category for key, template in templates.items()}
    rows, seen = [], set(existing)
    for member_id, channel, template_key, context, key in items:
        if key in seen:
            result.duplicates.add(key)
            continue
        seen.add(key)
        rows.append(
            (
                key,
                member_id,
                channel,
                template_key,
                category[template_key],
                context or {},
                journey_id,
                node_id,
                (due or {}).get(key, now),
                "pending",
                "",
                0,
                now,
                now,
            )
        )
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i : i + CHUNK]
        # A journey's messages count in its report's kept daily counts as they are queued.
        kept = journey_id is not None
        queued = _outbox.c.idempotency_key.in_([row[0] for row in chunk])
        with message_days_kept(session, queued) if kept else nullcontext():
            insert_tuples(session, _outbox, _COLUMNS, chunk, ["idempotency_key"])
    result.queued = len(rows)
    return result
