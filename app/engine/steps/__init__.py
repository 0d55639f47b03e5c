"""Run-time meaning of each node type: one module per type, each registering an executor.

An executor takes the members at one node and returns one decision per member, in order:
``execute(node, states, ctx) -> list[Decision]``. It works on the whole batch at once
(one query for an audience check, one bulk grant, one bulk outbox insert).
"""

from __future__ import annotations

from collections.abc import Callable

from app.engine.batch import Decision, RunState
from app.engine.context import StepContext
from app.engine.graph import RunNode

Executor = Callable[[RunNode, list[RunState], StepContext], list[Decision]]

_EXECUTORS: dict[str, Executor] = {}
_loaded = False


def executor(*type_names: str) -> Callable[[Executor], Executor]:
    """Register the decorated function as the executor of the given node types."""

    def register(fn: Executor) -> Executor:
        for name in type_names:
            if name in _EXECUTORS:
                raise ValueError(f"node type {name!r} has two executors")
            _EXECUTORS[name] = fn
        return fn

    return register


def get(type_name: str) -> Executor | None:
    _load_all()
    return _EXECUTORS.get(type_name)


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from app.engine.steps import (  # noqa: F401  (each module registers itself)
        action_attribute,
        action_coupon,
        action_points,
        action_send,
        action_tag,
        action_tier,
        action_webhook,
        entry,
        entry_alert,
        exit,
        split_condition,
        split_experiment,
        split_multi,
        split_random,
        wait_duration,
        wait_event,
        wait_until,
    )
