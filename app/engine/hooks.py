"""The places the engine and the dispatcher report their work (live counters listen here).

Node code never emits anything; the runner calls :func:`batch_processed` once per batch,
after its work is written, and each listener gets the aggregated report. The delivery
dispatcher calls :func:`messages_settled` once per batch it records, with the outcomes of
the messages journeys queued.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

log = logging.getLogger(__name__)

_listeners: list[Callable[[Any], None]] = []
_message_listeners: list[Callable[[MessageReport], None]] = []


@dataclass
class MessageReport:
    """What one dispatcher batch decided for messages queued by journey nodes."""

    #: The dispatcher's "now" for the batch (its delivery events carry the same time).
    at: datetime
    #: ``(journey_id, node_id, message_id, status)`` per message, ``status`` as recorded
    #: (``sent``, ``deferred``, ``suppressed``, ``failed`` or ``retry``).
    outcomes: list[tuple[int, str, int, str]] = field(default_factory=list)


def on_batch_processed(listener: Callable[[Any], None]) -> Callable[[Any], None]:
    """Register ``listener(report)``; returns it so it can be used as a decorator."""
    _listeners.append(listener)
    return listener


def on_messages_settled(
    listener: Callable[[MessageReport], None],
) -> Callable[[MessageReport], None]:
    """Register ``listener(message_report)`` for the dispatcher's recorded batches."""
    _message_listeners.append(listener)
    return listener


def remove_listener(listener: Callable[[Any], None]) -> None:
    for listeners in (_listeners, _message_listeners):
        if listener in listeners:
            listeners.remove(listener)


def _notify(listeners: list[Callable[[Any], None]], report: Any) -> None:
    for listener in list(listeners):
        try:
            listener(report)
        except Exception:  # noqa: BLE001 - observers must not stop the engine
            log.exception("batch listener failed")


def batch_processed(report: Any) -> None:
    """Tell every listener; a failing listener is logged and never breaks the engine."""
    _notify(_listeners, report)


def messages_settled(rows: Iterable, results: Iterable, at: datetime) -> None:
    """The dispatcher recorded ``results`` (``.id``, ``.status``) for claimed outbox ``rows``
    (``.id``, ``.journey_id``, ``.node_id``) and committed them; listeners get one
    :class:`MessageReport` of the rows a journey queued (none when there are none)."""
    if not _message_listeners:
        return
    status = {result.id: result.status for result in results}
    outcomes = [
        (row.journey_id, row.node_id, row.id, status[row.id])
        for row in rows
        if row.journey_id is not None and row.node_id and row.id in status
    ]
    if outcomes:
        _notify(_message_listeners, MessageReport(at, outcomes))
