"""The catalogue as members see it: list, redeem, their redemptions. Public routes
authorised by the signed member token (``X-Member-Token``) the in-app inbox uses, which the
app obtains for its signed-in member (``POST /api/inbox/tokens``).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from pydantic import BaseModel, Field
from spectree import Response
from sqlalchemy import select

from app.auth.access import public
from app.engine.clock import current_clock
from app.extensions import api_spec, db
from app.messaging.signing import read_member_token
from app.models import Reward, RewardRedemption
from app.rewards.catalogue import RedemptionRefused
from app.rewards.redemption import redeem_reward
from app.rewards.serialize import redemption_json
from app.rewards.services import member_catalogue
from app.rewards.views import KEY_PATTERN, refused

bp = Blueprint("member_rewards", __name__, url_prefix="/api/member")
TAGS = ["member"]


class RedeemBody(BaseModel):
    idempotency_key: str = Field(
        min_length=1,
        max_length=100,
        pattern=KEY_PATTERN,
        description="Chosen by the app per attempt; a retry with the same key gets the same "
        "redemption.",
    )


def _member_id() -> int:
    return read_member_token(request.headers.get("X-Member-Token"))


@bp.get("/rewards")
@public
@api_spec.validate(tags=TAGS)
def catalogue():
    """Rewards on offer now, cheapest first, with the member's balance and, per reward,
    ``blocked_by`` (why this member cannot redeem it now, or null)."""
    member_id = _member_id()
    try:
        return jsonify(member_catalogue(db.session, member_id, current_clock().now()))
    except RedemptionRefused as exc:
        raise refused(exc) from exc


@bp.post("/rewards/<key>/redeem")
@public
@api_spec.validate(json=RedeemBody, resp=Response(HTTP_201=None), tags=TAGS)
def redeem(key: str, json: RedeemBody):
    """Redeem a reward with the member's points: 201 with the redemption (its coupon code or
    lottery code), 200 when the key was used before. Refusals: 404 unknown_reward, 403
    tier_not_allowed, 409 insufficient_points / out_of_stock / over_limit / reward_inactive /
    reward_not_started / coupon_unavailable, 410 reward_expired, 422
    idempotency_key_reused."""
    member_id = _member_id()
    try:
        done = redeem_reward(
            db.session, key, member_id, json.idempotency_key, current_clock().now(), "member"
        )
    except RedemptionRefused as exc:
        db.session.rollback()
        raise refused(exc) from exc
    db.session.commit()
    body = redemption_json(done.redemption, done.reward.key, done.replayed)
    return jsonify(redemption=body), 200 if done.replayed else 201


@bp.get("/redemptions")
@public
@api_spec.validate(tags=TAGS)
def my_redemptions():
    """The member's redemptions, newest first (at most 100)."""
    member_id = _member_id()
    rows = db.session.execute(
        select(RewardRedemption, Reward.key)
        .join(Reward, Reward.id == RewardRedemption.reward_id)
        .where(RewardRedemption.member_id == member_id)
        .order_by(RewardRedemption.id.desc())
        .limit(100)
    ).all()
    return jsonify(redemptions=[redemption_json(x, k) for x, k in rows])
