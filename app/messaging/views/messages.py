"""The outbox as marketers see it: each message's status and history, totals per channel,
and ad-hoc sends (a test message, a one-off announcement).
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, jsonify
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from app.engine.clock import current_clock
from app.errors import ApiError, validation_error
from app.extensions import api_spec, db
from app.messaging.outbox import EnqueueError, enqueue_messages
from app.messaging.views import bp
from app.models import DeliveryEvent, Member, OutboxMessage

TAGS = ["messages"]


class MessageQuery(BaseModel):
    member_id: int | None = None
    member: str | None = Field(
        default=None, min_length=1, max_length=64, description="A member's external id."
    )
    channel: str | None = Field(default=None, max_length=16)
    status: str | None = Field(default=None, max_length=16)
    after: int = Field(default=0, ge=0)
    limit: int = Field(default=50, ge=1, le=500)


class SummaryQuery(BaseModel):
    since: datetime | None = Field(default=None, description="Messages created from then on.")


class SendBody(BaseModel):
    member_ids: list[int] = Field(min_length=1)
    channel: str = Field(pattern="^(email|sms|push|inapp|webhook)$")
    template_key: str = Field(min_length=1, max_length=100)
    context: dict = Field(default_factory=dict)
    idempotency_prefix: str = Field(
        min_length=1,
        max_length=120,
        description="Keys are <prefix>:<member_id>; resending is a no-op.",
    )


def message_json(m: OutboxMessage, member_external_id: str | None = None) -> dict:
    iso = lambda v: v.isoformat() if v else None  # noqa: E731
    return {
        "id": m.id,
        "idempotency_key": m.idempotency_key,
        "member_id": m.member_id,
        "member_external_id": member_external_id,
        "channel": m.channel,
        "template_key": m.template_key,
        "category": m.category,
        "status": m.status,
        "reason": m.reason,
        "attempts": m.attempts,
        "next_attempt_at": iso(m.next_attempt_at),
        "subject": m.subject,
        "body": m.body,
        "cost": str(m.cost) if m.cost is not None else None,
        "created_at": iso(m.created_at),
        "sent_at": iso(m.sent_at),
    }


@bp.get("/messages")
@api_spec.validate(query=MessageQuery, tags=TAGS)
def list_messages(query: MessageQuery):
    """Outbox messages in id order, filtered by member, channel or status."""
    stmt = (
        select(OutboxMessage, Member.external_id)
        .outerjoin(Member, Member.id == OutboxMessage.member_id)
        .where(OutboxMessage.id > query.after)
    )
    if query.member_id is not None:
        stmt = stmt.where(OutboxMessage.member_id == query.member_id)
    if query.member is not None:
        stmt = stmt.where(Member.external_id == query.member.strip())
    if query.channel:
        stmt = stmt.where(OutboxMessage.channel == query.channel)
    if query.status:
        stmt = stmt.where(OutboxMessage.status == query.status)
    rows = db.session.execute(stmt.order_by(OutboxMessage.id).limit(query.limit)).all()
    return jsonify(
        messages=[message_json(m, external) for m, external in rows],
        next_after=rows[-1][0].id if len(rows) == query.limit else None,
    )


@bp.get("/messages/summary")
@api_spec.validate(query=SummaryQuery, tags=TAGS)
def summary(query: SummaryQuery):
    """Counts per channel and status, and the cost per channel (SMS at 0.04 yuan …)."""
    stmt = select(
        OutboxMessage.channel, OutboxMessage.status, func.count(), func.sum(OutboxMessage.cost)
    ).group_by(OutboxMessage.channel, OutboxMessage.status)
    if query.since:
        stmt = stmt.where(OutboxMessage.created_at >= query.since)
    out: dict = {}
    for channel, status, count, cost in db.session.execute(stmt):
        entry = out.setdefault(channel, {"statuses": {}, "cost": "0"})
        entry["statuses"][status] = count
        if cost is not None:
            entry["cost"] = str(round(float(entry["cost"]) + float(cost), 4))
    return jsonify(channels=out)


@bp.get("/messages/<int:message_id>")
@api_spec.validate(tags=TAGS)
def get_message(message_id: int):
    """One message with every outcome recorded for it, and why."""
    m = db.get_or_404(OutboxMessage, message_id, description=f"No message {message_id}.")
    events = db.session.scalars(
        select(DeliveryEvent).where(DeliveryEvent.message_id == m.id).order_by(DeliveryEvent.id)
    )
    return jsonify(
        message=message_json(
            m, db.session.scalar(select(Member.external_id).where(Member.id == m.member_id))
        ),
        events=[
            {"status": e.status, "reason": e.reason, "at": e.at.isoformat(), "detail": e.detail}
            for e in events
        ],
    )


@bp.post("/messages")
@api_spec.validate(json=SendBody, tags=TAGS)
def send(json: SendBody):
    """Queue one template to listed members; the dispatcher applies every send rule."""
    limit = current_app.config["BULK_LIMIT"]
    if len(json.member_ids) > limit:
        raise validation_error([{"field": "member_ids", "message": f"at most {limit} ids"}])
    items = [
        (m, json.channel, json.template_key, json.context, f"{json.idempotency_prefix}:{m}")
        for m in dict.fromkeys(json.member_ids)
    ]
    try:
        result = enqueue_messages(db.session, items, current_clock().now())
    except EnqueueError as exc:
        db.session.rollback()
        first = exc.problems[0]
        raise ApiError(
            400,
            "validation_failed",
            first["message"],
            [{"field": p["field"], "message": p["message"]} for p in exc.problems[:1]],
        ) from exc
    db.session.commit()
    return jsonify(queued=result.queued, duplicates=len(result.duplicates))
