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
    #: Gross and paid amount of the purchases that used these coupons, kept on the unused
    #: row (``used_day = ''``) of the type and day whatever the coupons' redemption, in the
    #: transactions that store orders (``app.reports.coupon_days.coupon_sales_kept``).
    sales: Mapped[Decimal] = mapped_column(Numeric(18, 2), server_default="0")
    paid: Mapped[Decimal] = mapped_column(Numeric(18, 2), server_default="0")


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


class JourneyCreditDay(Base):
    """The orders credited to a journey, per node and UTC day paid, with ``''`` for all
    nodes and for all days: ordering and paying members, paid orders and amount, the
    discount of the journey's coupons, first-order and repurchasing members and amounts.
    Member counts are distinct within the row's node and day. Kept in the transactions that
    credit orders and change them or their members' purchases (``app.reports.credit_days``)."""

    __tablename__ = "journey_credit_days"

    journey_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    node_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    ordering_members: Mapped[int] = mapped_column(BigInteger)
    paying_members: Mapped[int] = mapped_column(BigInteger)
    paid_orders: Mapped[int] = mapped_column(BigInteger)
    paid_amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    coupon_discount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    first_order_members: Mapped[int] = mapped_column(BigInteger)
    first_order_amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    repurchase_members: Mapped[int] = mapped_column(BigInteger)
    repurchase_amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))


class JourneyArmTotal(Base):
    """Per split node and branch of a journey, under one attribution window: the members
    who left the split by it, those of them with a purchase within the window after, their
    purchases, paid amount and the sum over members of the square of their paid amount.
    Kept in the transactions that note split members and that change their orders
    (``app.reports.arms``)."""

    __tablename__ = "journey_arm_totals"

    journey_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    window_days: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    node_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    branch: Mapped[str] = mapped_column(String(64), primary_key=True)
    members: Mapped[int] = mapped_column(BigInteger)
    paying: Mapped[int] = mapped_column(BigInteger)
    orders: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    amount_sq: Mapped[Decimal] = mapped_column(Numeric(30, 4))
