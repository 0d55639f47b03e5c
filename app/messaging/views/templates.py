"""Message templates: saved only when they render; previews for a chosen member."""

from __future__ import annotations

from flask import jsonify
from pydantic import BaseModel, Field
from spectree import Response
from sqlalchemy import select

from app.errors import ApiError, validation_error
from app.extensions import api_spec, db
from app.messaging.context import build_context, coupon_code, coupon_facts
from app.messaging.providers import get_provider
from app.messaging.rendering import RenderError, check_template, render, sample_context
from app.messaging.settings import load_channels
from app.messaging.signing import click_url
from app.messaging.views import bp
from app.models import Member, MessageTemplate
from app.models.messages import MESSAGE_CATEGORIES, MESSAGE_CHANNELS
from app.recommend.service import for_members

TAGS = ["message templates"]
CHANNEL = "^(" + "|".join(MESSAGE_CHANNELS) + ")$"


class TemplateBody(BaseModel):
    key: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str = Field(min_length=1, max_length=200)
    channel: str = Field(pattern=CHANNEL)
    category: str = Field(default="marketing", pattern="^(" + "|".join(MESSAGE_CATEGORIES) + ")$")
    subject: str = Field(default="", max_length=300)
    body: str = Field(min_length=1, max_length=50_000)


class PreviewBody(BaseModel):
    member_id: int | None = Field(default=None, description="Omit to use a sample member.")
    context: dict = Field(default_factory=dict, description="coupon, points and vars.")
    channel: str | None = Field(default=None, pattern=CHANNEL)
    subject: str | None = Field(default=None, max_length=300)
    body: str | None = Field(default=None, max_length=50_000)
    category: str = Field(default="marketing", pattern="^(marketing|transactional)$")


def template_json(t: MessageTemplate) -> dict:
    return {
        "key": t.key,
        "name": t.name,
        "channel": t.channel,
        "category": t.category,
        "subject": t.subject,
        "body": t.body,
        "updated_at": t.updated_at.isoformat() if t.updated_at else None,
    }


def _checked(json: TemplateBody) -> None:
    problems = check_template(json.channel, json.subject, json.body)
    if problems:
        raise validation_error(problems, f"The template cannot be saved: {problems[0]['message']}")


def _get(key: str) -> MessageTemplate:
    t = db.session.scalar(select(MessageTemplate).where(MessageTemplate.key == key))
    if t is None:
        raise ApiError(404, "not_found", f"No message template with key {key!r}.")
    return t


@bp.get("/message-templates")
@api_spec.validate(tags=TAGS)
def list_templates():
    """All message templates."""
    rows = db.session.scalars(select(MessageTemplate).order_by(MessageTemplate.key))
    return jsonify(templates=[template_json(t) for t in rows], channels=list(MESSAGE_CHANNELS))


@bp.post("/message-templates")
@api_spec.validate(json=TemplateBody, resp=Response(HTTP_201=None), tags=TAGS)
def create_template(json: TemplateBody):
    """Create a template; syntax, unsafe access and unknown fields are refused here."""
    if db.session.scalar(select(MessageTemplate.id).where(MessageTemplate.key == json.key)):
        raise ApiError(409, "conflict", f"A message template with key {json.key!r} exists already.")
    _checked(json)
    t = MessageTemplate(**json.model_dump())
    db.session.add(t)
    db.session.commit()
    return jsonify(template=template_json(t)), 201


@bp.get("/message-templates/<key>")
@api_spec.validate(tags=TAGS)
def get_template(key: str):
    """One template."""
    return jsonify(template=template_json(_get(key)))


@bp.put("/message-templates/<key>")
@api_spec.validate(json=TemplateBody, tags=TAGS)
def update_template(key: str, json: TemplateBody):
    """Replace a template (same checks as create)."""
    t = _get(key)
    if json.key != key:
        raise validation_error([{"field": "key", "message": f"must stay {key!r}"}])
    _checked(json)
    for field, value in json.model_dump().items():
        setattr(t, field, value)
    db.session.commit()
    return jsonify(template=template_json(t))


def _preview(channel: str, subject: str, body: str, category: str, json: PreviewBody):
    problems = check_template(channel, subject, body)
    if problems:
        raise validation_error(problems, f"The template cannot render: {problems[0]['message']}")
    if json.member_id is None:
        context = sample_context()
        context["vars"].update(
            {k: v for k, v in json.context.items() if k not in ("coupon", "points")}
        )
    else:
        member = db.session.get(Member, json.member_id)
        if member is None:
            raise ApiError(404, "not_found", f"No member with id {json.member_id}.")
        code = coupon_code(json.context)
        raw = dict(json.context)
        if "recommendations" in f"{subject} {body}":
            raw["recommendations"] = for_members(db.session, [member.id]).get(member.id, [])
        context = build_context(
            member, channel, raw, coupon_facts(db.session, {code} if code else set())
        )
    link = (lambda url: click_url(0, url)) if channel in ("email", "inapp") else None
    try:
        out = render(channel, subject, body, context, link)
    except RenderError as exc:
        raise validation_error(
            [{"field": "context", "message": str(exc)}], f"Cannot render: {exc}"
        ) from exc
    rules = load_channels(db.session)[channel].rules
    final = get_provider(channel).finish_body(out.body, category, rules)
    return jsonify(channel=channel, subject=out.subject, body=final)


@bp.post("/message-templates/preview")
@api_spec.validate(json=PreviewBody, tags=TAGS)
def preview_draft(json: PreviewBody):
    """Render an unsaved template (channel, subject, body) for a member or a sample."""
    if not json.channel or json.body is None:
        raise validation_error(
            [{"field": "channel", "message": "give channel and body to preview a draft"}]
        )
    return _preview(json.channel, json.subject or "", json.body, json.category, json)


@bp.post("/message-templates/<key>/preview")
@api_spec.validate(json=PreviewBody, tags=TAGS)
def preview_saved(key: str, json: PreviewBody):
    """Render a saved template for a chosen member (or a sample member)."""
    t = _get(key)
    return _preview(t.channel, t.subject, t.body, t.category, json)
