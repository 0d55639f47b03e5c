"""Event CSV files: inserted once each; rows whose external id is stored are skipped."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Column, literal, select, true

from app.extensions import db
from app.ingestion.batch import upsert
from app.ingestion.imports import dbchecks
from app.ingestion.imports.checks import Chunk
from app.ingestion.imports.report import ImportReport
from app.ingestion.imports.staging import Stage
from app.ingestion.signals import StoredRow, events_stored
from app.models import Event, Member
from app.models.base import utcnow
from app.models.events import EVENT_TYPES

members = Member.__table__
events = Event.__table__

COLUMNS = ("external_id", "member_external_id", "type", "name", "occurred_at", "properties")
REQUIRED = ("member_external_id", "type", "occurred_at")
FIELDS = ("external_id", "type", "name", "occurred_at", "properties")
#: The column no two rows of a file may repeat (rows without one are all kept).
KEY = "external_id"


def prepare(chunk: Chunk) -> dict[str, object]:
    """Check a chunk; return its columns typed as the events table stores them."""
    kind = chunk.choice("type", EVENT_TYPES, "")
    out = {
        "row_no": chunk.rows,
        "external_id": chunk.text("external_id", 64) if chunk.has("external_id") else None,
        "member_external_id": chunk.text("member_external_id", 64, required=True),
        "type": kind,
        "name": chunk.text("name", 64) if chunk.has("name") else None,
        "occurred_at": chunk.timestamp("occurred_at"),
        "properties": chunk.json_object("properties") if chunk.has("properties") else "{}",
    }
    nameless = (kind == "custom") & pd.isna(out["name"])
    chunk.refuse(nameless, "name", "is required for custom events")
    return out


def stage_columns(header: list[str]) -> list[Column]:
    """The staged columns (every event column; absent ones hold their defaults)."""
    return [
        Column("member_external_id", members.c.external_id.type),
        *(Column(f, events.c[f].type) for f in FIELDS),
    ]


def check(stage: Stage, report: ImportReport) -> None:
    """Refuse unknown members (repeated event ids are refused while reading)."""
    dbchecks.unknown_members(stage, report)


def count(stage: Stage, report: ImportReport) -> None:
    """Count new events; rows whose external id is stored are unchanged."""
    stored = stage.count(
        select(events.c.id).where(events.c.external_id == stage.c.external_id).exists()
    )
    report.created, report.updated, report.unchanged = report.rows - stored, 0, stored


def merge(stage: Stage, report: ImportReport) -> None:
    """Insert the staged events (skipping stored ids) and send ``events_stored``."""
    source = (
        select(
            *(stage.c[f] for f in FIELDS),
            members.c.id,
            literal(utcnow(), events.c.created_at.type),
        )
        .join(members, members.c.external_id == stage.c.member_external_id)
        .where(true())
    )
    stmt = (
        upsert(events)
        .from_select([*FIELDS, "member_id", "created_at"], source)
        .on_conflict_do_nothing(index_elements=["external_id"])
        .returning(events.c.id, events.c.member_id, events.c.type)
    )
    stored = stage.conn.execute(stmt).all()
    if stored:
        events_stored.send(db.session, rows=[StoredRow(*row) for row in stored])
