"""Reads of the stored recommendations: for a batch of members (one query), the products
bought together with one, what runs out soon for a member, and the last evaluation."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.bulk import fetch_in
from app.models import (
    MemberRecommendation,
    MemberReplenishment,
    Product,
    ProductPair,
    RecommendationEvaluation,
)

#: The most products a message or an API answer carries.
MAX_PRODUCTS = 5


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def for_members(
    session: Session, member_ids, limit: int = MAX_PRODUCTS, min_score: float | None = None
) -> dict[int, list[dict]]:
    """``{member_id: [product, ...]}`` best first, each ``rank``, ``product_id``, ``sku``,
    ``name``, ``price``, ``score`` and ``reason``; products scoring under ``min_score`` are
    left out, and members with none left are absent. One query for the batch."""
    ids = sorted({int(m) for m in member_ids})
    if not ids:
        return {}
    rows = fetch_in(
        session,
        "SELECT r.member_id, r.rank, r.product_id, p.sku, p.name, p.price, r.score, r.reason "
        "FROM member_recommendations r JOIN products p ON p.id = r.product_id "
        "WHERE r.rank <= {p} AND r.score >= {p} AND r.member_id IN ({values}) "
        "ORDER BY r.member_id, r.rank",
        ids,
        (int(limit), float(min_score if min_score is not None else -1e9)),
    )
    out: dict[int, list[dict]] = defaultdict(list)
    for member_id, rank, product_id, sku, name, price, score, reason in rows:
        out[member_id].append(
            {
                "rank": rank,
                "product_id": product_id,
                "sku": sku,
                "name": name,
                "price": _money(price),
                "score": round(float(score), 6),
                "reason": reason,
            }
        )
    return dict(out)


def computed_at(session: Session, member_id: int) -> datetime | None:
    return session.scalar(
        select(func.max(MemberRecommendation.computed_at)).where(
            MemberRecommendation.member_id == member_id
        )
    )


def bought_together(session: Session, product_id: int) -> list[dict]:
    """The products most often in the same order as ``product_id``, best first."""
    rows = session.execute(
        select(ProductPair, Product.sku, Product.name, Product.price)
        .join(Product, Product.id == ProductPair.other_product_id)
        .where(ProductPair.product_id == product_id)
        .order_by(ProductPair.rank)
    ).all()
    return [
        {
            "rank": pair.rank,
            "product_id": pair.other_product_id,
            "sku": sku,
            "name": name,
            "price": _money(price),
            "orders": pair.orders,
            "confidence": round(pair.confidence, 6),
        }
        for pair, sku, name, price in rows
    ]


def runs_out(session: Session, member_id: int, now: datetime, days: int = 14) -> list[dict]:
    """The member's products that run out within ``days`` (or already have), soonest first,
    from the replenishment estimates."""
    rows = session.execute(
        select(MemberReplenishment, Product.sku, Product.name)
        .join(Product, Product.id == MemberReplenishment.product_id)
        .where(
            MemberReplenishment.member_id == member_id,
            MemberReplenishment.runs_out_at <= now + timedelta(days=days),
        )
        .order_by(MemberReplenishment.runs_out_at, MemberReplenishment.product_id)
    ).all()
    return [
        {
            "product_id": r.product_id,
            "sku": sku,
            "name": name,
            "last_bought_at": r.last_bought_at.isoformat(),
            "runs_out_at": r.runs_out_at.isoformat(),
        }
        for r, sku, name in rows
    ]


def latest_evaluation(session: Session) -> dict | None:
    """The last stored evaluation: ``computed_at``, ``cutoff``, ``members`` and ``rows``
    (``model``, ``k``, ``precision``, ``recall``), or None before the first."""
    at = session.scalar(select(func.max(RecommendationEvaluation.computed_at)))
    if at is None:
        return None
    rows = session.scalars(
        select(RecommendationEvaluation)
        .where(RecommendationEvaluation.computed_at == at)
        .order_by(RecommendationEvaluation.k, RecommendationEvaluation.id)
    ).all()
    return {
        "computed_at": at.isoformat(),
        "cutoff": rows[0].cutoff.isoformat(),
        "members": rows[0].members,
        "rows": [
            {"model": r.model, "k": r.k, "precision": r.precision, "recall": r.recall} for r in rows
        ],
    }
