"""What a test run shows instead of doing: the node's effect, decided but not written.

Test runs (``is_test``) go through the same executors as real runs. Where an executor would
change something real — stock, coupons, points, tags, attributes, messages, webhook calls —
it asks here what would happen and records that on the step instead (``detail.test``), so the
test-run view lists every coupon it would grant, every message rendered per channel, and the
branch each member took, while every real table stays as it was.
"""

from __future__ import annotations

from sqlalchemy import select

from app.messaging.context import build_context
from app.messaging.providers import get_provider
from app.messaging.rendering import CompiledTemplate, RenderError
from app.messaging.settings import load_channels
from app.models import Member, MessageTemplate


def would(what: str, **detail) -> dict:
    """A step detail saying what a test run would have done."""
    return {"test": what, **detail}


def preview_messages(
    session, channel: str, template_key: str, member_ids, raw=None, raws=None
) -> dict:
    """``{member_id: {"channel", "subject", "body"}}`` rendered as the dispatcher would
    (the channel's finishing, e.g. the SMS opt-out line, included), or ``{"error"}``;
    ``raws`` gives some members their own context. Two queries for the batch; nothing is
    queued or sent."""
    template = session.scalar(select(MessageTemplate).where(MessageTemplate.key == template_key))
    members = session.scalars(select(Member).where(Member.id.in_(set(member_ids)))).all()
    if template is None:
        return {
            m.id: {"channel": channel, "error": f"no template {template_key!r}"} for m in members
        }
    setup = load_channels(session).get(channel)
    provider = get_provider(channel)
    try:
        compiled = CompiledTemplate(channel, template.subject, template.body)
    except RenderError as exc:
        return {m.id: {"channel": channel, "error": str(exc)} for m in members}
    out = {}
    for member in members:
        context = build_context(member, channel, (raws or {}).get(member.id, raw), {})
        try:
            rendered = compiled.render(context)
        except RenderError as exc:
            out[member.id] = {"channel": channel, "error": str(exc)}
            continue
        body = rendered.body
        if setup is not None:
            body = provider.finish_body(body, template.category, setup.rules)
        out[member.id] = {"channel": channel, "subject": rendered.subject, "body": body}
    return out
