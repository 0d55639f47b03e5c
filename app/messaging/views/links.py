"""Member-facing actions reached from messages, without signing in: unsubscribe links
(signed per member and channel) and claiming a granted coupon (signed member token).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import select

from app.auth.access import public
from app.coupons.redemption import CouponRefused, claim_coupon
from app.coupons.serialize import coupon_json
from app.engine.clock import current_clock
from app.errors import ApiError
from app.extensions import api_spec, db
from app.messaging.signing import read_member_token, read_unsubscribe
from app.models import CouponTemplate, Member

bp = Blueprint("member_links", __name__, url_prefix="/api")
TAGS = ["member"]
UNSUBSCRIBABLE = ("email", "sms", "push")


@bp.route("/u/<token>", methods=["GET", "POST"])
@public
@api_spec.validate(tags=TAGS)
def unsubscribe(token: str):
    """Unsubscribe from one channel at once, without signing in (also RFC 8058 one-click)."""
    member_id, channel = read_unsubscribe(token)
    member = db.session.get(Member, member_id)
    if member is None or channel not in UNSUBSCRIBABLE:
        raise ApiError(404, "invalid_link", "This unsubscribe link is not valid.")
    field = f"unsubscribed_{channel}_at"
    if getattr(member, field) is None:
        setattr(member, field, current_clock().now())
    db.session.commit()
    if request.method == "POST" or request.accept_mimetypes.best == "application/json":
        return jsonify(unsubscribed=True, channel=channel)
    label = {"email": "emails", "sms": "text messages", "push": "push notifications"}[channel]
    html = (
        "<!doctype html><meta charset=utf-8><title>Unsubscribed</title>"
        f"<p>You will get no more marketing {label} from us.</p>"
    )
    return Response(html, mimetype="text/html")


@bp.post("/member/coupons/<code>/claim")
@public
@api_spec.validate(tags=TAGS)
def claim(code: str):
    """A member claims a granted coupon (member token in ``X-Member-Token``)."""
    member_id = read_member_token(request.headers.get("X-Member-Token"))
    try:
        coupon = claim_coupon(db.session, code, member_id, current_clock().now())
    except CouponRefused as exc:
        db.session.rollback()
        raise ApiError(exc.status, exc.code, exc.message) from exc
    db.session.commit()
    key = db.session.scalar(
        select(CouponTemplate.key).where(CouponTemplate.id == coupon.template_id)
    )
    return jsonify(coupon=coupon_json(coupon, key))
