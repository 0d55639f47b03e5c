"""Fast bulk writes for hot paths (the engine's step log and states, grants, the outbox).

Rows are written with the driver's own ``executemany`` on positional tuples, each value
passed through its column type's bind processor. This skips SQLAlchemy's per-row parameter
building, which otherwise costs more than the write itself. The SQL is plain and the same
on SQLite and PostgreSQL (``ON CONFLICT ... DO NOTHING`` included).
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
    session: Session,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[Sequence],
    ignore_conflicts_on: Sequence[str] | None = None,
) -> None:
    """``INSERT INTO table (columns) VALUES (...)`` for every row, in one executemany.

    With ``ignore_conflicts_on``, rows clashing on that unique key are skipped.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    marks = ", ".join([_marker(dialect)] * len(columns))
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
    if ignore_conflicts_on:
        sql += f" ON CONFLICT ({', '.join(ignore_conflicts_on)}) DO NOTHING"
    processors = _processors(table, tuple(columns), dialect)
    connection.exec_driver_sql(sql, _convert(rows, processors))


def _default(column):
    default = column.default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def insert_rows(
    session: Session,
    table: Table,
    rows: Sequence[dict],
    ignore_conflicts_on: Sequence[str] | None = None,
) -> None:
    """Insert dict rows; columns a row leaves out get the column's Python default."""
    if not rows:
        return
    given = list(dict.fromkeys(key for row in rows for key in row))
    missing = [c for c in table.c if c.name not in given and c.default is not None]
    columns = tuple(given + [c.name for c in missing])
    defaults = tuple(_default(c) for c in missing)
    tuples = [tuple(row.get(name) for name in given) + defaults for row in rows]
    insert_tuples(session, table, columns, tuples, ignore_conflicts_on)


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
