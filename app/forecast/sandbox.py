"""The forecast's sandbox: a private SQLite database laid out from the app's own metadata,
holding what one journey needs and many copies of a sample of members.

Nothing here writes to the real database: it is only read, set-based, once per table
(members and their facts by the sample's ids, in chunks). Every copy of a member gets the
id ``slot × stride + real id`` (and so does every row of their own facts), so one sandbox
holds all the forecast's draws side by side and one engine run advances them together;
the engine keys its random draws (splits, experiments, the control group) by the real id
(``session.info["member_key_stride"]``), so a copy takes the branch its member would.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Table, create_engine, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.extensions import db
from app.models.audiences import Audience
from app.models.journeys import Journey, JourneyVersion
from app.models.members import Member
from app.models.outbox import SENT_LIKE

#: Copied whole: what nodes, templates, channels and rules refer to by key.
REFERENCE_TABLES = (
    "audiences",
    "channel_configs",
    "coupon_templates",
    "message_templates",
    "program_settings",
    "tier_levels",
    "tag_definitions",
    "points_earning_rules",
    "points_multipliers",
    "categories",
    "products",
    "code_pools",
    "pool_codes",
)
#: Copied per member copy, in this order (parents first): the facts conditions, caps, grants
#: and templates read.
MEMBER_TABLES = (
    "members",
    "member_predictions",
    "member_send_times",
    "member_tags",
    "orders",
    "order_items",
    "events",
    "points_ledger",
    "coupons",
    "suppressions",
    "member_replenishments",
    "outbox",
)
#: Rule kinds that read the events table; without them a journey's members' past events
#: are not copied (drawn events are stored all the same).
EVENT_RULES = ("event_count", "cart_abandoned")
#: Columns holding ids of copied rows without a foreign key saying so.
EXTRA_ID_COLUMNS = {"members": ("first_order_id", "second_order_id")}
CHUNK = 2000


@dataclass
class Sandbox:
    """An open sandbox: its engine, file, and how copies map to real members."""

    engine: Engine
    path: Path
    stride: int
    #: ``{slot: copy number}``: every slot belongs to one draw.
    copy_of_slot: dict[int, int] = field(default_factory=dict)
    journey_id: int = 0
    version_id: int = 0

    def session(self) -> Session:
        session = Session(bind=self.engine.execution_options(sqlite_begin_immediate=True))
        session.info["member_key_stride"] = self.stride
        return session

    def close(self) -> None:
        self.engine.dispose()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def _scratch_dir() -> str | None:
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def open_sandbox(stride: int) -> Sandbox:
    """An empty sandbox with every table of the app (from the models' metadata)."""
    handle, name = tempfile.mkstemp(prefix="forecast-", suffix=".db", dir=_scratch_dir())
    os.close(handle)
    engine = create_engine(f"sqlite:///{name}")
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        db.metadata.create_all(conn)
    return Sandbox(engine, Path(name), stride)


def stride_for(session: Session) -> int:
    """A power of ten above every id the copied tables hold."""
    highest = 1
    for name in MEMBER_TABLES:
        table = db.metadata.tables[name]
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].name == "id":
            highest = max(highest, session.scalar(select(func.max(pk[0]))) or 0)
    return 10 ** len(str(highest + 1))


def _rows(session: Session, table: Table, where) -> list[dict]:
    return [dict(r._mapping) for r in session.execute(select(table).where(where))]


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _id_columns(table: Table) -> list[str]:
    """Columns of ``table`` holding ids of copied (per member) rows: its own id, its
    references to copied tables, and the known unlinked ones."""
    out = []
    for column in table.columns:
        if (
            column.primary_key
            and column.name == "id"
            or any(fk.column.table.name in MEMBER_TABLES for fk in column.foreign_keys)
        ):
            out.append(column.name)
    return out + list(EXTRA_ID_COLUMNS.get(table.name, ()))


def _unique_strings(table: Table) -> list[str]:
    """String columns that must stay unique on their own (suffixed per copy)."""
    names = {c.name for c in table.columns if c.unique}
    for index in table.indexes:
        if index.unique and len(index.columns) == 1:
            names.update(c.name for c in index.columns)
    for constraint in table.constraints:
        columns = list(getattr(constraint, "columns", []))
        if type(constraint).__name__ == "UniqueConstraint" and len(columns) == 1:
            names.add(columns[0].name)
    return [n for n in names if table.c[n].type.python_type is str and not table.c[n].primary_key]


def _member_rows(session: Session, name: str, member_ids: list[int], journey_id: int, now):
    table = db.metadata.tables[name]
    rows: list[dict] = []
    for chunk in _chunks(member_ids):
        if name == "members":
            where = table.c.id.in_(chunk)
        elif name == "order_items":
            orders = db.metadata.tables["orders"]
            where = table.c.order_id.in_(select(orders.c.id).where(orders.c.member_id.in_(chunk)))
        elif name == "outbox":
            # What the caps count: marketing sends of the last 8 days.
            where = (
                table.c.member_id.in_(chunk)
                & table.c.status.in_(SENT_LIKE)
                & (table.c.sent_at >= now - timedelta(days=8))
            )
        else:
            where = table.c.member_id.in_(chunk)
        rows.extend(_rows(session, table, where))
    if name == "outbox":
        for row in rows:
            if row.get("journey_id") != journey_id:
                row["journey_id"] = None
    return rows


def copy_reference(session: Session, box: Sandbox, draws: int) -> None:
    """Templates, audiences, channel settings (every channel captured: nothing leaves) and
    the programme's settings, as they are; a coupon template's stock left is there once
    for each draw, which share it (where it runs out, in the order they reach it)."""
    with box.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        for name in REFERENCE_TABLES:
            table = db.metadata.tables[name]
            rows = [dict(r._mapping) for r in session.execute(select(table))]
            if name == "channel_configs":
                for row in rows:
                    row["settings"] = {**(row.get("settings") or {}), "sandbox": True}
            if name == "coupon_templates":
                for row in rows:
                    if row.get("stock_total") is not None:
                        left = max(row["stock_total"] - (row.get("issued_count") or 0), 0)
                        row["stock_total"] = (row.get("issued_count") or 0) + left * draws
            if rows:
                conn.execute(table.insert(), rows)


def copy_journey(session: Session, box: Sandbox, version: JourneyVersion, now: datetime) -> None:
    """The journey as a draft holding ``version``'s document, ready to publish in the box."""
    journey = session.get(Journey, version.journey_id)
    journeys = db.metadata.tables["journeys"]
    versions = db.metadata.tables["journey_versions"]
    row = dict(session.execute(select(journeys).where(journeys.c.id == journey.id)).one()._mapping)
    row.update(status="draft", owner_id=None, paused_at=None)
    draft = dict(
        session.execute(select(versions).where(versions.c.id == version.id)).one()._mapping
    )
    draft.update(status="draft", created_by_id=None, published_at=None, number=version.number)
    with box.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.execute(journeys.insert(), [row])
        conn.execute(versions.insert(), [draft])
    box.journey_id, box.version_id = journey.id, version.id


def tables_needed(session: Session, document: dict) -> tuple[str, ...]:
    """The member tables a journey's run can read: past events only when a rule of the
    journey or of its audiences counts events, the points ledger only when a node takes
    points away."""
    text_of = json.dumps(document)
    for rules in session.scalars(select(Audience.rules)):
        text_of += json.dumps(rules)
    skip = set()
    if not any(f'"{kind}"' in text_of for kind in EVENT_RULES):
        skip.add("events")
    if not any(
        n["type"] == "action.points" and (n.get("config") or {}).get("points", 0) < 0
        for n in document.get("nodes", [])
    ):
        skip.add("points_ledger")
    return tuple(name for name in MEMBER_TABLES if name not in skip)


def copy_members(
    session: Session,
    box: Sandbox,
    member_ids: list[int],
    slots: list[list[int]],
    journey_id: int,
    now: datetime,
    tables: tuple[str, ...] = MEMBER_TABLES,
) -> None:
    """Copy ``member_ids`` and their facts (in ``tables``) into the box: slot ``s`` holds the
    members listed in ``slots[s]`` (ids among ``member_ids``, each at most once per slot)."""
    wanted = sorted(set(member_ids))
    with box.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        for name in tables:
            table = db.metadata.tables[name]
            rows = _member_rows(session, name, wanted, journey_id, now)
            if not rows:
                continue
            ids, strings = _id_columns(table), _unique_strings(table)
            owner = "id" if name == "members" else "member_id"
            if name == "order_items":
                orders = db.metadata.tables["orders"]
                owner_of = dict(
                    session.execute(
                        select(orders.c.id, orders.c.member_id).where(
                            orders.c.id.in_({r["order_id"] for r in rows})
                        )
                    ).all()
                )
            # Each row is made ready for the driver once (dates, JSON, decimals); its copies
            # differ only in their ids and unique strings.
            columns = [c.name for c in table.columns]
            ready = _driver_values(table, conn.dialect)
            id_at = [columns.index(c) for c in ids]
            string_at = [columns.index(c) for c in strings]
            by_member: dict[int, list[list]] = {}
            for row in rows:
                member = owner_of[row["order_id"]] if name == "order_items" else row[owner]
                by_member.setdefault(member, []).append(ready(row))
            copies = []
            for slot, in_slot in enumerate(slots):
                offset = slot * box.stride
                for member in in_slot:
                    for values in by_member.get(member, ()):
                        copy = list(values)
                        for i in id_at:
                            if copy[i] is not None:
                                copy[i] += offset
                        if slot:
                            for i in string_at:
                                if copy[i] is not None:
                                    copy[i] = f"{copy[i]}~{slot}"
                        copies.append(copy)
            marks = ", ".join("?" for _ in columns)
            sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})"
            for i in range(0, len(copies), 20000):
                conn.exec_driver_sql(sql, [tuple(c) for c in copies[i : i + 20000]])


def _driver_values(table: Table, dialect):
    """A function turning a row (dict) into the list of values the driver is handed, by
    each column type's own bind processing."""
    processors = [(c.name, c.type._cached_bind_processor(dialect)) for c in table.columns]

    def ready(row: dict) -> list:
        out = []
        for name, process in processors:
            value = row.get(name)
            out.append(process(value) if process is not None and value is not None else value)
        return out

    return ready


def base_member_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Member)) or 0
