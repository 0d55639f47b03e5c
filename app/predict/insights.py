"""What the Insights page and the member profile show of the stored predictions.

Distributions are read as whole columns (one joined text each, parsed by numpy) and
binned in numpy, so a million members cost one pass; the calibration is the one the last
refresh computed.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audiences.rfm.facts import joined_columns, parse_micros
from app.audiences.rules.portable import EpochMicros
from app.members.serialize import timestamp
from app.models import Category, MemberPrediction, MemberReplenishment, PredictionRefresh, Product
from app.models.predictions import CHURN_RISKS
from app.predict.scoring import ANNUAL_DISCOUNT, HIGH_BELOW, MEDIUM_BELOW

#: Days to the expected next purchase, binned (the last bin is open).
NEXT_PURCHASE_EDGES = (0, 7, 30, 90, 180, 365)
BINS = 20


def _floats(text: str | None) -> np.ndarray:
    if not text:
        return np.empty(0)
    return np.array(text.split(","), dtype=np.float64)


def histogram(values: np.ndarray, edges: np.ndarray, open_top: bool) -> list[dict]:
    """Members per bin ``[low, high)`` (the last bin closed, or open upwards)."""
    inner = np.histogram(np.minimum(values, edges[-1]) if open_top else values, bins=edges)[0]
    return [
        {"low": round(float(lo), 4), "high": round(float(hi), 4), "members": int(n)}
        for lo, hi, n in zip(edges[:-1], edges[1:], inner, strict=True)
    ]


def upper_edges(values: np.ndarray, bins: int = BINS) -> np.ndarray:
    """Equal-width bins from 0 to the 99th percentile (rounded up to a tidy step)."""
    top = float(np.percentile(values, 99)) if len(values) else 1.0
    step = _tidy(top / bins if top > 0 else 1.0 / bins)
    return np.arange(bins + 1) * step


def _tidy(step: float) -> float:
    """The next of 1, 2, 2.5 or 5 times a power of ten at or above ``step``."""
    power = 10 ** np.floor(np.log10(step))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= step - 1e-12:
            return float(m * power)
    return float(10 * power)


def last_refresh(session: Session) -> PredictionRefresh | None:
    return session.scalars(
        select(PredictionRefresh)
        .order_by(PredictionRefresh.refreshed_at.desc(), PredictionRefresh.id.desc())
        .limit(1)
    ).first()


def prediction_insights(session: Session) -> dict:
    """Distributions of every stored score, churn risk counts, the last refresh and its
    calibration (predicted against actual repeat purchases in the holdout)."""
    refresh = last_refresh(session)
    alive, value, expected, nxt, as_of = joined_columns(
        session,
        select(
            MemberPrediction.probability_alive,
            MemberPrediction.predicted_value,
            MemberPrediction.expected_purchases_90,
            EpochMicros(MemberPrediction.next_purchase_at),
            EpochMicros(MemberPrediction.as_of),
        ),
    )
    alive, value, expected = _floats(alive), _floats(value), _floats(expected)
    days = (parse_micros(nxt) - parse_micros(as_of)) / 86_400e6
    risks = dict(
        session.execute(
            select(MemberPrediction.churn_risk, func.count()).group_by(MemberPrediction.churn_risk)
        ).all()
    )
    return {
        "refreshed_at": timestamp(refresh.refreshed_at) if refresh else None,
        "as_of": timestamp(refresh.as_of) if refresh else None,
        "members": int(len(alive)),
        "parameters": refresh.parameters if refresh else None,
        "churn_thresholds": {"high_below": HIGH_BELOW, "medium_below": MEDIUM_BELOW},
        "annual_discount": ANNUAL_DISCOUNT,
        "churn_risk": [{"risk": r, "members": int(risks.get(r, 0))} for r in CHURN_RISKS],
        "distributions": {
            "probability_alive": histogram(alive, np.linspace(0, 1, 11), open_top=False),
            "predicted_value": histogram(value, upper_edges(value), open_top=True),
            "expected_purchases_90": histogram(expected, upper_edges(expected), open_top=True),
            "next_purchase_days": histogram(
                days, np.array([*NEXT_PURCHASE_EDGES, max(366.0, days.max(initial=0) + 1)]), False
            ),
        },
        "holdout_days": refresh.holdout_days if refresh else None,
        "calibration": refresh.calibration if refresh else None,
    }


def member_predictions(session: Session, member_id: int, now: datetime) -> dict:
    """One member's stored scores (None before a refresh or without a purchase) and what
    they buy again: what runs out from ``now`` on, soonest first, then what ran out
    already, most recent first."""
    row = session.get(MemberPrediction, member_id)
    refills = session.execute(
        select(
            Product.sku,
            Product.name.label("product"),
            Category.key.label("category_key"),
            Category.name.label("category"),
            MemberReplenishment.purchases,
            MemberReplenishment.last_bought_at,
            MemberReplenishment.interval_days,
            MemberReplenishment.runs_out_at,
        )
        .outerjoin(Product, Product.id == MemberReplenishment.product_id)
        .outerjoin(Category, Category.id == MemberReplenishment.category_id)
        .where(MemberReplenishment.member_id == member_id)
        .order_by(MemberReplenishment.runs_out_at, MemberReplenishment.id)
    ).all()
    upcoming = [r for r in refills if r.runs_out_at >= now]
    ran_out = [r for r in refills if r.runs_out_at < now][::-1]
    scores = None
    if row is not None:
        scores = {
            "as_of": timestamp(row.as_of),
            "purchases": row.purchases,
            "probability_alive": round(row.probability_alive, 4),
            "churn_risk": row.churn_risk,
            "expected_purchases_30": round(row.expected_purchases_30, 3),
            "expected_purchases_90": round(row.expected_purchases_90, 3),
            "expected_purchases_365": round(row.expected_purchases_365, 3),
            "expected_spend": round(row.expected_spend, 2),
            "predicted_value": round(row.predicted_value, 2),
            "next_purchase_at": timestamp(row.next_purchase_at),
        }
    return {
        "scores": scores,
        "replenishments": [
            {
                "sku": r.sku,
                "product": r.product,
                "category_key": r.category_key,
                "category": r.category,
                "purchases": r.purchases,
                "last_bought_at": timestamp(r.last_bought_at),
                "interval_days": round(r.interval_days, 1),
                "runs_out_at": timestamp(r.runs_out_at),
                "ran_out": r.runs_out_at < now,
            }
            for r in upcoming + ran_out
        ],
    }
