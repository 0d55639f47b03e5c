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
    # Decisions are read, never changed, so one object serves every member it applies to.
    leave, hold = Move("next"), Hold(ctx.now + delay)
    return [leave if s.resumed else hold for s in states]
