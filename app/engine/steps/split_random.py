"""split.random: weighted variants and an optional holdout, by a hash of journey, node and
member."""

from __future__ import annotations

from app.engine.batch import Move
from app.engine.steps import executor
from app.engine.steps._assignment import bucket, member_key, node_salt, pick


@executor("split.random")
def execute(node, states, ctx):
    arms = [(v.key, v.weight) for v in node.config.variants]
    if node.config.holdout_percent:
        arms.append(("holdout", node.config.holdout_percent))
    where = node_salt(ctx, node.id)
    return [Move(pick(arms, bucket(member_key(ctx, s.member_id), where))) for s in states]
