"""Helpers every ingestion service shares: dialect upserts, lookups, error lists, counts."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from sqlalchemy import Column, Table, select, text
from sqlalchemy.dialects import postgresql, sqlite

from app.errors import validation_error
from app.extensions import db

#: Keys per IN list; below SQLite's bound-parameter limit, above the API batch limit.
LOOKUP_CHUNK = 20_000


@dataclass
class StoreResult:
    """What a batch did: rows created, rows changed and rows that were already so."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: Members only: invitations linked and refused (``app.referrals``), when any was given.
    referrals: dict | None = None

    def as_dict(self) -> dict:
        """The counts as the API answers them."""
        out = asdict(self)
        if out["referrals"] is None:
            del out["referrals"]
        return out


def upsert(table: Table):
    """An INSERT for ``table`` that supports ``on_conflict_do_*`` on the session's backend."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def hold_write_lock(table: Table) -> None:
    """Serialise upserts into ``table`` until this transaction ends, so what a batch reads as
    stored is still so when it writes: concurrent identical batches then report what each
    really created (one creates, the others find the rows stored).

    PostgreSQL: a transaction-level advisory lock per table (other writers of the table are
    not held up). SQLite: the database's write lock, taken now instead of at the first write.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"upsert:{table.name}".encode())
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:
        # A write that changes nothing still takes the write lock (waiting for it if need be).
        db.session.execute(text(f'UPDATE "{table.name}" SET id = id WHERE 0'))


def lookup(key: Column, values: Iterable, *columns: Column) -> dict:
    """Map each value of ``key`` found in the database to its row of ``columns``.

    One query for any API batch (the list is only split beyond :data:`LOOKUP_CHUNK` keys).
    """
    keys = list(dict.fromkeys(v for v in values if v is not None))
    found: dict = {}
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        for row in db.session.execute(select(key, *columns).where(key.in_(chunk))):
            found[row[0]] = row[1:] if len(columns) > 1 else row[1]
    return found


def duplicate_errors(values: list, field: str) -> list[dict]:
    """An error for every record repeating a key an earlier record of the batch holds."""
    seen: dict = {}
    errors = []
    for index, value in enumerate(values):
        if value is None:
            continue
        if value in seen:
            errors.append(
                {
                    "index": index,
                    "field": field,
                    "message": f"'{value}' appears twice in this batch (first at index "
                    f"{seen[value]}); send each {field} once",
                }
            )
        else:
            seen[value] = index
    return errors


def unknown_member_errors(member_ids: dict, records: list, field: str = "member_external_id"):
    """An error for every record naming a member external id that is not stored."""
    return [
        {
            "index": index,
            "field": field,
            "message": f"no member has external_id '{getattr(record, field)}'",
        }
        for index, record in enumerate(records)
        if getattr(record, field) not in member_ids
    ]


def raise_if_any(errors: list[dict]) -> None:
    """Refuse the whole batch when any record has a problem, listing them all by index."""
    if errors:
        errors.sort(key=lambda e: e.get("index", -1))
        raise validation_error(errors, f"{len(errors)} problem(s) in the batch; nothing was stored")
