"""The member aggregate: profile, consent per channel and tags."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, BigId, JsonDoc, UtcDateTime, utcnow

TIERS = ("basic", "silver", "gold", "platinum", "diamond")
GENDERS = ("female", "male", "other", "unknown")
CHANNELS = ("email", "sms", "push", "inapp")


class Member(Base):
    """A loyalty member, identified across systems by ``external_id``."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    gender: Mapped[str] = mapped_column(String(16), default="unknown")
    city: Mapped[str | None] = mapped_column(String(100))
    birthday: Mapped[date | None] = mapped_column(Date)
    #: Month and day of the birthday as MMDD, so "birthday within N days" is an indexed range.
    birthday_mmdd: Mapped[int | None] = mapped_column(SmallInteger)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    tier: Mapped[str] = mapped_column(String(16), default="basic")
    points_balance: Mapped[int] = mapped_column(Integer, default=0)
    attributes: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    #: Where the member came from: the registration channel and campaign.
    registration_channel: Mapped[str | None] = mapped_column(String(32))
    registration_campaign: Mapped[str | None] = mapped_column(String(100))

    consent_email: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_sms: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_push: Mapped[bool] = mapped_column(Boolean, default=False)
    unsubscribed_email_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    unsubscribed_sms_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    unsubscribed_push_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    #: Denormalised order facts, kept current by ingestion, so behaviour rules need no scan.
    first_order_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: The member's first and second purchases by ``(paid_at, id)`` and when the second was
    #: paid (the first's is ``first_order_at``): whether an order is a first order, and a
    #: member's type at a moment, without counting their orders.
    first_order_id: Mapped[int | None] = mapped_column(BigInteger)
    second_order_id: Mapped[int | None] = mapped_column(BigInteger)
    second_order_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_order_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    orders_count: Mapped[int] = mapped_column(Integer, default=0)
    total_spent: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))

    #: RFM scores (1-5) and named segment, refreshed on a schedule.
    rfm_r: Mapped[int | None] = mapped_column(SmallInteger)
    rfm_f: Mapped[int | None] = mapped_column(SmallInteger)
    rfm_m: Mapped[int | None] = mapped_column(SmallInteger)
    rfm_segment: Mapped[str | None] = mapped_column(String(32))
    rfm_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    tags: Mapped[list[MemberTag]] = relationship(
        back_populates="member", cascade="all, delete-orphan", lazy="raise"
    )

    __table_args__ = (
        Index("ix_members_name", "name"),
        Index("ix_members_tier", "tier"),
        Index("ix_members_city", "city"),
        Index("ix_members_birthday_mmdd", "birthday_mmdd"),
        Index("ix_members_registered_at", "registered_at"),
        Index("ix_members_last_order_at", "last_order_at"),
        Index("ix_members_rfm_segment", "rfm_segment"),
        # Reports count the messages of members who left a channel after them.
        Index("ix_members_unsubscribed_email_at", "unsubscribed_email_at"),
        Index("ix_members_unsubscribed_sms_at", "unsubscribed_sms_at"),
        Index("ix_members_unsubscribed_push_at", "unsubscribed_push_at"),
    )


class MemberTag(Base):
    """A tag on a member: set by hand, CSV or API (``manual``) or computed by a rule."""

    __tablename__ = "member_tags"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="manual")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    member: Mapped[Member] = relationship(back_populates="tags")

    __table_args__ = (
        UniqueConstraint("member_id", "tag", name="uq_member_tags_member_tag"),
        Index("ix_member_tags_tag", "tag"),
    )
