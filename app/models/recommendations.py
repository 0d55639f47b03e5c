"""Product recommendations: each member's top products, the products bought together, and
the offline evaluation of the models behind them, refreshed nightly."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, UtcDateTime

#: Why a product is recommended: it runs out soon (replenishment), the member bought it
#: before, the model's pick from their history, or the popular list (no history).
REASONS = ("runs_out", "buy_again", "for_you", "popular")


class MemberRecommendation(Base):
    """One of a member's top products, ``rank`` 1 first."""

    __tablename__ = "member_recommendations"

    member_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    product_id: Mapped[int] = mapped_column(BigId, ForeignKey("products.id", ondelete="CASCADE"))
    #: In [0, 1]: the model's score, 1 for a product that runs out soon.
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(String(16))
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProductPair(Base):
    """A product often in the same order as another ("bought together"), ``rank`` 1 first."""

    __tablename__ = "product_pairs"

    product_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    other_product_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("products.id", ondelete="CASCADE")
    )
    #: Orders holding both.
    orders: Mapped[int] = mapped_column(Integer)
    #: The share of the product's orders that also hold the other.
    confidence: Mapped[float] = mapped_column(Float)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RecommendationEvaluation(Base):
    """One model's precision@k and recall@k on a time split of the orders."""

    __tablename__ = "recommendation_evaluations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    #: Orders before it trained the models; the products bought after it are the truth.
    cutoff: Mapped[datetime] = mapped_column(UtcDateTime)
    model: Mapped[str] = mapped_column(String(32))
    k: Mapped[int] = mapped_column(SmallInteger)
    precision: Mapped[float] = mapped_column(Float)
    recall: Mapped[float] = mapped_column(Float)
    members: Mapped[int] = mapped_column(Integer)
