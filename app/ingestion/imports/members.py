"""Member CSV files: columns, vectorised checks, and the set-based merge into members.

Columns the file leaves out keep their stored values (new members get the defaults). In a
column the file has, an empty cell clears optional text (name, email, phone, city,
birthday) and means the default elsewhere. ``tags`` holds ``|``-separated tags and replaces
the member's manual tags.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from sqlalchemy import (
    Column,
    MetaData,
    String,
    Table,
    and_,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    true,
)

from app.ingestion.batch import upsert
from app.ingestion.fields import EMAIL_PATTERN
from app.ingestion.imports import dbchecks
from app.ingestion.imports.checks import Chunk
from app.ingestion.imports.report import ImportReport
from app.ingestion.imports.staging import Stage, append_columns
from app.ingestion.members import DEFAULTS
from app.models import Member, MemberTag, PointsEntry
from app.models.base import utcnow
from app.models.members import GENDERS, TIERS

members = Member.__table__
member_tags = MemberTag.__table__
ledger = PointsEntry.__table__

COLUMNS = (
    "external_id", "name", "email", "phone", "gender", "city", "birthday", "registered_at",
    "timezone", "tier", "points_balance", "attributes", "tags",
    "consent_email", "consent_sms", "consent_push",
    "registration_channel", "registration_campaign", "referral_code",
)  # fmt: skip
#: Columns that are not stored on the member itself.
NOT_PROFILE = ("tags", "referral_code")
REQUIRED = ("external_id",)
#: The column no two rows of a file may repeat.
KEY = "external_id"
#: Imports creating more members than this (and than there are) rebuild the indexes after.
FIRST_LOAD = 50_000
#: PostgreSQL's sort memory for those rebuilds (its default of 64 MB spills to disk).
INDEX_BUILD_MEMORY = "256MB"


def prepare(chunk: Chunk) -> dict[str, np.ndarray]:
    """Check a chunk; return its columns typed as the members table stores them."""
    out = {"row_no": chunk.rows, "external_id": chunk.text("external_id", 64, required=True)}
    for column, size in (
        ("name", 200), ("phone", 32), ("city", 100), ("registration_channel", 32),
        ("registration_campaign", 100), ("referral_code", 64),
    ):  # fmt: skip
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
        out["birthday_mmdd"] = _month_day(birthday)
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
    return out


def _month_day(days: np.ndarray) -> np.ndarray:
    """``birthday_mmdd`` (May 17 is 517) of ``datetime64[D]`` dates; None for NaT."""
    months = days.astype("datetime64[M]")
    month = months.astype(np.int64) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    out = (month * 100 + day).astype(object)
    out[np.isnat(days)] = None
    return out


def _tags(chunk: Chunk) -> np.ndarray:
    codes, texts = chunk.distinct("tags")
    lists = [sorted({t.strip() for t in value.split("|") if t.strip()}) for value in texts]
    too_long = np.array([any(len(t) > 64 for t in tags) for tags in lists], dtype=bool)
    chunk.refuse(too_long[codes], "tags", "has a tag longer than 64 characters")
    return np.array(["|".join(tags) for tags in lists], dtype=object)[codes]


def stage_columns(header: list[str]) -> list[Column]:
    """The staged columns for a file with this header."""
    names = [c for c in COLUMNS if c in header and c not in NOT_PROFILE]
    if "birthday" in names:
        names.append("birthday_mmdd")
    columns = [Column(n, members.c[n].type) for n in names]
    for name in NOT_PROFILE:
        if name in header:
            columns.append(Column(name, String))
    return columns


def check(stage: Stage, report: ImportReport) -> None:
    """Refuse a ``points_balance`` that would change a balance the points ledger holds
    (repeated external ids are refused while reading)."""
    if "points_balance" not in stage.c:
        return
    has_ledger = exists().where(ledger.c.member_id == members.c.id)
    stored = (
        select(members.c.id)
        .where(
            members.c.external_id == stage.c.external_id,
            members.c.points_balance != stage.c.points_balance,
            or_(members.c.points_balance != 0, has_ledger),
        )
        .exists()
    )
    dbchecks._report(
        stage,
        report,
        stored,
        "points_balance",
        lambda v: (
            f"points_balance {v} would change a balance the points ledger holds; it is "
            "only accepted as an opening balance for a member without ledger entries"
        ),
    )


def _profile_columns(stage: Stage) -> list[str]:
    # points_balance is not a profile column: it opens a balance in the ledger (merge).
    skip = ("row_no", "external_id", "points_balance", *NOT_PROFILE)
    return [c.name for c in stage.table.columns if c.name not in skip]


def count(stage: Stage, report: ImportReport) -> None:
    """Count the rows that would create, change or leave members as they are, in one pass."""
    if stage.conn.scalar(select(members.c.id).limit(1)) is None:
        report.created, report.updated, report.unchanged = stage.rows, 0, 0
        return
    differs = [members.c[c].is_distinct_from(stage.c[c]) for c in _profile_columns(stage)]
    stored = members.c.id.is_not(None)
    changed = func.sum(case((and_(stored, or_(*differs)), 1), else_=0)) if differs else literal(0)
    query = select(func.count(members.c.id), changed).select_from(
        stage.table.outerjoin(members, members.c.external_id == stage.c.external_id)
    )
    found, updated = stage.conn.execute(query).one()
    report.created = stage.rows - found
    report.updated = int(updated or 0)
    report.unchanged = found - report.updated


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
    # The counts were taken in this transaction: when they found nothing to create or
    # change (a file imported again), the upsert would only read every row once more.
    if report.created or report.updated:
        with _bulk_load(stage, report, given):
            stage.conn.execute(stmt)
    if "tags" in stage.c:
        _replace_tags(stage, now)
    if "points_balance" in stage.c:
        _open_balances(stage, now)
    if "referral_code" in stage.c:
        _link_referrals(stage)


def _link_referrals(stage: Stage) -> None:
    """Link the rows' members to the inviters their codes name; refusals are recorded by
    :mod:`app.referrals.links`, never an error for the file."""
    from app.engine.clock import current_clock
    from app.extensions import db
    from app.referrals.links import link_referrals

    rows = stage.conn.execute(
        select(members.c.id, stage.c.referral_code)
        .join(members, members.c.external_id == stage.c.external_id)
        .where(stage.c.referral_code.is_not(None), stage.c.referral_code != "")
        .order_by(stage.c.row_no)
    ).all()
    now = current_clock().now()
    link_referrals(db.session, [tuple(r) for r in rows], now, source="import")


def _open_balances(stage: Stage, now) -> None:
    """Book each given balance of a member without ledger entries as one opening ``adjust``
    entry (reference ``opening:<external id>``) and move the balance by it, set-based."""
    opening = (
        select(
            members.c.id,
            literal("adjust"),
            stage.c.points_balance,
            stage.c.points_balance,
            literal("opening:") + stage.c.external_id,
            literal("import"),
            literal("opening balance from import"),
            literal(now, ledger.c.created_at.type),
        )
        .select_from(stage.table.join(members, members.c.external_id == stage.c.external_id))
        .where(
            stage.c.points_balance > 0,
            members.c.points_balance == 0,
            ~exists().where(ledger.c.member_id == members.c.id),
        )
    )
    names = ["member_id", "kind", "points", "remaining", "reference", "source", "note"]
    stage.conn.execute(ledger.insert().from_select([*names, "created_at"], opening))
    booked = select(ledger.c.points).where(
        ledger.c.member_id == members.c.id,
        ledger.c.reference == literal("opening:") + members.c.external_id,
        ledger.c.created_at == literal(now, ledger.c.created_at.type),
    )
    stage.conn.execute(
        members.update()
        .where(exists(booked))
        .values(points_balance=booked.scalar_subquery(), updated_at=now)
    )


@contextmanager
def _bulk_load(stage: Stage, report: ImportReport, given: list[str]):
    """For a first load, build the secondary indexes on the ``given`` columns once
    afterwards instead of updating them row by row (several times faster for millions of
    rows). It is all one transaction: a failure keeps them. Indexes on columns the file
    does not set stay: every new row has the same value there (a default or NULL), so each
    insert appends to the end of one run of equal keys, which is cheap.

    On SQLite that is whenever an import brings more new members than there are; the write
    lock is held anyway and readers keep their snapshot. On PostgreSQL dropping an index
    locks the table against readers until the commit, so only while the table holds fewer
    than ``FIRST_LOAD`` members.
    """
    existing = stage.conn.scalar(select(func.count()).select_from(members))
    if stage.dialect == "sqlite":
        rebuild = report.created > max(existing, FIRST_LOAD)
    else:
        rebuild = existing < FIRST_LOAD < report.created
    secondary = [
        index
        for index in members.indexes
        if rebuild and not index.unique and any(c.name in given for c in index.columns)
    ]
    for index in secondary:
        index.drop(stage.conn)
    yield
    if secondary and stage.dialect == "postgresql":
        stage.conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
    for index in secondary:
        index.create(stage.conn)


def _replace_tags(stage: Stage, now) -> None:
    """Make each row's tags the member's manual tags, with one delete and one insert."""
    tags = _tag_rows(stage)
    tags.create(stage.conn)
    try:
        staged = select(stage.c.external_id, stage.c.tags).where(stage.c.tags != "")
        pairs = [
            (external_id, tag)
            for external_id, joined in stage.conn.execute(staged)
            for tag in joined.split("|")
        ]
        if pairs:
            columns = [list(column) for column in zip(*pairs, strict=True)]
            append_columns(stage.conn, tags.name, ["external_id", "tag"], columns)
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


def _tag_rows(stage: Stage) -> Table:
    return Table(
        f"{stage.table.name}_tags",
        MetaData(),
        Column("external_id", String(64)),
        Column("tag", String(64)),
        prefixes=["TEMPORARY"],
    )
