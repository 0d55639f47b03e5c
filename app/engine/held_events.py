"""Events that arrive while a journey is paused: held, and entered when it resumes.

While a journey is paused, an ingested event that meets one of its event entries is kept
as a ``journey_held_events`` row (one bulk insert per batch of events, written with the
other effects of the events in ``app.engine.events``), unless the journey's
``paused_events`` setting is ``drop``. On resume the held events enter their members in
event order, under the journey's re-entry rules, with the usual ``event:<id>`` entry key,
and the rows go.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.engine.entries import enter_rows, live_version
from app.engine.graph import graph_for
from app.models.events import Event
from app.models.journeys import Journey
from app.models.runs import JourneyHeldEvent


def enter_held_events(session: Session, journey: Journey, now: datetime) -> int:
    """Enter the events held for ``journey`` while it was paused; returns the entries."""
    version = live_version(session, journey)
    held = session.execute(
        select(JourneyHeldEvent.node_id, JourneyHeldEvent.member_id, JourneyHeldEvent.event_id)
        .join(Event, Event.id == JourneyHeldEvent.event_id)
        .where(JourneyHeldEvent.journey_id == journey.id)
        .order_by(Event.occurred_at, Event.id)
    ).all()
    entered = 0
    if version is not None and held:
        graph = graph_for(version.id, version.checksum, version.document)
        by_node: dict[str, list[tuple[int, str]]] = {}
        for node_id, member_id, event_id in held:
            if node_id in graph.entry_ids:  # an entry the live version still has
                by_node.setdefault(node_id, []).append((member_id, f"event:{event_id}"))
        for node_id, rows in by_node.items():
            entered += enter_rows(session, version, node_id, rows, now)
    session.execute(delete(JourneyHeldEvent).where(JourneyHeldEvent.journey_id == journey.id))
    return entered
