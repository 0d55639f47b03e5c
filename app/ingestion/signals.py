"""Signals sent after ingestion stored rows, inside the same transaction.

Receivers (the journey engine, points rules) run before the commit, on ``db.session``, so
what they write commits or rolls back together with the ingested rows. Each is sent with
``rows``: a list of :class:`StoredRow`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace

_signals = Namespace()

#: Sent with ``rows`` after events were inserted (re-posted duplicates are not included).
events_stored = _signals.signal("events-stored")
#: Sent with ``rows`` after orders were inserted or changed (unchanged re-posts not included).
orders_stored = _signals.signal("orders-stored")


@dataclass(frozen=True, slots=True)
class StoredRow:
    """One stored row: its id, its member's id and, for events, the event type."""

    id: int
    member_id: int
    type: str | None = None


@dataclass(frozen=True, slots=True)
class StoredEvent(StoredRow):
    """A stored event with what the journey engine reads of it, so it is not read again."""

    name: str | None = None
    properties: dict | None = None
    occurred_at: datetime | None = None
