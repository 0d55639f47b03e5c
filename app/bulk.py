"""Fast bulk writes for hot paths (the engine's step log and states, grants, the outbox).

Rows are written with the driver's own ``executemany`` on positional tuples, each value
passed through its column type's bind processor. This skips SQLAlchemy's per-row parameter
building, which otherwise costs more than the write itself. The SQL is plain and the same
on SQLite and PostgreSQL (``ON CONFLICT ... DO NOTHING`` included).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

#: Parameters per statement; SQLite before 3.32 allowed no more than 999.
MAX_PARAMETERS = 999


def _marker(dialect: Dialect) -> str:
    return "?" if dialect.paramstyle == "qmark" else "%s"


@lru_cache(maxsize=64)
def _processors(
    table: Table, columns: tuple[str, ...], dialect: Dialect, encoded: tuple[str, ...] = ()
):
    return [
        None if name in encoded else table.c[name].type._cached_bind_processor(dialect)
        for name in columns
    ]


def _placeholder(table: Table, name: str, dialect: Dialect, encoded: tuple[str, ...]) -> str:
    """The parameter marker of a column; a value given already encoded (JSON text) is cast
    to the column's type where the database does not convert text by itself."""
    mark = _marker(dialect)
    if name in encoded and dialect.name == "postgresql":
        return f"CAST({mark} AS {table.c[name].type.compile(dialect)})"
    return mark


def _convert(rows: Sequence[Sequence], processors) -> list[Sequence]:
    """Apply each column's bind processor, column by column; NULLs stay NULL.

    A column holding one value in every row (a batch shares its timestamps and ids) is
    converted once, and a value repeated from the row before is not converted again.
    """
    active = [(i, p) for i, p in enumerate(processors) if p is not None]
    if not active:
        return rows if isinstance(rows, list) else list(rows)
    columns = list(zip(*rows, strict=True))
    for i, process in active:
        columns[i] = _converted(columns[i], process)
    return list(zip(*columns, strict=True))


def _converted(values: tuple, process) -> Sequence:
    first = values[0]
    if values.count(first) == len(values):
        return (None if first is None else process(first),) * len(values)
    out = []
    last_in, last_out = object(), None
    for value in values:
        if value is None:
            out.append(None)
        elif value is last_in:
            out.append(last_out)
        else:
            last_in, last_out = value, process(value)
            out.append(last_out)
    return out


def insert_tuples(
    session: Session,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[Sequence],
    ignore_conflicts_on: Sequence[str] | None = None,
    encoded: tuple[str, ...] = (),
) -> None:
    """``INSERT INTO table (columns) VALUES (...), (...), ...`` for every row.

    Rows go a few dozen to a statement, and the statements in one executemany: the
    database parses and steps once per statement, not once per row. With
    ``ignore_conflicts_on``, rows clashing on that unique key are skipped. Values of the
    ``encoded`` columns are given as the database stores them (JSON as text) and are not
    converted again.
    """
    if not rows:
        return
    # A Session, or a Connection the caller manages itself (the dispatcher's).
    connection = session if isinstance(session, Connection) else session.connection()
    dialect = connection.dialect
    marks = ", ".join(_placeholder(table, name, dialect, encoded) for name in columns)
    head = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES "
    tail = (
        f" ON CONFLICT ({', '.join(ignore_conflicts_on)}) DO NOTHING" if ignore_conflicts_on else ""
    )
    converted = _convert(rows, _processors(table, tuple(columns), dialect, encoded))
    per = max(1, MAX_PARAMETERS // len(columns))
    full = len(converted) // per * per
    if full:
        values = ", ".join([f"({marks})"] * per)
        connection.exec_driver_sql(
            head + values + tail,
            [tuple(chain.from_iterable(converted[i : i + per])) for i in range(0, full, per)],
        )
    if full < len(converted):
        rest = converted[full:]
        connection.exec_driver_sql(
            head + ", ".join([f"({marks})"] * len(rest)) + tail,
            tuple(chain.from_iterable(rest)),
        )


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


def fetch_in(
    session: Session,
    sql: str,
    values: Sequence,
    params: Sequence = (),
    chunk: int = 5000,
) -> list[tuple]:
    """Rows of ``sql`` for a long list of ``values``, a chunk at a time, straight from the
    driver (SQLAlchemy would build and name one parameter per value).

    ``sql`` marks its parameters ``{p}`` and the place of the value list ``{values}``;
    ``params`` are bound before the values, in order. Values and params must need no
    conversion (ids, strings).
    """
    if not values:
        return []
    connection = session.connection()
    mark = _marker(connection.dialect)
    rows: list[tuple] = []
    for start in range(0, len(values), chunk):
        part = values[start : start + chunk]
        text = sql.format(p=mark, values=", ".join([mark] * len(part)))
        rows += connection.exec_driver_sql(text, (*params, *part)).fetchall()
    return rows


def update_tuples(
    session: Session,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[Sequence],
    key: str = "id",
    encoded: tuple[str, ...] = (),
) -> None:
    """``UPDATE table SET columns... WHERE key = ?``; each row is the new values then the key.

    Values of the ``encoded`` columns are given as stored (see :func:`insert_tuples`).
    """
    if not rows:
        return
    # A Session, or a Connection the caller manages itself (the dispatcher's).
    connection = session if isinstance(session, Connection) else session.connection()
    dialect = connection.dialect
    assignments = ", ".join(
        f"{name} = {_placeholder(table, name, dialect, encoded)}" for name in columns
    )
    sql = f"UPDATE {table.name} SET {assignments} WHERE {key} = {_marker(dialect)}"
    processors = _processors(table, (*columns, key), dialect, encoded)
    connection.exec_driver_sql(sql, _convert(rows, processors))


def execute_many(connection: Connection, sql: str, rows: Iterable[Sequence]) -> None:
    """Run ``sql`` (written with the driver's own markers) once per row, on the driver's
    cursor. ``rows`` may be any iterable, such as a ``zip`` over column lists, so no list of
    tuples is built and SQLAlchemy does not look at each row."""
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


def copy_text(connection: Connection, table: str, columns: Sequence[str], text: str) -> None:
    """PostgreSQL: ``COPY table (columns) FROM STDIN`` fed ``text`` in COPY's own text format
    (tab-separated, ``\\N`` for NULL, backslash escapes), the cheapest for the server to parse."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(sql) as copy:
        copy.write(text)
