"""The dashboard's daily aggregates: one row per day and member, journey, channel, segment.

Each table is derived from the raw tables (orders, members, order attributions, the outbox)
and can be rebuilt for any range of days (``app/dashboard/refresh.py``); a day is known to be
built when ``dashboard_days`` has its row.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Date, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UtcDateTime


class DashboardDay(Base):
    """A built day: its new members and paid orders (UTC days)."""

    __tablename__ = "dashboard_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    new_members: Mapped[int] = mapped_column(Integer, default=0)
    paid_orders: Mapped[int] = mapped_column(Integer, default=0)
    paid_amount: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal("0"))
    payers: Mapped[int] = mapped_column(Integer, default=0)
    built_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DashboardMemberDay(Base):
    """A member's paid orders of one day, the member's previous day with a paid order and how
    many paid orders they had before this day (0: their first paid order is among these)."""

    __tablename__ = "dashboard_member_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    orders: Mapped[int] = mapped_column(Integer)
    paid_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    prev_day: Mapped[date | None] = mapped_column(Date)
    orders_before: Mapped[int] = mapped_column(Integer)


class DashboardGapDay(Base):
    """Members of a day's ``dashboard_member_days`` counted by ``kind`` and ``gap``.

    ``gap``: days since the member's previous paid day (capped at :data:`GAP_CAP`; 0 for a
    first paid day). ``kind``: ``first1`` / ``firstn`` (first paid day, one or more orders),
    ``second1`` (exactly one paid order before), ``other``. Distinct members over any range
    of days are sums over this table: a member counts on their first day in the range, the
    one whose gap reaches back before it (``app/dashboard/figures.py``).
    """

    __tablename__ = "dashboard_gap_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    gap: Mapped[int] = mapped_column(Integer, primary_key=True)
    members: Mapped[int] = mapped_column(Integer)


#: Gaps longer than any period or window the dashboard reads are stored as this.
GAP_CAP = 400


class DashboardJourneyDay(Base):
    """Orders credited to a journey on one day (by payment day) and their paid amount."""

    __tablename__ = "dashboard_journey_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    journey_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    orders: Mapped[int] = mapped_column(Integer)
    paid_amount: Mapped[Decimal] = mapped_column(Numeric(16, 2))


class DashboardChannelDay(Base):
    """Messages sent on a channel on one day (by send day) and what they cost."""

    __tablename__ = "dashboard_channel_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    messages: Mapped[int] = mapped_column(Integer)
    cost: Mapped[Decimal] = mapped_column(Numeric(14, 4))


class DashboardSnapshot(Base):
    """Members per tier (``kind = 'tier'``) or RFM segment (``'rfm'``) as seen on a day.

    Tiers and segments keep no history of their own, so the nightly job (and every dashboard
    read of today) records them; the movement of a period compares two snapshots.
    """

    __tablename__ = "dashboard_snapshots"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    members: Mapped[int] = mapped_column(Integer)


class DashboardSourceDay(Base):
    """A day's new members, paid orders and paid amount of the members of one registration
    channel (``''`` for members registered without one)."""

    __tablename__ = "dashboard_source_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    new_members: Mapped[int] = mapped_column(Integer)
    paid_orders: Mapped[int] = mapped_column(Integer)
    paid_amount: Mapped[Decimal] = mapped_column(Numeric(16, 2))


class DashboardSourceGapDay(Base):
    """:class:`DashboardGapDay` per registration channel: the same counts of a day's buyers
    by ``kind`` and ``gap``, for the members of one channel."""

    __tablename__ = "dashboard_source_gap_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    gap: Mapped[int] = mapped_column(Integer, primary_key=True)
    members: Mapped[int] = mapped_column(Integer)
