"""action.send: queue one message per member in the outbox, in the batch's transaction.

Consent, quiet hours and caps are applied by the dispatcher before sending; the member
moves on whatever the outcome. The idempotency key is the run and step, so a retried batch
queues nothing twice. A test run queues nothing: each member's message is rendered as the
dispatcher would and shown on the step (``app.engine.trial``).
"""

from __future__ import annotations

from sqlalchemy import select

from app.bulk import fetch_in
from app.engine import pauses, trial
from app.engine.batch import Move
from app.engine.steps import executor
from app.messaging.outbox import enqueue_messages
from app.models import MessageTemplate
from app.recommend.service import MAX_PRODUCTS, for_members
from app.send_time.timing import best_moments


def _latest_coupons(ctx, member_ids: list[int]) -> dict[int, str]:
    """The newest coupon this journey granted each member, for templates that show it."""
    rows = fetch_in(
        ctx.session,
        "SELECT member_id, code FROM coupons WHERE source LIKE {p} "
        "AND member_id IN ({values}) ORDER BY granted_at, id",
        member_ids,
        (f"journey:{ctx.journey_id}:%",),
    )
    return dict(rows)


def _recommended(ctx, config, member_ids: list[int]) -> dict[int, list] | None:
    """Each member's recommended products (scoring at least the node's minimum), when the
    template shows them or the node asks for a minimum; None otherwise. Two queries."""
    minimum = config.recommendations_min_score
    if minimum is None:
        sources = ctx.session.execute(
            select(MessageTemplate.subject, MessageTemplate.body).where(
                MessageTemplate.key == config.template
            )
        ).first()
        if sources is None or "recommendations" not in f"{sources[0]} {sources[1]}":
            return None
    return for_members(ctx.session, member_ids, MAX_PRODUCTS, minimum)


def _context(member_id: int, coupons: dict, products: dict | None) -> dict:
    context = {"coupon": {"code": coupons[member_id]}} if member_id in coupons else {}
    if products is not None:
        context["recommendations"] = products.get(member_id, [])
    return context


@executor("action.send")
def execute(node, states, ctx):
    channel, template = node.config.channel, node.config.template
    minimum = node.config.recommendations_min_score
    products = _recommended(ctx, node.config, [s.member_id for s in states])
    below = {}
    if minimum is not None:
        reason = {"skipped": f"no recommended product scores at least {minimum}"}
        below = {s.id: reason for s in states if s.member_id not in products}
    if ctx.test_mode:
        raws = {m: {"recommendations": p} for m, p in (products or {}).items()}
        previews = trial.preview_messages(
            ctx.session, channel, template, [s.member_id for s in states], raws=raws
        )
        return [
            Move(
                "next",
                below.get(s.id) or trial.would("send a message", **previews.get(s.member_id, {})),
            )
            for s in states
        ]
    skipped = {**below, **pauses.skipped_sends(ctx, states)}
    coupons = _latest_coupons(ctx, [s.member_id for s in states])
    items = [
        (
            s.member_id,
            channel,
            template,
            _context(s.member_id, coupons, products),
            f"journey-run:{s.id}:{node.id}:{s.step_no}",
        )
        for s in states
        if s.id not in skipped
    ]
    due = None
    if node.config.at_best_time_within_hours:
        best = best_moments(
            ctx.session, [i[0] for i in items], ctx.now, node.config.at_best_time_within_hours
        )
        due = {key: best[member] for member, _, _, _, key in items if member in best}
    result = enqueue_messages(
        ctx.session, items, ctx.now, source=(ctx.journey_id, node.id), due=due
    )
    ctx.tally(node.id, "messages_queued", result.queued)
    ctx.touch([s for s in states if s.id not in skipped], node.id, "send")
    if below:
        ctx.tally(node.id, "sends_below_min_score", len(below))
    if skipped:
        ctx.tally(node.id, "sends_skipped", len(skipped))
        return [Move("next", skipped.get(s.id)) for s in states]
    return [Move("next")] * len(states)
