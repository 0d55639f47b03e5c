"""Kept sums: report tables of running totals that stay equal to a count over the raw tables.

Each kept table holds sums to which a change adds its difference: the figures of what a change
can touch are read before it and after it, in its transaction, and the difference is added to
the stored rows. Rows are added to in one sorted order, so two PostgreSQL transactions adding
to the same rows wait for each other and never deadlock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.bulk import execute_many

Figures = Mapping[tuple, Sequence[int]]


@contextmanager
def kept(
    session: Session,
    read: Callable[[], Figures],
    add: Callable[[Session, Figures, Figures], None],
    *,
    touches: bool = True,
) -> Iterator[None]:
    """Read the figures before and after the block, and ``add`` the difference. With
    ``touches`` false the change can touch nothing kept, and nothing is read."""
    before = read() if touches else {}
    yield
    if touches:
        session.flush()
        add(session, before, read())


def changes(before: Figures, after: Figures, width: int) -> list[tuple[tuple, list[int]]]:
    """The keys whose figures moved and by how much, in key order."""
    zero = (0,) * width
    out = []
    for key in sorted(before.keys() | after.keys()):
        change = [n - o for n, o in zip(after.get(key, zero), before.get(key, zero), strict=True)]
        if any(change):
            out.append((key, change))
    return out


def money(connection: Connection, cents: int, scale: int = 100) -> Decimal | float:
    """An amount kept in cents (or ``scale`` units), as the database stores it: exact on
    PostgreSQL, a float on SQLite."""
    amount = Decimal(cents) / scale
    return amount if connection.dialect.name == "postgresql" else float(amount)


def add_to_rows(
    connection: Connection,
    table: str,
    keys: Sequence[str],
    summed: Sequence[str],
    rows: list[tuple],
    *,
    zeros: Sequence[str] = (),
) -> None:
    """Add ``rows`` (the key columns, then the ``summed`` ones) to ``table``; a new row starts
    with its ``zeros`` columns at 0."""
    if not rows:
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    columns = (*keys, *zeros, *summed)
    values = [mark] * len(keys) + ["0"] * len(zeros) + [mark] * len(summed)
    execute_many(
        connection,
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET "
        + ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in summed),
        rows,
    )
