"""action.send: queue one message per member in the outbox, in the batch's transaction.

Consent, quiet hours and caps are applied by the dispatcher before sending; the member
moves on whatever the outcome. The idempotency key is the run and step, so a retried batch
queues nothing twice. In test mode only in-app messages are queued.
"""

from __future__ import annotations

from sqlalchemy import select

from app.engine.batch import Move
from app.engine.steps import executor
from app.messaging.outbox import enqueue_messages
from app.models.coupon_grants import Coupon


def _latest_coupons(ctx, member_ids: list[int]) -> dict[int, str]:
    """The newest coupon this journey granted each member, for templates that show it."""
    rows = ctx.session.execute(
        select(Coupon.member_id, Coupon.code)
        .where(
            Coupon.member_id.in_(member_ids),
            Coupon.source.like(f"journey:{ctx.journey_id}:%"),
        )
        .order_by(Coupon.granted_at, Coupon.id)
    )
    return {key: value for key, value in rows}


@executor("action.send")
def execute(node, states, ctx):
    channel, template = node.config.channel, node.config.template
    if ctx.test_mode and channel != "inapp":
        return [Move("next", {"send": "skipped in test mode"})] * len(states)
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
    ]
    result = enqueue_messages(ctx.session, items, ctx.now)
    ctx.tally(node.id, "messages_queued", result.queued)
    return [Move("next")] * len(states)
