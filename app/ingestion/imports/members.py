"""Member CSV files: columns, vectorised checks, and the set-based merge into members.

Columns the file leaves out keep their stored values (new members get the defaults). In a
column the file has, an empty cell clears optional text (name, email, phone, city,
birthday) and means the default elsewhere. ``tags`` holds ``|``-separated tags and replaces
the member's manual tags.
"""

from __future__ import annotations

from contextlib import contextmanager

import pandas as pd
from sqlalchemy import Column, String, and_, delete, exists, func, literal, or_, select, true

from app.ingestion.batch import upsert
from app.ingestion.fields import EMAIL_PATTERN
from app.ingestion.imports import dbchecks
from app.ingestion.imports.checks import Chunk
from app.ingestion.imports.report import ImportReport
from app.ingestion.imports.staging import Stage
from app.ingestion.members import DEFAULTS
from app.models import Member, MemberTag
from app.models.base import utcnow
from app.models.members import GENDERS, TIERS

members = Member.__table__
member_tags = MemberTag.__table__

COLUMNS = (
    "external_id", "name", "email", "phone", "gender", "city", "birthday", "registered_at",
    "timezone", "tier", "points_balance", "attributes", "tags",
    "consent_email", "consent_sms", "consent_push",
)  # fmt: skip
REQUIRED = ("external_id",)


def prepare(chunk: Chunk) -> pd.DataFrame:
    """Check a chunk; return its rows typed as the members table stores them."""
    out = {"row_no": chunk.rows, "external_id": chunk.text("external_id", 64, required=True)}
    for column, size in (("name", 200), ("phone", 32), ("city", 100)):
        if chunk.has(column):
            out[column] = chunk.text(column, size)
    if chunk.has("email"):
        out["email"] = chunk.text("email", 254, pattern=EMAIL_PATTERN)
    if chunk.has("gender"):
        out["gender"] = chunk.choice("gender", GENDERS, "unknown")
    if chunk.has("tier"):
        out["tier"] = chunk.choice("tier", TIERS, "basic")
    if chunk.has("timezone"):
        out["timezone"] = chunk.timezone("timezone")
    if chunk.has("birthday"):
        birthday = chunk.date("birthday")
        out["birthday"] = birthday
        out["birthday_mmdd"] = (birthday.dt.month * 100 + birthday.dt.day).astype("Int64")
    if chunk.has("registered_at"):
        out["registered_at"] = chunk.timestamp("registered_at")
    if chunk.has("points_balance"):
        out["points_balance"] = chunk.integer("points_balance", 0, 2_000_000_000)
    if chunk.has("attributes"):
        out["attributes"] = chunk.json_object("attributes")
    for channel in ("email", "sms", "push"):
        if chunk.has(f"consent_{channel}"):
            out[f"consent_{channel}"] = chunk.boolean(f"consent_{channel}")
    if chunk.has("tags"):
        out["tags"] = _tags(chunk)
    return pd.DataFrame(out, index=chunk.frame.index)


def _tags(chunk: Chunk) -> pd.Series:
    values = chunk.cells("tags")
    lists = values.str.split("|").map(lambda tags: sorted({t.strip() for t in tags if t.strip()}))
    too_long = lists.map(lambda tags: any(len(t) > 64 for t in tags))
    chunk.refuse(too_long, "tags", "has a tag longer than 64 characters")
    return lists.map("|".join)


def stage_columns(header: list[str]) -> list[Column]:
    """The staged columns for a file with this header."""
    names = [c for c in COLUMNS if c in header and c != "tags"]
    if "birthday" in names:
        names.append("birthday_mmdd")
    columns = [Column(n, members.c[n].type) for n in names]
    if "tags" in header:
        columns.append(Column("tags", String))
    return columns


def check(stage: Stage, report: ImportReport) -> None:
    """Refuse rows repeating an external id."""
    dbchecks.index(stage, "external_id")
    dbchecks.repeated_ids(stage, report)


def _profile_columns(stage: Stage) -> list[str]:
    return [c.name for c in stage.table.columns if c.name not in ("row_no", "external_id", "tags")]


def count(stage: Stage, report: ImportReport) -> None:
    """Count the rows that would create, change or leave members as they are."""
    stored = members.c.external_id == stage.c.external_id
    report.created = stage.count(~exists().where(stored))
    differs = [members.c[c].is_distinct_from(stage.c[c]) for c in _profile_columns(stage)]
    report.updated = stage.count(exists().where(stored, or_(*differs))) if differs else 0
    report.unchanged = report.rows - report.created - report.updated


def merge(stage: Stage, report: ImportReport) -> None:
    """Upsert the staged members with one INSERT ... SELECT ... ON CONFLICT, then tags."""
    now = utcnow()
    given = _profile_columns(stage)
    fill = {c: v for c, v in (DEFAULTS | {"registered_at": now}).items() if c not in given}
    fill |= {"orders_count": 0, "total_spent": 0, "created_at": now, "updated_at": now}
    names = ["external_id", *given, *fill]
    source = select(
        stage.c.external_id,
        *(stage.c[c] for c in given),
        *(literal(v, members.c[c].type).label(c) for c, v in fill.items()),
    ).where(true())  # SQLite needs a WHERE to parse INSERT ... SELECT ... ON CONFLICT
    stmt = upsert(members).from_select(names, source)
    if given:
        stmt = stmt.on_conflict_do_update(
            index_elements=["external_id"],
            set_={c: stmt.excluded[c] for c in given} | {"updated_at": now},
            where=or_(*(members.c[c].is_distinct_from(stmt.excluded[c]) for c in given)),
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=["external_id"])
    with _bulk_load(stage, report):
        stage.conn.execute(stmt)
    if "tags" in stage.c:
        _replace_tags(stage, now)


@contextmanager
def _bulk_load(stage: Stage, report: ImportReport):
    """On SQLite, when an import brings more new members than there are, build the
    secondary indexes once afterwards instead of updating them row by row (several times
    faster for a first load of millions). It is all one transaction: a failure keeps them.
    """
    existing = stage.conn.scalar(select(func.count()).select_from(members))
    rebuild = stage.dialect == "sqlite" and report.created > max(existing, 50_000)
    secondary = [index for index in members.indexes if not index.unique] if rebuild else []
    for index in secondary:
        index.drop(stage.conn)
    yield
    for index in secondary:
        index.create(stage.conn)


def _replace_tags(stage: Stage, now) -> None:
    """Make each row's tags the member's manual tags, with one delete and one insert."""
    tags = _tag_rows(stage)
    tags.create(stage.conn)
    try:
        staged = select(stage.c.external_id, stage.c.tags).where(stage.c.tags.is_not(None))
        rows = [
            {"external_id": ext, "tag": tag}
            for ext, joined in stage.conn.execute(staged)
            for tag in joined.split("|")
            if tag
        ]
        if rows:
            stage.conn.execute(tags.insert(), rows)
        in_file = select(members.c.id).join(
            stage.table, members.c.external_id == stage.c.external_id
        )
        kept = exists().where(
            tags.c.tag == member_tags.c.tag,
            members.c.external_id == tags.c.external_id,
            members.c.id == member_tags.c.member_id,
        )
        stage.conn.execute(
            delete(member_tags).where(
                and_(member_tags.c.source == "manual", member_tags.c.member_id.in_(in_file), ~kept)
            )
        )
        source = (
            select(
                members.c.id,
                tags.c.tag,
                literal("manual"),
                literal(now, member_tags.c.created_at.type),
            )
            .join(tags, members.c.external_id == tags.c.external_id)
            .where(true())
        )
        insert = upsert(member_tags).from_select(
            ["member_id", "tag", "source", "created_at"], source
        )
        stage.conn.execute(insert.on_conflict_do_nothing(index_elements=["member_id", "tag"]))
    finally:
        tags.drop(stage.conn)


def _tag_rows(stage: Stage):
    from sqlalchemy import MetaData, Table

    return Table(
        f"{stage.table.name}_tags",
        MetaData(),
        Column("external_id", String(64)),
        Column("tag", String(64)),
        prefixes=["TEMPORARY"],
    )
