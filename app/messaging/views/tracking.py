"""Delivery tracking, public and signed: the open pixel, tracked click redirects, and
provider status callbacks (authenticated by the channel's rotatable callback secret).
"""

from __future__ import annotations

import base64

from flask import Blueprint, Response, jsonify, redirect
from pydantic import BaseModel, Field

from app.auth.access import public
from app.engine.clock import current_clock
from app.errors import ApiError
from app.extensions import api_spec, db
from app.messaging.callbacks import check_secret
from app.messaging.replies import unsubscribe_replies
from app.messaging.signing import read_click, read_open
from app.messaging.status import REPORTABLE, advance, find_message
from app.models import OutboxMessage

bp = Blueprint("tracking", __name__, url_prefix="/api")
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


class CallbackEvent(BaseModel):
    reference: str = Field(
        min_length=1, max_length=200, description="Idempotency key or provider id."
    )
    status: str = Field(pattern="^(" + "|".join(REPORTABLE) + ")$")
    reason: str = Field(default="", max_length=300)


class InboundMessage(BaseModel):
    sender: str = Field(alias="from", min_length=3, max_length=32, description="Phone number.")
    text: str = Field(max_length=2000)


class CallbackBody(BaseModel):
    events: list[CallbackEvent] = Field(default_factory=list, max_length=1000)
    replies: list[InboundMessage] = Field(
        default_factory=list,
        max_length=1000,
        description="Inbound SMS; TD, T, STOP (or 退订, UNSUBSCRIBE) unsubscribe the sender.",
    )


@bp.get("/t/o/<token>.gif")
@public
@api_spec.validate(tags=["member"])
def open_pixel(token: str):
    """The open-tracking pixel: always a GIF, records an open when the id is genuine."""
    message_id = read_open(token)
    message = db.session.get(OutboxMessage, message_id) if message_id else None
    if message is not None:
        advance(db.session, message, "opened", current_clock().now(), detail={"via": "pixel"})
        db.session.commit()
    return Response(PIXEL, mimetype="image/gif", headers={"Cache-Control": "no-store"})


@bp.get("/t/c/<token>")
@public
@api_spec.validate(tags=["member"])
def click(token: str):
    """A tracked link: records the click, then redirects to the signed URL — only when this
    very link is in the message as it was rendered and sent (so a link signed for one
    message, or never put in one, redirects nowhere)."""
    message_id, url = read_click(token)
    message = db.session.get(OutboxMessage, message_id)
    if message is None or token not in (message.body or ""):
        raise ApiError(404, "invalid_link", "This link is not valid.")
    advance(db.session, message, "clicked", current_clock().now(), detail={"url": url})
    db.session.commit()
    return redirect(url, code=302)


@bp.post("/channels/callbacks/<channel>/<secret>")
@public
@api_spec.validate(json=CallbackBody, tags=["channels"])
def provider_callback(channel: str, secret: str, json: CallbackBody):
    """Delivery reports from a provider (delivered, bounced …); the URL holds the channel's
    callback secret, which admins see and rotate."""
    if not check_secret(db.session, channel, secret):
        raise ApiError(404, "invalid_callback", "Unknown callback URL.")
    now = current_clock().now()
    results = []
    for event in json.events:
        message = find_message(db.session, channel, event.reference)
        if message is None:
            results.append({"reference": event.reference, "result": "unknown"})
            continue
        changed = advance(db.session, message, event.status, now, event.reason, {"via": "callback"})
        results.append(
            {"reference": event.reference, "result": "updated" if changed else "recorded"}
        )
    replies = []
    if json.replies:
        if channel != "sms":
            raise ApiError(400, "validation_failed", "Only the sms channel takes replies.")
        replies = unsubscribe_replies(db.session, [(r.sender, r.text) for r in json.replies], now)
    db.session.commit()
    return jsonify(results=results, replies=replies)
