"""A temporary staging table per import: rows are loaded in bulk, then merged with SQL.

SQLite gets the rows through one ``executemany`` per chunk; PostgreSQL through ``COPY``.
Checks that need the database (unknown members, repeated ids) and the final merge are then
single set-based statements over the staged rows, identical on both backends.
"""

from __future__ import annotations

import csv
import io
import uuid

import numpy as np
import pandas as pd
from sqlalchemy import Column, Integer, MetaData, Table, func, select
from sqlalchemy.engine import Connection

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
            conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        self.table.create(conn)

    @property
    def c(self):
        """The staged columns."""
        return self.table.c

    def load(self, frame: pd.DataFrame) -> None:
        """Append a chunk; ``frame`` holds ``row_no`` and typed columns named as the table's."""
        if frame.empty:
            return
        names = list(frame.columns)
        columns = [self._values(frame[name]) for name in names]
        if self.dialect == "postgresql":
            self._copy(names, columns)
        else:
            marks = ", ".join("?" for _ in names)
            sql = f"INSERT INTO {self.table.name} ({', '.join(names)}) VALUES ({marks})"
            self.conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))

    def _copy(self, names: list[str], columns: list[list]) -> None:
        buffer = io.StringIO()
        # None becomes an unquoted empty field, which COPY reads as NULL.
        csv.writer(buffer).writerows(zip(*columns, strict=True))
        raw = self.conn.connection.driver_connection
        sql = f"COPY {self.table.name} ({', '.join(names)}) FROM STDIN (FORMAT csv)"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            copy.write(buffer.getvalue())

    def _values(self, series: pd.Series) -> list:
        """Plain Python values in the form this backend stores for the column type."""
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            return _timestamps(series, "+00:00" if self.dialect == "postgresql" else "")
        if pd.api.types.is_datetime64_dtype(series.dtype):
            text = series.dt.strftime("%Y-%m-%d")
            return text.astype(object).where(series.notna(), None).tolist()
        if pd.api.types.is_bool_dtype(series.dtype):
            if self.dialect == "postgresql":
                return np.where(series.to_numpy(), "t", "f").tolist()
            return series.astype("int64").tolist()
        return series.astype(object).where(series.notna(), None).tolist()

    def count(self, *where) -> int:
        """Staged rows matching ``where``."""
        return self.conn.scalar(select(func.count()).select_from(self.table).where(*where))

    def drop(self) -> None:
        """Remove the table (also gone when the connection closes)."""
        self.table.drop(self.conn, checkfirst=True)


def _timestamps(series: pd.Series, suffix: str) -> list:
    values = series.dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    text = np.char.replace(np.datetime_as_string(values, unit="us"), "T", " ")
    out = pd.Series(np.char.add(text, suffix), index=series.index, dtype=object)
    return out.where(series.notna(), None).tolist()
