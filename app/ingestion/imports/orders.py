"""Order CSV files: one row per order (items come through the API), merged set-based.

A row whose external id is stored updates that order when anything differs; its items stay
as they are. Members' order facts are recomputed for every member the file touches.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import Column, and_, case, func, literal, or_, select, true, union, update

from app.attribution.orders import credits_kept
from app.extensions import db
from app.ingestion.batch import upsert
from app.ingestion.imports import dbchecks
from app.ingestion.imports.checks import Chunk
from app.ingestion.imports.report import ImportReport
from app.ingestion.imports.staging import Stage
from app.ingestion.settle import orders_settled
from app.ingestion.signals import StoredRow
from app.models import Member, Order
from app.models.base import utcnow
from app.models.orders import ORDER_CHANNELS, ORDER_STATUSES

members = Member.__table__
orders = Order.__table__

COLUMNS = (
    "external_id", "member_external_id", "amount", "discount", "paid_at", "status", "refunded",
    "channel", "store", "coupon_code",
)  # fmt: skip
REQUIRED = ("external_id", "member_external_id", "amount", "paid_at")
#: The column no two rows of a file may repeat.
KEY = "external_id"
FIELDS = ("amount", "discount", "paid_at", "status", "refunded", "channel", "store", "coupon_code")


def prepare(chunk: Chunk) -> dict[str, object]:
    """Check a chunk; return its columns typed as the orders table stores them."""
    amount = chunk.money("amount", positive=False, required=True)
    out = {
        "row_no": chunk.rows,
        "external_id": chunk.text("external_id", 64, required=True),
        "member_external_id": chunk.text("member_external_id", 64, required=True),
        "amount": amount,
        "paid_at": chunk.timestamp("paid_at"),
        "discount": "0",
        "status": "paid",
        "refunded": "0",
        "channel": "online",
        "store": None,
        "coupon_code": None,
    }
    if chunk.has("discount"):
        discount = chunk.money("discount", positive=False, required=False)
        more = discount.astype(np.float64) > amount.astype(np.float64)
        chunk.refuse(more, "discount", "is more than amount")
        out["discount"] = discount
    paid = amount.astype(np.float64) - np.asarray(out["discount"], dtype=np.float64)
    if chunk.has("refunded"):
        refunded = chunk.money("refunded", positive=False, required=False)
        chunk.refuse(refunded.astype(np.float64) > paid + 0.001, "refunded", "is more than paid")
        out["refunded"] = refunded
    if chunk.has("status"):
        out["status"] = status = chunk.choice("status", ORDER_STATUSES, "paid")
        full = status == "refunded"
        if full.any():
            # A refunded order was paid back in full, whatever the refunded cell says.
            out["refunded"] = np.where(full, np.char.mod("%.2f", paid), out["refunded"])
    if chunk.has("channel"):
        out["channel"] = chunk.choice("channel", ORDER_CHANNELS, "online")
    for column in ("store", "coupon_code"):
        if chunk.has(column):
            out[column] = chunk.text(column, 100 if column == "store" else 64)
    return out


def stage_columns(header: list[str]) -> list[Column]:
    """The staged columns (every order column; absent ones hold their defaults)."""
    return [
        Column("external_id", orders.c.external_id.type),
        Column("member_external_id", members.c.external_id.type),
        *(Column(f, orders.c[f].type) for f in FIELDS),
        Column("old_member_id", orders.c.member_id.type),
    ]


def check(stage: Stage, report: ImportReport) -> None:
    """Refuse unknown members (repeated order ids are refused while reading)."""
    dbchecks.unknown_members(stage, report)


def count(stage: Stage, report: ImportReport) -> None:
    """Count the rows that would create, change or leave orders as they are, in one pass."""
    differs = or_(
        orders.c.member_id.is_distinct_from(members.c.id),
        *(orders.c[f].is_distinct_from(stage.c[f]) for f in FIELDS),
    )
    changed = func.sum(case((and_(orders.c.id.is_not(None), differs), 1), else_=0))
    source = stage.table.outerjoin(orders, orders.c.external_id == stage.c.external_id).outerjoin(
        members, members.c.external_id == stage.c.member_external_id
    )
    found, updated = stage.conn.execute(
        select(func.count(orders.c.id), changed).select_from(source)
    ).one()
    report.created = stage.rows - found
    report.updated = int(updated or 0)
    report.unchanged = found - report.updated


def merge(stage: Stage, report: ImportReport) -> None:
    """Upsert the staged orders, recompute member facts and send ``orders_stored``."""
    conn = stage.conn
    previous = select(orders.c.member_id).where(orders.c.external_id == stage.c.external_id)
    conn.execute(update(stage.table).values(old_member_id=previous.scalar_subquery()))
    touched = union(
        select(members.c.id).join(stage.table, members.c.external_id == stage.c.member_external_id),
        select(stage.c.old_member_id).where(stage.c.old_member_id.is_not(None)),
    )
    # The members whose orders change, read before they do (the journeys' kept figures).
    codes = select(stage.c.coupon_code).where(stage.c.coupon_code.is_not(None))
    with credits_kept(db.session, select(touched.subquery().c[0]), codes):
        stored = _upsert(stage)
        orders_settled([StoredRow(*row) for row in stored], select(touched.subquery().c[0]))


def _upsert(stage: Stage):
    conn = stage.conn
    now = utcnow()
    source = (
        select(
            stage.c.external_id,
            members.c.id,
            *(stage.c[f] for f in FIELDS),
            literal(now, orders.c.created_at.type),
        )
        .join(members, members.c.external_id == stage.c.member_external_id)
        .where(true())
    )
    stmt = upsert(orders).from_select(["external_id", "member_id", *FIELDS, "created_at"], source)
    changed = ("member_id", *FIELDS)
    stmt = stmt.on_conflict_do_update(
        index_elements=["external_id"],
        set_={f: stmt.excluded[f] for f in changed},
        where=or_(*(orders.c[f].is_distinct_from(stmt.excluded[f]) for f in changed)),
    ).returning(orders.c.id, orders.c.member_id)
    return conn.execute(stmt).all()
