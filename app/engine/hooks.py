"""The one place the engine reports a processed batch (live counters listen here).

Node code never emits anything; the runner calls :func:`batch_processed` once per batch,
after its work is written, and each listener gets the aggregated report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

_listeners: list[Callable[[Any], None]] = []


def on_batch_processed(listener: Callable[[Any], None]) -> Callable[[Any], None]:
    """Register ``listener(report)``; returns it so it can be used as a decorator."""
    _listeners.append(listener)
    return listener


def remove_listener(listener: Callable[[Any], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def batch_processed(report: Any) -> None:
    """Tell every listener; a failing listener is logged and never breaks the engine."""
    for listener in list(_listeners):
        try:
            listener(report)
        except Exception:  # noqa: BLE001 - observers must not stop the engine
            log.exception("batch listener failed")
