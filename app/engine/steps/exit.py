"""Exit: the member leaves the journey."""

from __future__ import annotations

from app.engine.batch import Finish
from app.engine.steps import executor


@executor("exit")
def execute(node, states, ctx):
    reason = getattr(node.config, "reason", "") or None
    return [Finish("exited", {"reason": reason} if reason else None)] * len(states)
