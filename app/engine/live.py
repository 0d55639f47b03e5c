"""The journeys that are running now, compiled, for the event paths."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.engine.graph import RunGraph, graph_for
from app.models.journeys import Journey, JourneyVersion


def running_versions(session: Session) -> list[tuple[Journey, JourneyVersion, RunGraph]]:
    """Every published journey with its live version and compiled graph (one query)."""
    rows = session.execute(
        select(Journey, JourneyVersion)
        .join(JourneyVersion, JourneyVersion.journey_id == Journey.id)
        .where(Journey.status == "published", JourneyVersion.status == "published")
    ).all()
    return [(j, v, graph_for(v.id, v.checksum, v.document)) for j, v in rows]


def graphs_by_version(session: Session, version_ids: set[int]) -> dict[int, RunGraph]:
    """Compiled graphs of the given versions (published or older ones still running)."""
    if not version_ids:
        return {}
    rows = session.execute(
        select(JourneyVersion.id, JourneyVersion.checksum, JourneyVersion.document).where(
            JourneyVersion.id.in_(version_ids)
        )
    )
    return {vid: graph_for(vid, checksum, doc) for vid, checksum, doc in rows}
