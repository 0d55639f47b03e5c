"""Fast bulk writes for the engine's hot path.

The step log and run states are written with the driver's own ``executemany`` on
positional tuples, each value passed through its column type's bind processor. This skips
SQLAlchemy's per-row parameter building, which otherwise costs more than the write itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session


def _marker(dialect: Dialect) -> str:
    return "?" if dialect.paramstyle == "qmark" else "%s"


@lru_cache(maxsize=64)
def _processors(table: Table, columns: tuple[str, ...], dialect: Dialect):
    return [table.c[name].type._cached_bind_processor(dialect) for name in columns]


def _convert(rows: Sequence[Sequence], processors) -> list[tuple]:
    """Apply each column's bind processor; NULLs stay NULL, and a value repeated from the
    row before (a batch shares its timestamps and ids) is converted once."""
    active = [(i, p) for i, p in enumerate(processors) if p is not None]
    if not active:
        return [tuple(row) for row in rows]
    last_in: list = [object()] * len(processors)
    last_out: list = [None] * len(processors)
    out = []
    for row in rows:
        values = list(row)
        for i, process in active:
            value = values[i]
            if value is None:
                continue
            if value is last_in[i]:
                values[i] = last_out[i]
            else:
                last_in[i] = value
                values[i] = last_out[i] = process(value)
        out.append(tuple(values))
    return out


def insert_tuples(
    session: Session, table: Table, columns: tuple[str, ...], rows: Sequence[Sequence]
) -> None:
    """``INSERT INTO table (columns) VALUES (...)`` for every row, in one executemany."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    marks = ", ".join([_marker(dialect)] * len(columns))
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
    connection.exec_driver_sql(sql, _convert(rows, _processors(table, columns, dialect)))


def update_tuples(
    session: Session,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[Sequence],
    key: str = "id",
) -> None:
    """``UPDATE table SET columns... WHERE key = ?``; each row is the new values then the key."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    mark = _marker(dialect)
    assignments = ", ".join(f"{name} = {mark}" for name in columns)
    sql = f"UPDATE {table.name} SET {assignments} WHERE {key} = {mark}"
    connection.exec_driver_sql(sql, _convert(rows, _processors(table, (*columns, key), dialect)))
