"""action.send: queue one message per member in the outbox, in the batch's transaction.

Consent, quiet hours and caps are applied by the dispatcher before sending; the member
moves on whatever the outcome. The idempotency key is the run and step, so a retried batch
queues nothing twice. A test run queues nothing: each member's message is rendered as the
dispatcher would and shown on the step (``app.engine.trial``).
"""

from __future__ import annotations

from app.bulk import fetch_in
from app.engine import pauses, trial
from app.engine.batch import Move
from app.engine.steps import executor
from app.messaging.outbox import enqueue_messages


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


@executor("action.send")
def execute(node, states, ctx):
    channel, template = node.config.channel, node.config.template
    if ctx.test_mode:
        previews = trial.preview_messages(
            ctx.session, channel, template, [s.member_id for s in states]
        )
        return [
            Move("next", trial.would("send a message", **previews.get(s.member_id, {})))
            for s in states
        ]
    skipped = pauses.skipped_sends(ctx, states)
    coupons = _latest_coupons(ctx, [s.member_id for s in states])
    items = [
        (
            s.member_id,
            channel,
            template,
            {"coupon": {"code": coupons[s.member_id]}} if s.member_id in coupons else {},
            f"journey-run:{s.id}:{node.id}:{s.step_no}",
        )
        for s in states
        if s.id not in skipped
    ]
    result = enqueue_messages(ctx.session, items, ctx.now, source=(ctx.journey_id, node.id))
    ctx.tally(node.id, "messages_queued", result.queued)
    ctx.touch([s for s in states if s.id not in skipped], node.id, "send")
    if skipped:
        ctx.tally(node.id, "sends_skipped", len(skipped))
        return [Move("next", skipped.get(s.id)) for s in states]
    return [Move("next")] * len(states)
