"""Delivery status after the send: provider callbacks, opens, clicks, bounces.

Statuses only move forward (sent → delivered → opened → clicked); a bounce or failure
reported by a provider ends a message that was sent or delivered. Every report is kept as
a delivery event, whether it moved the status or not.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import DeliveryEvent, OutboxMessage
from app.reports.message_days import message_days_kept

RANK = {"sent": 1, "delivered": 2, "opened": 3, "clicked": 4}
REPORTABLE = ("delivered", "opened", "clicked", "bounced", "failed")


def advance(
    session: Session,
    message: OutboxMessage,
    status: str,
    now: datetime,
    reason: str = "",
    detail: dict | None = None,
) -> bool:
    """Record ``status`` for a sent message; returns whether its status changed."""
    with message_days_kept(session, OutboxMessage.__table__.c.id == message.id):
        return _advance(session, message, status, now, reason, detail)


def _advance(session, message, status, now, reason, detail) -> bool:
    session.add(
        DeliveryEvent(
            message_id=message.id, status=status, reason=reason, at=now, detail=detail or {}
        )
    )
    current = RANK.get(message.status)
    if current is None:
        return False
    if status in ("bounced", "failed"):
        if message.status in ("sent", "delivered"):
            message.status, message.reason = status, reason or status
            return True
        return False
    if RANK[status] > current:
        message.status = status
        return True
    return False


def find_message(session: Session, channel: str, reference: str) -> OutboxMessage | None:
    """A channel's message by our idempotency key or by the provider's message id."""
    return session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.channel == channel,
            or_(
                OutboxMessage.idempotency_key == reference,
                OutboxMessage.provider_message_id == reference,
            ),
        )
    )
