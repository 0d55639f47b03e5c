"""Store events: inserted once; re-posting an external id already stored is a no-op."""

from __future__ import annotations

from app.extensions import db
from app.ingestion.batch import (
    StoreResult,
    duplicate_errors,
    lookup,
    raise_if_any,
    unknown_member_errors,
    upsert,
)
from app.ingestion.schemas import EventIn
from app.ingestion.signals import StoredEvent, events_stored
from app.models import Event, Member
from app.models.base import utcnow

members = Member.__table__
events = Event.__table__


def store_events(records: list[EventIn]) -> StoreResult:
    """Insert events in one transaction; refuse the batch on any problem."""
    errors = duplicate_errors([r.external_id for r in records], "external_id")
    member_ids = lookup(
        members.c.external_id, (r.member_external_id for r in records), members.c.id
    )
    errors += unknown_member_errors(member_ids, records)
    raise_if_any(errors)

    now = utcnow()
    rows = [
        {
            "external_id": r.external_id,
            "member_id": member_ids[r.member_external_id],
            "type": r.type,
            "name": r.name,
            "occurred_at": r.occurred_at,
            "properties": r.properties,
            "created_at": now,
        }
        for r in records
    ]
    stored = insert_events(rows)
    return StoreResult(created=len(stored), unchanged=len(records) - len(stored))


def insert_events(rows: list[dict]) -> list:
    """Insert event rows once each and tell the engine; returns the rows stored now."""
    # ON CONFLICT DO NOTHING makes re-posts no-ops even when two requests race. The insert
    # returns what the engine reads of an event, so it reads none of them again.
    stmt = (
        upsert(events)
        .on_conflict_do_nothing(index_elements=["external_id"])
        .returning(
            events.c.id,
            events.c.member_id,
            events.c.type,
            events.c.name,
            events.c.properties,
            events.c.occurred_at,
        )
    )
    stored = db.session.execute(stmt, rows).all()
    if stored:
        events_stored.send(db.session, rows=[StoredEvent(*row) for row in stored])
    return stored
