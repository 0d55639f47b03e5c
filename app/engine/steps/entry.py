"""Entry nodes: members are placed on them when they enter, and move straight on.

Members of the global control group leave here at once, logged ``held_out``: no journey
acts on them (``app.control_group``). Test runs are never held out.
"""

from __future__ import annotations

from app.control_group.membership import in_group
from app.control_group.settings import control_group
from app.engine.batch import Finish, Move
from app.engine.steps import executor
from app.engine.steps._assignment import member_key

HELD_OUT = Finish("held_out", {"reason": "global control group"})


@executor("entry.audience", "entry.event", "entry.date", "entry.api")
def execute(node, states, ctx):
    group = ctx.cache.get("control_group")
    if group is None:
        group = ctx.cache["control_group"] = control_group(ctx.session)
    if ctx.test_mode or not group.percent:
        return [Move("next")] * len(states)
    held = in_group((member_key(ctx, s.member_id) for s in states), group.percent, group.salt)
    return [HELD_OUT if member_key(ctx, s.member_id) in held else Move("next") for s in states]
