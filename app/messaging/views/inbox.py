"""The in-app inbox as members see it: list, read, mark read. Public routes authorised by a
signed member token (``X-Member-Token``), which the app obtains for its signed-in member.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from app.auth.access import public, token_scopes
from app.engine.clock import current_clock
from app.errors import ApiError
from app.extensions import api_spec, db
from app.messaging.signing import member_token, read_member_token
from app.messaging.status import advance
from app.models import InboxMessage, Member, OutboxMessage

bp = Blueprint("inbox", __name__, url_prefix="/api")
TAGS = ["member"]


class TokenBody(BaseModel):
    member_id: int


class InboxQuery(BaseModel):
    before: int | None = Field(default=None, ge=1)
    limit: int = Field(default=20, ge=1, le=100)


def _inbox_json(m: InboxMessage) -> dict:
    return {
        "id": m.id,
        "title": m.title,
        "body": m.body,
        "created_at": m.created_at.isoformat(),
        "read": m.read_at is not None,
        "read_at": m.read_at.isoformat() if m.read_at else None,
    }


def _own_message(message_id: int) -> InboxMessage:
    member_id = read_member_token(request.headers.get("X-Member-Token"))
    m = db.session.get(InboxMessage, message_id)
    if m is None or m.member_id != member_id:
        raise ApiError(404, "not_found", f"No message {message_id} in this inbox.")
    return m


def _mark(message: InboxMessage, status: str) -> None:
    if message.outbox_id is not None:
        outbox = db.session.get(OutboxMessage, message.outbox_id)
        if outbox is not None:
            advance(db.session, outbox, status, current_clock().now(), detail={"via": "inbox"})


@bp.post("/inbox/tokens")
@token_scopes("members:read")
@api_spec.validate(json=TokenBody, tags=TAGS)
def issue_member_token(json: TokenBody):
    """A 30-day inbox token for a member, for the app to hand to its signed-in member."""
    if db.session.get(Member, json.member_id) is None:
        raise ApiError(404, "not_found", f"No member with id {json.member_id}.")
    return jsonify(token=member_token(json.member_id), expires_in=30 * 24 * 3600)


@bp.get("/inbox")
@public
@api_spec.validate(query=InboxQuery, tags=TAGS)
def inbox(query: InboxQuery):
    """The member's inbox, newest first, with the unread count (``X-Member-Token``)."""
    member_id = read_member_token(request.headers.get("X-Member-Token"))
    stmt = select(InboxMessage).where(InboxMessage.member_id == member_id)
    if query.before:
        stmt = stmt.where(InboxMessage.id < query.before)
    rows = list(db.session.scalars(stmt.order_by(InboxMessage.id.desc()).limit(query.limit)))
    unread = db.session.scalar(
        select(func.count()).where(
            InboxMessage.member_id == member_id, InboxMessage.read_at.is_(None)
        )
    )
    return jsonify(
        messages=[_inbox_json(m) for m in rows],
        unread=unread,
        next_before=rows[-1].id if len(rows) == query.limit else None,
    )


@bp.get("/inbox/<int:message_id>")
@public
@api_spec.validate(tags=TAGS)
def inbox_message(message_id: int):
    """One inbox message; opening it counts as an open."""
    m = _own_message(message_id)
    _mark(m, "opened")
    db.session.commit()
    return jsonify(message=_inbox_json(m))


@bp.post("/inbox/<int:message_id>/read")
@public
@api_spec.validate(tags=TAGS)
def mark_read(message_id: int):
    """Mark an inbox message read."""
    m = _own_message(message_id)
    if m.read_at is None:
        m.read_at = current_clock().now()
        _mark(m, "opened")
    db.session.commit()
    return jsonify(message=_inbox_json(m))
