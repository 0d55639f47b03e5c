"""The attribution aggregate: journeys' touches on members and the orders credited to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, UtcDateTime

#: What a touch was: a message queued, a coupon granted, points given.
TOUCH_KINDS = ("send", "coupon", "points")


class JourneyTouch(Base):
    """A journey reached a member at a node (a send, a coupon grant, a points grant).

    Written by the engine in the transaction of the step, for real runs only. An order
    is credited to the journey of a touch (``docs/attribution.md``).
    """

    __tablename__ = "journey_touches"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    journey_member_id: Mapped[int] = mapped_column(BigId)
    step_no: Mapped[int] = mapped_column(Integer)
    journey_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int] = mapped_column(BigInteger)
    node_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    #: The coupon code of a coupon touch.
    ref: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("journey_member_id", "step_no", name="uq_journey_touches_step"),
        Index("ix_journey_touches_member_at", "member_id", "at"),
        # A journey's touches of a kind; with ``ref``, whether the journey granted a coupon.
        Index("ix_journey_touches_journey", "journey_id", "kind", "ref"),
        # Finds the journey that granted a coupon from its code.
        Index("ix_journey_touches_ref", "ref"),
    )


class OrderAttribution(Base):
    """An order credited to a journey: to the run and the last node that touched the member
    before it was paid, within the journey's attribution window."""

    __tablename__ = "order_attributions"

    order_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    journey_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    journey_member_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int] = mapped_column(BigInteger)
    node_id: Mapped[str] = mapped_column(String(64))
    touch_id: Mapped[int] = mapped_column(BigInteger)
    paid_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_order_attributions_journey_paid", "journey_id", "paid_at"),
        # A member's credited orders in every journey, when their orders change.
        Index("ix_order_attributions_member_id", "member_id"),
    )
