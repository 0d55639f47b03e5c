"""Points routes: earning rules, multipliers, tier thresholds, a member's ledger, manual
adjustments and bulk awards. Marketers and admins write; viewers read.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, jsonify
from pydantic import BaseModel, Field, model_validator
from spectree import Response
from sqlalchemy import delete, select

from app.engine.clock import current_clock
from app.errors import ApiError, validation_error
from app.extensions import api_spec, db
from app.models import EarningRule, Member, PointsEntry, PointsMultiplier, TierLevel
from app.models.points import TIER_ORDER
from app.points.earning import RuleDefinition
from app.points.ledger import PointsAward, PointsError, award_points, deduct_points
from app.points.serialize import entry_json, multiplier_json, rule_json
from app.points.tiers import recompute_tiers, thresholds

bp = Blueprint("points", __name__, url_prefix="/api/points")
#: Points move in 32-bit columns; one entry stays well inside them.
POINTS_LIMIT = 2_000_000_000
TAGS = ["points"]


class MultiplierBody(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    factor: float = Field(gt=1, le=20)
    starts_at: datetime
    ends_at: datetime
    tiers: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _window(self):
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise ValueError("starts_at and ends_at need a timezone offset")
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        unknown = set(self.tiers) - set(TIER_ORDER)
        if unknown:
            raise ValueError(f"unknown tier(s): {', '.join(sorted(unknown))}")
        return self


class TiersBody(BaseModel):
    levels: dict[str, int] = Field(description="{silver: 1000, gold: 5000, ...}")

    @model_validator(mode="after")
    def _ascending(self):
        unknown = set(self.levels) - set(TIER_ORDER[1:])
        if unknown:
            raise ValueError(f"unknown tier(s): {', '.join(sorted(unknown))}")
        ordered = [self.levels[t] for t in TIER_ORDER[1:] if t in self.levels]
        if any(v <= 0 for v in ordered) or ordered != sorted(set(ordered)):
            raise ValueError("thresholds must be positive and rise with the tier")
        return self


class AdjustBody(BaseModel):
    points: int = Field(
        ge=-POINTS_LIMIT, le=POINTS_LIMIT, description="Positive adds, negative takes away."
    )
    reason: str = Field(min_length=1, max_length=500)
    reference: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _nonzero(self):
        if self.points == 0:
            raise ValueError("points must not be 0")
        return self


class AwardItem(BaseModel):
    member_id: int
    points: int = Field(gt=0, le=POINTS_LIMIT)
    reference: str = Field(min_length=1, max_length=200)
    expires_at: datetime | None = None


class AwardsBody(BaseModel):
    entries: list[AwardItem] = Field(min_length=1)
    source: str = Field(default="api", max_length=200)


class LedgerQuery(BaseModel):
    before: int | None = Field(default=None, ge=1, description="Entries with a smaller id.")
    limit: int = Field(default=50, ge=1, le=500)


@bp.get("/rules")
@api_spec.validate(tags=TAGS)
def list_rules():
    """Earning rules; the first active rule matching an order's channel applies."""
    rules = db.session.scalars(select(EarningRule).order_by(EarningRule.id))
    return jsonify(rules=[rule_json(r) for r in rules])


@bp.post("/rules")
@api_spec.validate(json=RuleDefinition, resp=Response(HTTP_201=None), tags=TAGS)
def create_rule(json: RuleDefinition):
    """Create an earning rule (bands of points per yuan by order size)."""
    if db.session.scalar(select(EarningRule.id).where(EarningRule.key == json.key)):
        raise ApiError(409, "conflict", f"An earning rule with key {json.key!r} exists already.")
    rule = EarningRule(**json.model_dump(mode="json"))
    db.session.add(rule)
    db.session.commit()
    return jsonify(rule=rule_json(rule)), 201


@bp.put("/rules/<key>")
@api_spec.validate(json=RuleDefinition, tags=TAGS)
def update_rule(key: str, json: RuleDefinition):
    """Replace an earning rule's definition."""
    rule = db.session.scalar(select(EarningRule).where(EarningRule.key == key))
    if rule is None:
        raise ApiError(404, "not_found", f"No earning rule with key {key!r}.")
    if json.key != key:
        raise validation_error([{"field": "key", "message": f"must stay {key!r}"}])
    for field, value in json.model_dump(mode="json").items():
        setattr(rule, field, value)
    db.session.commit()
    return jsonify(rule=rule_json(rule))


@bp.get("/multipliers")
@api_spec.validate(tags=TAGS)
def list_multipliers():
    """Time-limited multipliers (double points week …)."""
    rows = db.session.scalars(select(PointsMultiplier).order_by(PointsMultiplier.starts_at))
    return jsonify(multipliers=[multiplier_json(m) for m in rows])


@bp.post("/multipliers")
@api_spec.validate(json=MultiplierBody, resp=Response(HTTP_201=None), tags=TAGS)
def create_multiplier(json: MultiplierBody):
    """Add a multiplier for orders paid in its window."""
    m = PointsMultiplier(**json.model_dump())
    db.session.add(m)
    db.session.commit()
    return jsonify(multiplier=multiplier_json(m)), 201


@bp.delete("/multipliers/<int:multiplier_id>")
@api_spec.validate(tags=TAGS)
def delete_multiplier(multiplier_id: int):
    """Remove a multiplier."""
    m = db.get_or_404(
        PointsMultiplier, multiplier_id, description=f"No multiplier {multiplier_id}."
    )
    db.session.delete(m)
    db.session.commit()
    return jsonify(deleted=multiplier_id)


@bp.get("/tiers")
@api_spec.validate(tags=TAGS)
def get_tiers():
    """Tier thresholds in qualifying points (earned in the last 365 days)."""
    return jsonify(levels=thresholds(db.session), order=list(TIER_ORDER))


@bp.put("/tiers")
@api_spec.validate(json=TiersBody, tags=TAGS)
def put_tiers(json: TiersBody):
    """Set tier thresholds and move every member to the tier they now qualify for."""
    db.session.execute(delete(TierLevel))
    db.session.add_all(TierLevel(tier=t, min_points=p) for t, p in json.levels.items())
    db.session.flush()
    changes = recompute_tiers(db.session, current_clock().now())
    db.session.commit()
    return jsonify(levels=thresholds(db.session), changed=len(changes))


@bp.get("/members/<int:member_id>")
@api_spec.validate(query=LedgerQuery, tags=TAGS)
def member_ledger(member_id: int, query: LedgerQuery):
    """A member's balance, tier and ledger, newest first (``next_before`` pages on)."""
    member = db.get_or_404(Member, member_id, description=f"No member with id {member_id}.")
    stmt = select(PointsEntry).where(PointsEntry.member_id == member_id)
    if query.before:
        stmt = stmt.where(PointsEntry.id < query.before)
    rows = list(db.session.scalars(stmt.order_by(PointsEntry.id.desc()).limit(query.limit)))
    return jsonify(
        member_id=member.id,
        balance=member.points_balance,
        tier=member.tier,
        entries=[entry_json(e) for e in rows],
        next_before=rows[-1].id if len(rows) == query.limit else None,
    )


@bp.post("/members/<int:member_id>/adjustments")
@api_spec.validate(json=AdjustBody, resp=Response(HTTP_201=None), tags=TAGS)
def adjust(member_id: int, json: AdjustBody):
    """Add or take points by hand, with a reason; never below zero."""
    db.get_or_404(Member, member_id, description=f"No member with id {member_id}.")
    now = current_clock().now()
    try:
        if json.points > 0:
            award_points(
                db.session,
                [
                    PointsAward(
                        member_id,
                        json.points,
                        "adjust",
                        json.reference,
                        "manual",
                        None,
                        json.reason,
                    )
                ],
                now,
            )
        else:
            deduct_points(
                db.session,
                member_id,
                -json.points,
                now,
                kind="adjust",
                reference=json.reference,
                source="manual",
                note=json.reason,
            )
    except PointsError as exc:
        db.session.rollback()
        raise ApiError(
            409 if exc.code == "insufficient_points" else 400, exc.code, exc.message
        ) from exc
    db.session.commit()
    balance = db.session.scalar(select(Member.points_balance).where(Member.id == member_id))
    return jsonify(member_id=member_id, balance=balance), 201


@bp.post("/awards")
@api_spec.validate(json=AwardsBody, tags=TAGS)
def awards(json: AwardsBody):
    """Award points to many members at once; each ``reference`` is booked at most once."""
    limit = current_app.config["BULK_LIMIT"]
    if len(json.entries) > limit:
        raise validation_error([{"field": "entries", "message": f"at most {limit} entries"}])
    result = award_points(
        db.session,
        [
            PointsAward(e.member_id, e.points, "earn", e.reference, json.source, e.expires_at)
            for e in json.entries
        ],
        current_clock().now(),
    )
    if result.unknown_members:
        db.session.rollback()
        raise validation_error(
            [
                {"index": i, "field": "member_id", "message": f"no member with id {e.member_id}"}
                for i, e in enumerate(json.entries)
                if e.member_id in result.unknown_members
            ]
        )
    db.session.commit()
    return jsonify(
        booked={str(k): v for k, v in result.booked.items()}, duplicates=sorted(result.duplicates)
    )
