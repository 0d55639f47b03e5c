"""Earning rules: points per yuan by order size, time-limited multipliers, and the hook for
orders posted through the ingestion API.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import String, cast, func, literal, select
from sqlalchemy.orm import Session

from app.models import EarningRule, Member, Order, PointsEntry, PointsMultiplier
from app.points.ledger import AwardResult, PointsAward, award_points, deduct_points


class Band(BaseModel):
    """From ``min_amount`` up, each yuan earns ``rate`` points."""

    min_amount: Decimal = Field(ge=0)
    rate: Decimal = Field(ge=0, le=1000)


class RuleDefinition(BaseModel):
    """An earning rule as the API accepts it."""

    key: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str = Field(min_length=1, max_length=200)
    active: bool = True
    bands: list[Band] = Field(min_length=1)
    channels: list[str] = Field(default_factory=list)
    expires_after_days: int | None = Field(default=None, ge=1, le=3650)

    @field_validator("bands")
    @classmethod
    def _ascending(cls, bands: list[Band]) -> list[Band]:
        mins = [b.min_amount for b in bands]
        if mins != sorted(mins) or len(set(mins)) != len(mins):
            raise ValueError("bands must have strictly increasing min_amount")
        if mins[0] != 0:
            raise ValueError("the first band must start at min_amount 0")
        return bands


def rate_for(amount: Decimal, bands: list[dict]) -> Decimal:
    """The rate of the highest band whose ``min_amount`` the order reaches."""
    rate = Decimal("0")
    for band in sorted(bands, key=lambda b: Decimal(str(b["min_amount"]))):
        if amount >= Decimal(str(band["min_amount"])):
            rate = Decimal(str(band["rate"]))
    return rate


def points_for(amount: Decimal, bands: list[dict], factor: Decimal = Decimal("1")) -> int:
    """Whole points for an order of ``amount`` (rounded down)."""
    value = amount * rate_for(amount, bands) * factor
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def best_factor(multipliers: list[PointsMultiplier], paid_at: datetime, tier: str) -> Decimal:
    """The largest multiplier covering ``paid_at`` for ``tier`` (1 when none does)."""
    factor = Decimal("1")
    for m in multipliers:
        if m.starts_at <= paid_at < m.ends_at and (not m.tiers or tier in m.tiers):
            factor = max(factor, Decimal(m.factor))
    return factor


def _rule_for(rules: list[EarningRule], channel: str) -> EarningRule | None:
    for rule in rules:
        if not rule.channels or channel in rule.channels:
            return rule
    return None


def earn_points_for_orders(
    session: Session, order_ids: Iterable[int], now: datetime
) -> AwardResult:
    """Book the points each order earns by the active rules, in the caller's transaction.

    Points are on the amount paid (amount less discount), once the order is paid. Keyed
    ``order:<id>``, so a re-posted or re-signalled order never earns twice (a later change of
    its amount does not re-earn; a refund claws back, see :func:`claw_back_refunds`). Called
    by the handler of ingestion's ``orders_stored`` signal (``app.wiring``).
    """
    ids = list(dict.fromkeys(order_ids))
    if not ids:
        return AwardResult()
    rules = list(
        session.scalars(select(EarningRule).where(EarningRule.active).order_by(EarningRule.id))
    )
    if not rules:
        return AwardResult()
    orders = session.execute(
        select(
            Order.id,
            Order.member_id,
            (Order.amount - Order.discount).label("paid"),
            Order.channel,
            Order.paid_at,
            Member.tier,
        )
        .join(Member, Member.id == Order.member_id)
        .where(Order.id.in_(ids), Order.status.in_(("paid", "refunded")))
    ).all()
    if not orders:
        return AwardResult()
    first = min(o.paid_at for o in orders)
    last = max(o.paid_at for o in orders)
    multipliers = list(
        session.scalars(
            select(PointsMultiplier).where(
                PointsMultiplier.starts_at <= last, PointsMultiplier.ends_at > first
            )
        )
    )
    awards = []
    for order in orders:
        rule = _rule_for(rules, order.channel)
        if rule is None:
            continue
        factor = best_factor(multipliers, order.paid_at, order.tier)
        points = points_for(Decimal(order.paid), rule.bands, factor)
        if points <= 0:
            continue
        expires = now + timedelta(days=rule.expires_after_days) if rule.expires_after_days else None
        awards.append(
            PointsAward(
                member_id=order.member_id,
                points=points,
                kind="earn",
                reference=f"order:{order.id}",
                source=f"rule:{rule.key}" + (f" x{factor:g}" if factor != 1 else ""),
                expires_at=expires,
            )
        )
    return award_points(session, awards, now)


def claw_back_refunds(session: Session, order_ids: Iterable[int], now: datetime) -> dict[int, int]:
    """Take back the share of each refunded order's points that its refund paid back.

    An order that earned ``p`` points on a paid amount ``a`` and has ``r`` refunded owes
    ``floor(p * r / a)`` points back; what earlier refunds of it took is subtracted. Each
    refund level books once (reference ``refund:<order id>:<refunded cents>``), through the
    ledger, never below a zero balance. Refunds are rare: this books order by order.
    """
    ids = list(dict.fromkeys(order_ids))
    if not ids:
        return {}
    ledger = PointsEntry.__table__
    earned = (
        select(func.sum(ledger.c.points))
        .where(ledger.c.reference == literal("order:") + cast(Order.id, String))
        .scalar_subquery()
    )
    taken = (
        select(func.coalesce(func.sum(-ledger.c.points), 0))
        .where(ledger.c.reference.like(literal("refund:") + cast(Order.id, String) + ":%"))
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Order.id,
            Order.member_id,
            Order.amount - Order.discount,
            Order.refunded,
            earned,
            taken,
        ).where(Order.id.in_(ids), Order.refunded > 0)
    ).all()
    booked: dict[int, int] = {}
    for order_id, member_id, paid, refunded, points, already in rows:
        if not points or not paid:
            continue
        owed = int(Decimal(points) * Decimal(refunded) / Decimal(paid)) - int(already)
        balance = session.scalar(select(Member.points_balance).where(Member.id == member_id))
        take = min(owed, balance or 0)
        if take <= 0:
            continue
        deduct_points(
            session,
            member_id,
            take,
            now,
            kind="adjust",
            reference=f"refund:{order_id}:{int(refunded * 100)}",
            source=f"refund:order:{order_id}",
            note=f"refund of {refunded} clawed back {take} of {owed} points",
        )
        booked[member_id] = booked.get(member_id, 0) + take
    return booked
