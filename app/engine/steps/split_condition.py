"""split.condition: members matching the rules go ``yes``, the others ``no``."""

from __future__ import annotations

from app.engine.batch import Move
from app.engine.steps import executor
from app.engine.steps._audience import matching


@executor("split.condition")
def execute(node, states, ctx):
    matched = matching(node.raw_config, [s.member_id for s in states], ctx)
    yes, no = Move("yes"), Move("no")
    return [yes if s.member_id in matched else no for s in states]
