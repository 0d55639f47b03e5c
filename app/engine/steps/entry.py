"""Entry nodes: members are placed on them when they enter, and move straight on."""

from __future__ import annotations

from app.engine.batch import Move
from app.engine.steps import executor


@executor("entry.audience", "entry.event", "entry.date", "entry.api")
def execute(node, states, ctx):
    return [Move("next")] * len(states)
