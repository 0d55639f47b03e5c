"""The order aggregate: a paid order and its items."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, BigId, UtcDateTime, utcnow

ORDER_CHANNELS = ("online", "pos", "mini_program")
#: ``placed``: not paid yet; ``paid``: paid (a partial refund keeps it paid);
#: ``refunded``: all of it paid back; ``cancelled``: never paid, or called off.
ORDER_STATUSES = ("placed", "paid", "cancelled", "refunded")


def _net_amount(context) -> Decimal | None:
    """``net_amount`` of a row inserted without one (ingestion always settles it itself)."""
    row = context.get_current_parameters()
    if (row.get("status") or "paid") != "paid" or row.get("amount") is None:
        return None
    return (
        Decimal(row["amount"])
        - Decimal(row.get("discount") or 0)
        - Decimal(row.get("refunded") or 0)
    )


class Order(Base):
    """An order from the shop, app or POS.

    Spend is one figure everywhere: ``net_amount``, what the member paid net of discount
    and refunds (``amount - discount - refunded``), kept by ingestion. It is NULL for an
    order that does not count as a purchase (placed, cancelled, fully refunded), so the
    covering index ``(member_id, paid_at, net_amount)`` answers recency, frequency and
    spend alone. A free order (everything discounted) counts, with a net amount of 0.
    """

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    discount: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    paid_at: Mapped[datetime] = mapped_column(UtcDateTime)
    channel: Mapped[str] = mapped_column(String(16), default="online")
    store: Mapped[str | None] = mapped_column(String(100))
    coupon_code: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default="paid", server_default="paid")
    #: Paid back so far; at most ``amount - discount``.
    refunded: Mapped[Decimal] = mapped_column(
        Numeric(12, 2), default=Decimal("0"), server_default="0"
    )
    refunded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    net_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), default=_net_amount)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    items: Mapped[list[OrderItem]] = relationship(
        back_populates="order", cascade="all, delete-orphan", lazy="raise"
    )

    __table_args__ = (
        # Covers per-member aggregates (recency, frequency, spend) without reading the table.
        Index("ix_orders_member_paid_at_net", "member_id", "paid_at", "net_amount"),
        Index("ix_orders_paid_at", "paid_at"),
    )


class OrderItem(Base):
    __tablename__ = "order_items"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))

    order: Mapped[Order] = relationship(back_populates="items")

    __table_args__ = (
        Index("ix_order_items_product_id", "product_id"),
        Index("ix_order_items_category_id", "category_id"),
    )
