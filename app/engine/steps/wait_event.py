"""wait.event: hold until a matching event (woken by ingestion) or the timeout.

Ingestion moves members out by the ``event`` branch (app.engine.events); a member still
here when the timeout is due leaves by ``timeout``.
"""

from __future__ import annotations

from datetime import timedelta

from app.engine.batch import Hold, Move
from app.engine.steps import executor
from app.engine.steps.wait_duration import TEST_MODE_WAIT


@executor("wait.event")
def execute(node, states, ctx):
    timeout = (
        TEST_MODE_WAIT if ctx.test_mode else timedelta(minutes=node.config.timeout.total_minutes)
    )
    until = ctx.now + timeout
    return [Move("timeout") if s.resumed else Hold(until, for_event=True) for s in states]
