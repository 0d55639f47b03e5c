"""action.coupon: grant a coupon from a template to the whole batch in one bulk grant.

Members who got one leave by ``granted``; those the template could not serve (no stock,
their per-member limit reached) leave by ``out_of_stock``.
"""

from __future__ import annotations

from app.coupons.grants import grant_coupons
from app.engine.batch import Move
from app.engine.steps import executor


@executor("action.coupon")
def execute(node, states, ctx):
    member_ids = [s.member_id for s in states]
    source = f"journey:{ctx.journey_id}:{node.id}"
    result = grant_coupons(ctx.session, node.config.coupon_template, member_ids, ctx.now, source)
    ctx.tally(node.id, "coupons_granted", len(result.granted))
    ctx.touch(
        [s for s in states if s.member_id in result.granted], node.id, "coupon", result.granted
    )
    return [
        Move("granted", {"coupon_code": result.granted[s.member_id]})
        if s.member_id in result.granted
        else Move("out_of_stock")
        for s in states
    ]
