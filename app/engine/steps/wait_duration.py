"""wait.duration: hold each member for a fixed time, then move on."""

from __future__ import annotations

from datetime import timedelta

from app.engine.batch import Hold, Move
from app.engine.steps import executor

#: In test mode a wait lasts this long, whatever the journey says.
TEST_MODE_WAIT = timedelta(seconds=1)


@executor("wait.duration")
def execute(node, states, ctx):
    delay = TEST_MODE_WAIT if ctx.test_mode else timedelta(minutes=node.config.total_minutes)
    until = ctx.now + delay
    return [Move("next") if s.resumed else Hold(until) for s in states]
