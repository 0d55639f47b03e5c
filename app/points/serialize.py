"""JSON shapes of points rules, multipliers and ledger entries."""

from __future__ import annotations

from app.models import EarningRule, PointsEntry, PointsMultiplier


def rule_json(r: EarningRule) -> dict:
    return {
        "key": r.key,
        "name": r.name,
        "active": r.active,
        "bands": r.bands,
        "channels": r.channels,
        "expires_after_days": r.expires_after_days,
    }


def multiplier_json(m: PointsMultiplier) -> dict:
    return {
        "id": m.id,
        "name": m.name,
        "factor": float(m.factor),
        "starts_at": m.starts_at.isoformat(),
        "ends_at": m.ends_at.isoformat(),
        "tiers": m.tiers,
    }


def entry_json(e: PointsEntry) -> dict:
    return {
        "id": e.id,
        "kind": e.kind,
        "points": e.points,
        "remaining": e.remaining,
        "expires_at": e.expires_at.isoformat() if e.expires_at else None,
        "reference": e.reference,
        "source": e.source,
        "note": e.note,
        "created_at": e.created_at.isoformat(),
    }
