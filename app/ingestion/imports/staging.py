"""The staging table an import loads its checked rows into before one set-based merge.

Chunks arrive as numpy columns. They are turned into plain Python values column by column
(numpy does the formatting) and handed straight to the driver: zipped into ``executemany``
on SQLite, joined into ``COPY``'s text format on PostgreSQL. The values take the form each
backend stores for the column type, so the merge copies them as they are.
"""

from __future__ import annotations

import uuid

import numpy as np
import pandas as pd
from sqlalchemy import Column, Integer, MetaData, Table, func, select
from sqlalchemy.engine import Connection

from app.bulk import copy_text, execute_many

SQLITE_CACHE_KIB = 256 * 1024


class Stage:
    """A TEMPORARY table holding one import's validated rows (plus their row numbers)."""

    def __init__(self, conn: Connection, kind: str, columns: list[Column]):
        self.conn = conn
        self.dialect = conn.dialect.name
        name = f"stage_{kind}_{uuid.uuid4().hex[:8]}"
        self.table = Table(
            name, MetaData(), Column("row_no", Integer), *columns, prefixes=["TEMPORARY"]
        )
        if self.dialect == "sqlite":
            # A million-row merge touches nine indexes; the default 2 MB page cache thrashes.
            # The staging table lives in the temp schema, which has a page cache of its own.
            conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
            conn.exec_driver_sql(f"PRAGMA temp.cache_size=-{SQLITE_CACHE_KIB}")
        self.table.create(conn)
        self.rows = 0

    @property
    def c(self):
        """The staged columns."""
        return self.table.c

    def load(self, columns: dict[str, object], keep: np.ndarray) -> None:
        """Append the rows where ``keep`` holds.

        ``columns`` maps staged column names to numpy arrays (one value per row of the
        chunk) or to a scalar every row shares.
        """
        count = int(keep.sum())
        if not count:
            return
        names = list(columns)
        everyone = bool(keep.all())
        values = []
        for name in names:
            column = columns[name]
            if isinstance(column, np.ndarray):
                values.append(self._values(column if everyone else column[keep]))
            else:
                values.append([self._scalar(column)] * count)
        append_columns(self.conn, self.table.name, names, values)
        self.rows += count

    def _scalar(self, value):
        if isinstance(value, bool) and self.dialect == "postgresql":
            return "t" if value else "f"
        return int(value) if isinstance(value, bool) else value

    def _values(self, array: np.ndarray) -> list:
        """Plain Python values in the form this backend stores for the column type."""
        kind = array.dtype.kind
        if kind == "M":
            return _datetimes(array, "+00:00" if self.dialect == "postgresql" else "")
        if kind == "b":
            if self.dialect == "postgresql":
                return np.where(array, "t", "f").tolist()
            return array.view(np.uint8).tolist()
        return array.tolist()

    def count(self, *where) -> int:
        """Staged rows matching ``where``."""
        return self.conn.scalar(select(func.count()).select_from(self.table).where(*where))

    def drop(self) -> None:
        """Remove the table (also gone when the connection closes)."""
        self.table.drop(self.conn, checkfirst=True)


def append_columns(conn: Connection, table: str, names: list[str], columns: list[list]) -> None:
    """Insert rows given column by column (lists of plain values of equal length): ``COPY``
    on PostgreSQL, ``executemany`` over the zipped columns elsewhere."""
    if conn.dialect.name == "postgresql":
        fields = [_copy_fields(column) for column in columns]
        text = "\n".join(map("\t".join, zip(*fields, strict=True))) + "\n"
        copy_text(conn, table, names, text)
    else:
        marks = ", ".join("?" for _ in names)
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})"
        execute_many(conn, sql, zip(*columns, strict=True))


#: What COPY's text format needs escaped inside a field.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_fields(values: list) -> list[str]:
    """A column (all text or all numbers, and None) as fields of COPY's text format:
    ``\\N`` for NULL, backslash, tab and line breaks escaped."""
    nulls = None in values
    first = next((v for v in values if v is not None), None) if nulls else values[0]
    if first is None:
        return ["\\N"] * len(values)
    if not isinstance(first, str):
        return [str(v) if v is not None else "\\N" for v in values]
    if _has_special(values, nulls):
        values = [v.translate(COPY_ESCAPES) if v is not None else v for v in values]
    return [v if v is not None else "\\N" for v in values] if nulls else values


def _has_special(texts: list, nulls: bool) -> bool:
    joined = "".join(v for v in texts if v is not None) if nulls else "".join(texts)
    return any(special in joined for special in "\\\t\n\r")


def _datetimes(array: np.ndarray, suffix: str) -> list:
    """``datetime64`` as text: days as ``YYYY-MM-DD``, anything finer as
    ``YYYY-MM-DD HH:MM:SS.ffffff`` plus ``suffix``; NaT as None. Each distinct value is
    formatted once (exports repeat dates and times a lot; formatting is the slow part)."""
    codes, uniques = pd.factorize(array.view(np.int64), use_na_sentinel=False)
    uniques = uniques.view(array.dtype)
    if np.datetime_data(array.dtype)[0] == "D":
        text = np.datetime_as_string(uniques, unit="D")
    else:
        text = np.datetime_as_string(uniques.astype("datetime64[us]"), unit="us")
        # Years are 1900-9999 (the checks see to it), so the "T" is always the 11th character.
        width = text.dtype.itemsize // 4
        if width > 10:
            text.view(np.uint32).reshape(-1, width)[:, 10] = ord(" ")
        if suffix:
            text = np.strings.add(text, suffix)
    out = text.astype(object)
    out[np.isnat(uniques)] = None
    return out[codes].tolist()
