"""Aggregates the journey report reads instead of grouping millions of rows."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class JourneyCouponDay(Base):
    """The coupons a journey granted (its coupon touches), per member type at the grant and
    UTC day of the grant and of the redemption (``''`` while unused): how many, how many
    claimed, how many used. Kept in the transactions that grant, claim or redeem them and
    that change a holder's purchases (``app.reports.coupon_days``)."""

    __tablename__ = "journey_coupon_days"

    journey_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    used_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    issued: Mapped[int] = mapped_column(BigInteger)
    claimed: Mapped[int] = mapped_column(BigInteger)
    used: Mapped[int] = mapped_column(BigInteger)


class JourneyEntryDay(Base):
    """Real (not test) runs that entered a journey per UTC day, added in the transaction
    that enters them (``app.engine.entries``)."""

    __tablename__ = "journey_entry_days"

    journey_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    entered: Mapped[int] = mapped_column(BigInteger)


class JourneyMessageDay(Base):
    """The messages a journey queued, per node, channel, how far they got (``queued``, or
    ``sent``, ``delivered``, ``opened``, ``clicked``), UTC day sent (``''`` unsent) and UTC
    day queued: how many, and their cost. Kept in the transactions that queue them and that
    record their outcomes (``app.reports.message_days``)."""

    __tablename__ = "journey_message_days"

    journey_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    node_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    queued_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    messages: Mapped[int] = mapped_column(BigInteger)
    cost: Mapped[Decimal] = mapped_column(Numeric(16, 4))
