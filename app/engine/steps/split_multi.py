"""split.multi: each member takes the first branch whose rules match, else ``else``."""

from __future__ import annotations

from app.engine.batch import Move
from app.engine.steps import executor
from app.engine.steps._audience import matching


@executor("split.multi")
def execute(node, states, ctx):
    branch_of: dict[int, str] = {}
    remaining = [s.member_id for s in states]
    for branch in node.raw_config["branches"]:
        if not remaining:
            break
        matched = matching(branch, remaining, ctx)
        for member_id in matched:
            branch_of[member_id] = branch["key"]
        remaining = [m for m in remaining if m not in matched]
    return [Move(branch_of.get(s.member_id, "else")) for s in states]
