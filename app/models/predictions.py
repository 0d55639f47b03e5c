"""Predicted member scores, replenishment run-out dates and the log of their refreshes.

Each refresh replaces every row of ``member_predictions`` and ``member_replenishments`` in
one transaction, so readers see the previous refresh or the new one, never a mix.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, JsonDoc, UtcDateTime

CHURN_RISKS = ("low", "medium", "high")


class MemberPrediction(Base):
    """One member's scores as of the last refresh (members with a purchase only)."""

    __tablename__ = "member_predictions"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    as_of: Mapped[datetime] = mapped_column(UtcDateTime)
    #: Purchase days; repeat purchases are one fewer.
    purchases: Mapped[int] = mapped_column(Integer)
    probability_alive: Mapped[float] = mapped_column(Float)
    expected_purchases_30: Mapped[float] = mapped_column(Float)
    expected_purchases_90: Mapped[float] = mapped_column(Float)
    expected_purchases_365: Mapped[float] = mapped_column(Float)
    expected_spend: Mapped[float] = mapped_column(Float)
    #: Expected net spend over the next 12 months, discounted (docs/predictions.md).
    predicted_value: Mapped[float] = mapped_column(Float)
    next_purchase_at: Mapped[datetime] = mapped_column(UtcDateTime)
    churn_risk: Mapped[str] = mapped_column(String(8))

    __table_args__ = (
        Index("ix_member_predictions_churn_risk", "churn_risk"),
        Index("ix_member_predictions_predicted_value", "predicted_value"),
        Index("ix_member_predictions_next_purchase_at", "next_purchase_at"),
    )


class MemberReplenishment(Base):
    """When a product (or a category) a member buys again runs out, by their intervals."""

    __tablename__ = "member_replenishments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    purchases: Mapped[int] = mapped_column(Integer)
    last_bought_at: Mapped[datetime] = mapped_column(UtcDateTime)
    interval_days: Mapped[float] = mapped_column(Float)
    runs_out_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_member_replenishments_member_id", "member_id"),
        Index("ix_member_replenishments_runs_out_at", "runs_out_at"),
    )


class PredictionRefresh(Base):
    """One refresh of the predictions: when, as of when, the fitted parameters and the
    holdout calibration (predicted against actual repeat purchases by frequency)."""

    __tablename__ = "prediction_refreshes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    refreshed_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    as_of: Mapped[datetime] = mapped_column(UtcDateTime)
    members: Mapped[int] = mapped_column(Integer)
    replenishments: Mapped[int] = mapped_column(Integer)
    parameters: Mapped[dict] = mapped_column(JsonDoc)
    holdout_days: Mapped[int] = mapped_column(Integer)
    calibration: Mapped[dict | None] = mapped_column(JsonDoc)
    seconds: Mapped[float] = mapped_column(Float)
