"""Catalogue routes for signed-in users: rewards (marketers and admins write, viewers read),
redemptions, an admin's redemption on a member's behalf, the points report and the value
of a point. Members redeem through :mod:`app.rewards.member_views`.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, jsonify
from flask_login import current_user
from pydantic import BaseModel, Field, model_validator
from spectree import Response
from sqlalchemy import select

from app.auth.access import roles_required
from app.engine.clock import current_clock
from app.errors import ApiError, validation_error
from app.extensions import api_spec, db
from app.models import Reward, RewardRedemption
from app.rewards.catalogue import RedemptionRefused, RewardDefinition
from app.rewards.redemption import redeem_reward
from app.rewards.report import Period, points_report
from app.rewards.serialize import redemption_json
from app.rewards.services import LinkProblem, apply_definition, rewards_json
from app.rewards.settings import PointsValueIn, set_yuan_per_point, yuan_per_point

bp = Blueprint("rewards", __name__, url_prefix="/api")
TAGS = ["rewards"]
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"


class AdminRedeemBody(BaseModel):
    member_id: int = Field(ge=1, le=2**62)
    idempotency_key: str = Field(
        min_length=1, max_length=100, pattern=KEY_PATTERN, description="Same key, same answer."
    )


class RedemptionQuery(BaseModel):
    reward: str | None = Field(default=None, max_length=100)
    member_id: int | None = Field(default=None, ge=1, le=2**62)
    before: int | None = Field(default=None, ge=1, le=2**62, description="Smaller ids.")
    limit: int = Field(default=50, ge=1, le=500)


class ReportQuery(BaseModel):
    since: datetime | None = None
    until: datetime | None = None

    @model_validator(mode="after")
    def _window(self):
        for moment in (self.since, self.until):
            if moment is not None and moment.tzinfo is None:
                raise ValueError("since and until need a timezone offset")
        if self.since and self.until and self.until <= self.since:
            raise ValueError("until must be after since")
        return self


def refused(exc: RedemptionRefused) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message)


def _reward_or_404(key: str) -> Reward:
    r = db.session.scalar(select(Reward).where(Reward.key == key))
    if r is None:
        raise ApiError(404, "unknown_reward", f"No reward with key {key!r}.")
    return r


def _save(reward: Reward, body: RewardDefinition) -> None:
    try:
        apply_definition(db.session, reward, body)
    except LinkProblem as exc:
        db.session.rollback()
        raise validation_error([{"field": exc.field, "message": exc.message}]) from exc


@bp.get("/rewards")
@api_spec.validate(tags=TAGS)
def list_rewards():
    """The whole catalogue with stock left and redemptions so far."""
    rows = list(db.session.scalars(select(Reward).order_by(Reward.key)))
    return jsonify(rewards=rewards_json(db.session, rows))


@bp.post("/rewards")
@api_spec.validate(json=RewardDefinition, resp=Response(HTTP_201=None), tags=TAGS)
def create_reward(json: RewardDefinition):
    """Add a reward: a coupon of a template, a product or a lottery entry, for points."""
    if db.session.scalar(select(Reward.id).where(Reward.key == json.key)):
        raise ApiError(409, "conflict", f"A reward with key {json.key!r} exists already.")
    reward = Reward()
    _save(reward, json)
    db.session.add(reward)
    db.session.commit()
    return jsonify(reward=rewards_json(db.session, [reward])[0]), 201


@bp.get("/rewards/<key>")
@api_spec.validate(tags=TAGS)
def get_reward(key: str):
    """One reward."""
    return jsonify(reward=rewards_json(db.session, [_reward_or_404(key)])[0])


@bp.put("/rewards/<key>")
@api_spec.validate(json=RewardDefinition, tags=TAGS)
def update_reward(key: str, json: RewardDefinition):
    """Replace a reward's definition (its key and kind stay). Stock may not go below what
    was redeemed."""
    reward = _reward_or_404(key)
    problems = []
    if json.key != key:
        problems.append({"field": "key", "message": f"must stay {key!r}"})
    if json.kind != reward.kind:
        problems.append({"field": "kind", "message": f"must stay {reward.kind!r}"})
    if json.stock_total is not None and json.stock_total < reward.redeemed_count:
        problems.append(
            {"field": "stock_total", "message": f"{reward.redeemed_count} are redeemed already"}
        )
    if problems:
        raise validation_error(problems)
    _save(reward, json)
    db.session.commit()
    return jsonify(reward=rewards_json(db.session, [reward])[0])


@bp.delete("/rewards/<key>")
@api_spec.validate(tags=TAGS)
def delete_reward(key: str):
    """Remove a reward nobody has redeemed; one with redemptions can only be switched off."""
    reward = _reward_or_404(key)
    if db.session.scalar(
        select(RewardRedemption.id).where(RewardRedemption.reward_id == reward.id).limit(1)
    ):
        raise ApiError(
            409, "has_redemptions", f"The reward {key!r} was redeemed; switch it off instead."
        )
    db.session.delete(reward)
    db.session.commit()
    return jsonify(deleted=key)


@bp.post("/rewards/<key>/redemptions")
@api_spec.validate(json=AdminRedeemBody, resp=Response(HTTP_201=None), tags=TAGS)
@roles_required("admin")
def redeem_for_member(key: str, json: AdminRedeemBody):
    """Redeem a reward on a member's behalf (admins), with the member's points; idempotent on
    ``idempotency_key`` (201 when made, 200 when replayed). Refusals as for members."""
    try:
        done = redeem_reward(
            db.session,
            key,
            json.member_id,
            json.idempotency_key,
            current_clock().now(),
            actor=f"user:{current_user.id}",
        )
    except RedemptionRefused as exc:
        db.session.rollback()
        raise refused(exc) from exc
    db.session.commit()
    body = redemption_json(done.redemption, done.reward.key, done.replayed)
    return jsonify(redemption=body), 200 if done.replayed else 201


@bp.get("/reward-redemptions")
@api_spec.validate(query=RedemptionQuery, tags=TAGS)
def list_redemptions(query: RedemptionQuery):
    """Redemptions, newest first, by reward or member (``next_before`` pages on)."""
    stmt = select(RewardRedemption, Reward.key).join(
        Reward, Reward.id == RewardRedemption.reward_id
    )
    if query.reward:
        stmt = stmt.where(Reward.key == query.reward)
    if query.member_id is not None:
        stmt = stmt.where(RewardRedemption.member_id == query.member_id)
    if query.before:
        stmt = stmt.where(RewardRedemption.id < query.before)
    rows = db.session.execute(stmt.order_by(RewardRedemption.id.desc()).limit(query.limit)).all()
    return jsonify(
        redemptions=[redemption_json(x, k) for x, k in rows],
        next_before=rows[-1][0].id if len(rows) == query.limit else None,
    )


@bp.get("/reports/points")
@api_spec.validate(query=ReportQuery, tags=TAGS)
def report(query: ReportQuery):
    """Points issued, redeemed, expired and outstanding, the liability, and redemption by
    tier and by reward, for a period (``since`` inclusive, ``until`` exclusive)."""
    return jsonify(points_report(db.session, Period(query.since, query.until)))


@bp.get("/program/points-value")
@api_spec.validate(tags=["program"])
def get_points_value():
    """What one point is worth in yuan (prices the outstanding liability)."""
    return jsonify(yuan_per_point=str(yuan_per_point(db.session)))


@bp.put("/program/points-value")
@api_spec.validate(json=PointsValueIn, tags=["program"])
@roles_required("admin")
def put_points_value(json: PointsValueIn):
    """Set what one point is worth (admins)."""
    value = set_yuan_per_point(db.session, json)
    db.session.commit()
    return jsonify(yuan_per_point=str(value))
