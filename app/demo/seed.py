"""Fill the database with a deterministic, realistic demo loyalty programme.

The population is generated in chunks of members with numpy (seeded per chunk, so a seed
and a member count always give the same members) and written in bulk, one transaction per
chunk. Seeding refuses to add to a database that has members already, unless told to reset.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

from app.audiences.rfm.refresh import refresh_rfm
from app.demo.catalogue import CATEGORIES, PRODUCTS
from app.demo.chunk import write_chunk
from app.demo.referrals import seed_referrals
from app.demo.writer import BulkWriter
from app.models import Base, Category, Event, Member, MemberTag, Order, OrderItem, Product
from app.predict.refresh import refresh_predictions

CHUNK = 50_000
#: Tables the reset empties, children first.
DEMO_TABLES = (
    "order_items",
    "orders",
    "events",
    "member_tags",
    "members",
    "products",
    "categories",
)


@dataclass
class SeedResult:
    """What a seed run did; ``skipped`` when the database held members already."""

    members: int = 0
    orders: int = 0
    order_items: int = 0
    events: int = 0
    tags: int = 0
    seconds: float = 0.0
    skipped: bool = False
    existing_members: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def dependent_tables() -> list[str]:
    """The demo tables and every table whose rows point at them, children first."""
    names = set(DEMO_TABLES)
    ordered = Base.metadata.sorted_tables
    for table in ordered:
        if any(fk.column.table.name in names for fk in table.foreign_keys):
            names.add(table.name)
    return [t.name for t in reversed(ordered) if t.name in names]


def reset(engine: Engine) -> None:
    """Delete members, orders, events, tags and the catalogue, and whatever points at them.

    Like ``TRUNCATE … CASCADE``: journey states, granted coupons, messages of the deleted
    members go too, so the reset never fails on a foreign key.
    """
    tables = dependent_tables()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


def ensure_catalogue(engine: Engine) -> tuple[np.ndarray, np.ndarray]:
    """Create missing demo categories and products; return product and category ids."""
    with engine.begin() as conn:
        known = set(conn.scalars(select(Category.key)))
        for key, name, parent in CATEGORIES:
            if key not in known:
                parent_id = conn.scalar(select(Category.id).where(Category.key == parent))
                conn.execute(insert(Category).values(key=key, name=name, parent_id=parent_id))
        category_ids = dict(conn.execute(select(Category.key, Category.id)).all())
        known_skus = set(conn.scalars(select(Product.sku)))
        missing = [
            {
                "sku": p.sku,
                "name": p.name,
                "category_id": category_ids[p.category],
                "price": p.price_cents / 100,
                "replenish_days": p.replenish_days,
            }
            for p in PRODUCTS
            if p.sku not in known_skus
        ]
        if missing:
            conn.execute(insert(Product), missing)
        product_ids = dict(conn.execute(select(Product.sku, Product.id)).all())
    return (
        np.array([product_ids[p.sku] for p in PRODUCTS], dtype=np.int64),
        np.array([category_ids[p.category] for p in PRODUCTS], dtype=np.int64),
    )


def _next_id(conn, model) -> int:
    return (conn.scalar(select(func.max(model.id))) or 0) + 1


def existing_members(engine: Engine) -> int:
    """How many members the database holds already."""
    with engine.connect() as conn:
        return conn.scalar(select(func.count(Member.id))) or 0


def seed(engine: Engine, members: int, seed_value: int, now: datetime, progress=None) -> SeedResult:
    """Generate ``members`` members with orders, events and tags, unless members exist.

    ``now`` anchors every relative date (registered 1 day ago, birthdays this week), so a
    seed run on the same day with the same ``seed_value`` writes the same population.
    """
    started = time.perf_counter()
    existing = existing_members(engine)
    if existing:
        return SeedResult(skipped=True, existing_members=existing)
    catalogue = ensure_catalogue(engine)
    with engine.connect() as conn:
        ids = {"members": _next_id(conn, Member), "orders": _next_id(conn, Order)}
    counts: dict[str, int] = {}
    for chunk_no, start in enumerate(range(1, members + 1, CHUNK)):
        rng = np.random.default_rng([seed_value, chunk_no])
        ordinals = np.arange(start, min(start + CHUNK, members + 1), dtype=np.int64)
        with engine.begin() as conn:
            writer = BulkWriter(conn)
            write_chunk(writer, rng, ordinals, now, ids, catalogue)
        for table, count in writer.counts.items():
            counts[table] = counts.get(table, 0) + count
        if progress:
            progress(len(ordinals))
    _finish(engine)
    seed_referrals(engine)
    with Session(engine) as session:
        refresh_rfm(session, now)
        # A tiny demo may have too few repeat buyers to fit: then no predictions yet.
        with contextlib.suppress(ValueError):
            refresh_predictions(session, now)
    return SeedResult(
        members=counts.get("members", 0),
        orders=counts.get("orders", 0),
        order_items=counts.get("order_items", 0),
        events=counts.get("events", 0),
        tags=counts.get("member_tags", 0),
        seconds=time.perf_counter() - started,
        counts=counts,
    )


def _finish(engine: Engine) -> None:
    """Move PostgreSQL id sequences past the explicit ids, and refresh planner statistics."""
    with engine.begin() as conn:
        if conn.dialect.name != "postgresql":
            conn.execute(text("ANALYZE"))
            return
        for model in (Member, Order, OrderItem, Event, MemberTag):
            table = model.__tablename__
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                )
            )
    # VACUUM sets the visibility map, so index-only scans skip the heap from the start.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE members, orders, order_items, events, member_tags"))
