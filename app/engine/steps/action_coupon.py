"""action.coupon: grant a coupon from a template to the whole batch in one bulk grant, one
coupon per run (a member with two runs in the batch gets two, within the per-member limit).

Members who got one leave by ``granted``; those the stock could not serve by
``out_of_stock``; those already holding the template's per-member limit by ``limit_reached``
when the node separates them (``limit_reached_branch``), else by ``out_of_stock`` too.
"""

from __future__ import annotations

from sqlalchemy import select

from app.coupons.grants import grant_coupons, plan_grants
from app.engine import trial
from app.engine.batch import Move
from app.engine.steps import executor
from app.models.coupons import CouponTemplate


@executor("action.coupon")
def execute(node, states, ctx):
    member_ids = [s.member_id for s in states]
    if ctx.test_mode:
        return _trial(node, states, ctx, member_ids)
    source = f"journey:{ctx.journey_id}:{node.id}"
    # One grant per run: a member with two runs in the batch (two invitations, say) asks
    # for two coupons, each run leaving with its own code, up to the per-member limit.
    result = grant_coupons(
        ctx.session, node.config.coupon_template, member_ids, ctx.now, source, each=True
    )
    ctx.tally(node.id, "coupons_granted", len(result.codes))
    limit = "limit_reached" if node.config.limit_reached_branch else "out_of_stock"
    moves = []
    for position, s in enumerate(states):
        code = result.codes.get(position)
        if code is not None:
            moves.append(Move("granted", {"coupon_code": code}))
            ctx.touch([s], node.id, "coupon", {s.member_id: code})
        elif result.outcomes[position] == "over_limit":
            moves.append(Move(limit))
        else:
            moves.append(Move("out_of_stock"))
    return moves


def _trial(node, states, ctx, member_ids):
    """Who would get a coupon, decided by the grant's own rule; no stock or coupon is used."""
    key = node.config.coupon_template
    template = ctx.session.scalar(select(CouponTemplate).where(CouponTemplate.key == key))
    if template is None:
        raise ValueError(f"No coupon template with key {key!r}.")
    plan, _ = plan_grants(ctx.session, template, member_ids, each=True)
    limit = "limit_reached" if node.config.limit_reached_branch else "out_of_stock"
    moves = []
    for outcome in plan.outcomes:
        if outcome == "granted":
            moves.append(Move("granted", trial.would("grant a coupon", coupon_template=key)))
        elif outcome == "over_limit":
            moves.append(Move(limit, trial.would("not grant: limit reached", coupon_template=key)))
        else:
            moves.append(
                Move("out_of_stock", trial.would("not grant: no stock", coupon_template=key))
            )
    return moves
