"""Member-facing actions reached from messages, without signing in: unsubscribe links
(signed per member and channel) and claiming a granted coupon (signed member token).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from markupsafe import escape
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


LABELS = {"email": "emails", "sms": "text messages", "push": "push notifications"}


def _page(title: str, body: str) -> Response:
    html = (
        "<!doctype html><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width">'
        f"<title>{escape(title)}</title>{body}"
    )
    return Response(html, mimetype="text/html", headers={"Cache-Control": "no-store"})


def _member_and_channel(token: str) -> tuple[Member, str]:
    member_id, channel = read_unsubscribe(token)
    member = db.session.get(Member, member_id)
    if member is None or channel not in UNSUBSCRIBABLE:
        raise ApiError(404, "invalid_link", "This unsubscribe link is not valid.")
    return member, channel


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.get("/u/<token>")
@public
@api_spec.validate(tags=TAGS)
def unsubscribe_page(token: str):
    """Asks to confirm; changes nothing (mail scanners open links in advance)."""
    member, channel = _member_and_channel(token)
    done = getattr(member, f"unsubscribed_{channel}_at") is not None
    if _wants_json():
        return jsonify(channel=channel, unsubscribed=done, confirm="POST this URL")
    label = LABELS[channel]
    if done:
        return _page("Unsubscribed", f"<p>You already get no marketing {label} from us.</p>")
    return _page(
        "Unsubscribe",
        f"<p>Stop marketing {label} from us?</p>"
        f'<form method="post" action="{escape(request.path)}">'
        '<button type="submit">Unsubscribe</button></form>',
    )


@bp.post("/u/<token>")
@public
@api_spec.validate(tags=TAGS)
def unsubscribe(token: str):
    """Unsubscribe from one channel, without signing in: RFC 8058 one-click (the mail
    client POSTs ``List-Unsubscribe=One-Click``) or the confirmation page's button."""
    member, channel = _member_and_channel(token)
    field = f"unsubscribed_{channel}_at"
    if getattr(member, field) is None:
        setattr(member, field, current_clock().now())
    db.session.commit()
    if request.form.get("List-Unsubscribe") == "One-Click" or _wants_json():
        return jsonify(unsubscribed=True, channel=channel)
    return _page(
        "Unsubscribed", f"<p>You will get no more marketing {LABELS[channel]} from us.</p>"
    )


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
