"""action.tier: move the batch's members to a tier in one write, with their tier changes
and ``tier_changed`` events (``app.points.tiers.apply_tier_changes``)."""

from __future__ import annotations

from sqlalchemy import select

from app.engine import trial
from app.engine.batch import Move
from app.engine.steps import executor
from app.models.members import Member
from app.models.points import TIER_ORDER
from app.points.tiers import apply_tier_changes


def _rank(tier: str | None) -> int:
    return TIER_ORDER.index(tier) if tier in TIER_ORDER else 0


@executor("action.tier")
def execute(node, states, ctx):
    config = node.config
    member_ids = sorted({s.member_id for s in states})
    current = dict(
        ctx.session.execute(select(Member.id, Member.tier).where(Member.id.in_(member_ids))).all()
    )
    target = _rank(config.tier)
    changes = [
        {
            "member_id": member_id,
            "from_tier": tier,
            "to_tier": config.tier,
            "direction": "up" if target > _rank(tier) else "down",
            "at": ctx.now,
        }
        for member_id, tier in current.items()
        if tier != config.tier and (target > _rank(tier) or not config.only_upgrade)
    ]
    moved = {c["member_id"]: c for c in changes}
    if ctx.test_mode:
        return [
            Move(
                "next", trial.would("move to a tier", tier=config.tier, moves=s.member_id in moved)
            )
            for s in states
        ]
    apply_tier_changes(ctx.session, changes)
    ctx.tally(node.id, "tiers_changed", len(changes))
    return [
        Move("next", {"tier": f"{moved[s.member_id]['from_tier'] or 'basic'} → {config.tier}"})
        if s.member_id in moved
        else Move("next")
        for s in states
    ]
