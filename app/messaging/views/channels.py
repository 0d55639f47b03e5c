"""Channel Settings (admins write), provider status callbacks, and the suppression list."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from pydantic import BaseModel, Field, model_validator
from spectree import Response
from sqlalchemy import select

from app.auth.access import roles_required
from app.errors import ApiError, validation_error
from app.extensions import api_spec, db
from app.messaging.callbacks import callback_secret, callback_url, rotate_secret
from app.messaging.providers import providers
from app.messaging.providers.sandbox import PREFIX as SANDBOX_PREFIX
from app.messaging.settings import channel_json, load_channels, save_channel
from app.messaging.views import bp
from app.models import Journey, Member, OutboxMessage, Suppression

TAGS = ["channels"]


class ChannelBody(BaseModel):
    enabled: bool
    config: dict = Field(default_factory=dict, description="Provider settings (see config_schema).")
    rules: dict = Field(default_factory=dict, description="Send rules (see rules_schema).")
    sandbox: bool = Field(
        default=False,
        description="Capture messages in the sandbox instead of sending them (demo installs).",
    )


class SuppressionBody(BaseModel):
    channel: str = Field(default="*", pattern="^(\\*|email|sms|push|inapp|webhook)$")
    address: str | None = Field(default=None, min_length=3, max_length=254)
    member_id: int | None = None
    reason: str = Field(default="", max_length=300)

    @model_validator(mode="after")
    def _one_target(self):
        if (self.address is None) == (self.member_id is None):
            raise ValueError("give either address or member_id")
        return self


@bp.get("/channels")
@api_spec.validate(tags=TAGS)
def list_channels():
    """Every channel: provider, settings schema (for the form), masked settings and rules;
    for admins also the provider callback URL (it holds the channel's callback secret)."""
    setups = load_channels(db.session)
    admin = getattr(current_user, "role", None) == "admin"
    out = []
    for channel in providers():
        item = channel_json(setups[channel])
        if admin:
            item["callback_url"] = callback_url(channel, callback_secret(db.session, channel))
        out.append(item)
    if admin:
        db.session.commit()  # secrets made on first use
    return jsonify(channels=out)


@bp.post("/channels/<channel>/callback-secret")
@roles_required("admin")
@api_spec.validate(tags=TAGS)
def rotate_callback_secret(channel: str):
    """Replace the channel's callback secret (admins); the old callback URL stops working."""
    if channel not in providers():
        raise ApiError(404, "not_found", f"No channel {channel!r}.")
    secret = rotate_secret(db.session, channel)
    db.session.commit()
    return jsonify(channel=channel, callback_url=callback_url(channel, secret))


@bp.put("/channels/<channel>")
@roles_required("admin")
@api_spec.validate(json=ChannelBody, tags=TAGS)
def put_channel(channel: str, json: ChannelBody):
    """Save a channel's provider settings and rules (admins). Secrets sent back as
    ``********`` keep their saved value."""
    if channel not in providers():
        raise ApiError(404, "not_found", f"No channel {channel!r}.")
    problems = save_channel(
        db.session, channel, json.enabled, json.config, json.rules, sandbox=json.sandbox
    )
    if problems:
        db.session.rollback()
        raise validation_error(problems)
    db.session.commit()
    return jsonify(channel=channel_json(load_channels(db.session)[channel]))


@bp.get("/channels/sandbox")
@api_spec.validate(tags=TAGS)
def sandbox_messages():
    """The newest 200 messages the sandbox captured (channels set to sandbox send nothing):
    channel, address, subject and body as the member would have got them."""
    rows = db.session.execute(
        select(OutboxMessage, Member.external_id, Member.email, Member.phone, Journey.key)
        .outerjoin(Member, Member.id == OutboxMessage.member_id)
        .outerjoin(Journey, Journey.id == OutboxMessage.journey_id)
        .where(OutboxMessage.provider_message_id.like(f"{SANDBOX_PREFIX}%"))
        .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc())
        .limit(200)
    )
    address = {"email": 2, "sms": 3}
    return jsonify(
        messages=[
            {
                "id": m.id,
                "channel": m.channel,
                "member": row[1],
                "to": row[address[m.channel]] if m.channel in address else row[1],
                "journey": row[4],
                "node": m.node_id,
                "subject": m.subject,
                "body": m.body,
                "status": m.status,
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for row in rows
            for m in (row[0],)
        ]
    )


@bp.get("/suppressions")
@api_spec.validate(tags=TAGS)
def list_suppressions():
    """The suppression list."""
    rows = db.session.scalars(select(Suppression).order_by(Suppression.id.desc()).limit(1000))
    return jsonify(
        suppressions=[
            {
                "id": s.id,
                "channel": s.channel,
                "address": s.address,
                "member_id": s.member_id,
                "reason": s.reason,
                "created_at": s.created_at.isoformat(),
            }
            for s in rows
        ]
    )


@bp.post("/suppressions")
@api_spec.validate(json=SuppressionBody, resp=Response(HTTP_201=None), tags=TAGS)
def add_suppression(json: SuppressionBody):
    """Never send to this address or member (on one channel, or ``*`` for all)."""
    s = Suppression(
        channel=json.channel,
        address=json.address.strip().lower() if json.address else None,
        member_id=json.member_id,
        reason=json.reason,
    )
    db.session.add(s)
    db.session.commit()
    return jsonify(id=s.id), 201


@bp.delete("/suppressions/<int:suppression_id>")
@api_spec.validate(tags=TAGS)
def remove_suppression(suppression_id: int):
    """Take an entry off the suppression list."""
    s = db.get_or_404(Suppression, suppression_id, description=f"No suppression {suppression_id}.")
    db.session.delete(s)
    db.session.commit()
    return jsonify(deleted=suppression_id)
