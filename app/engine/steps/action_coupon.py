"""action.coupon: grant a coupon from a template to the whole batch in one bulk grant.

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
    result = grant_coupons(ctx.session, node.config.coupon_template, member_ids, ctx.now, source)
    ctx.tally(node.id, "coupons_granted", len(result.granted))
    limit = "limit_reached" if node.config.limit_reached_branch else "out_of_stock"
    # One grant per member per batch: a member's further runs in the same batch leave as
    # over the limit, never with the first run's code.
    first: dict[int, int] = {}
    for s in states:
        first.setdefault(s.member_id, s.id)
    moves, touched = [], []
    for s in states:
        if s.member_id in result.granted and first[s.member_id] == s.id:
            moves.append(Move("granted", {"coupon_code": result.granted[s.member_id]}))
            touched.append(s)
        elif s.member_id in result.over_limit or s.member_id in result.granted:
            moves.append(Move(limit))
        else:
            moves.append(Move("out_of_stock"))
    ctx.touch(touched, node.id, "coupon", result.granted)
    return moves


def _trial(node, states, ctx, member_ids):
    """Who would get a coupon, decided by the grant's own rule; no stock or coupon is used."""
    key = node.config.coupon_template
    template = ctx.session.scalar(select(CouponTemplate).where(CouponTemplate.key == key))
    if template is None:
        raise ValueError(f"No coupon template with key {key!r}.")
    plan, served = plan_grants(ctx.session, template, member_ids)
    limit = "limit_reached" if node.config.limit_reached_branch else "out_of_stock"
    served_set, seen = set(served), set()
    moves = []
    for s in states:
        first = s.member_id not in seen
        seen.add(s.member_id)
        if s.member_id in served_set and first:
            moves.append(Move("granted", trial.would("grant a coupon", coupon_template=key)))
        elif s.member_id in plan.over_limit or s.member_id in served_set:
            moves.append(Move(limit, trial.would("not grant: limit reached", coupon_template=key)))
        else:
            moves.append(
                Move("out_of_stock", trial.would("not grant: no stock", coupon_template=key))
            )
    return moves
