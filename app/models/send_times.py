"""Each member's best send time: the hour of the week (in their own timezone) they answer
most, refreshed from their opens, clicks, visits and orders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, UtcDateTime


class MemberSendTime(Base):
    __tablename__ = "member_send_times"

    member_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    #: 0 = Monday 00:00–00:59 in the member's timezone … 167 = Sunday 23:00–23:59.
    hour_of_week: Mapped[int] = mapped_column(SmallInteger)
    #: The estimated share of the member's responses that fall in that hour.
    share: Mapped[float] = mapped_column(Float)
    #: Weighted responses behind the estimate (0: the segment's hour alone).
    responses: Mapped[float] = mapped_column(Float)
    #: The segment whose hours the estimate was shrunk towards.
    segment: Mapped[str | None] = mapped_column(String(32))
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime)
