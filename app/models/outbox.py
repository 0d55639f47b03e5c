"""The delivery aggregate: the outbox, delivery events, the in-app inbox and suppressions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime, utcnow

#: Waiting to be tried (``pending``/``deferred``/``retry``) or leased (``sending``).
DUE_STATUSES = ("pending", "deferred", "retry", "sending")
#: Final or provider-reported statuses, in the order they may advance.
DELIVERY_STATUSES = ("sent", "delivered", "opened", "clicked")
END_STATUSES = ("bounced", "failed", "suppressed")
SENT_LIKE = DELIVERY_STATUSES


class OutboxMessage(Base):
    """One message to one member on one channel, written in the caller's transaction.

    ``idempotency_key`` is unique: enqueuing the same key twice keeps one row, and it is
    passed to providers so a re-send after a crash is recognised as the same message.
    ``next_attempt_at`` is when it is due; while ``sending`` it is the end of the lease.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    template_key: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(16), default="marketing")
    context: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    #: The journey and node that queued the message (empty for messages sent by the API).
    journey_id: Mapped[int | None] = mapped_column(ForeignKey("journeys.id", ondelete="SET NULL"))
    node_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    reason: Mapped[str] = mapped_column(String(300), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    provider_message_id: Mapped[str | None] = mapped_column(String(200))
    cost: Mapped[Decimal | None] = mapped_column(Numeric(10, 4))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),
        Index("ix_outbox_member_channel_sent", "member_id", "channel", "sent_at"),
        Index("ix_outbox_journey_node", "journey_id", "node_id"),
        # Per-journey send rates count a journey's messages sent in the current minute.
        Index("ix_outbox_journey_sent", "journey_id", "sent_at"),
    )


class DeliveryEvent(Base):
    """Each outcome of a message (sent, deferred, suppressed, opened …) with its reason."""

    __tablename__ = "delivery_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    detail: Mapped[dict] = mapped_column(JsonDoc, default=dict)

    __table_args__ = (Index("ix_delivery_events_message_id", "message_id"),)


class InboxMessage(Base):
    """A message in a member's in-app inbox (the in-app channel's real store)."""

    __tablename__ = "inbox_messages"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox.id", ondelete="SET NULL"), unique=True
    )
    title: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_inbox_messages_member_created", "member_id", "created_at"),)


class Suppression(Base):
    """An address or member that must not be sent to, on one channel or (``*``) on all."""

    __tablename__ = "suppressions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), default="*")
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    address: Mapped[str | None] = mapped_column(String(254))
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_suppressions_address", "address"),
        Index("ix_suppressions_member_id", "member_id"),
    )
