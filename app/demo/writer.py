"""Bulk writes of generated columns: ``executemany`` on SQLite, ``COPY`` on PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection


class BulkWriter:
    """Writes rows given as columns (equal-length lists of plain Python values).

    Values must already be in the form the column stores: timestamps as text from
    :func:`app.demo.clock.iso_strings`, JSON as text, money as numbers.
    """

    def __init__(self, connection: Connection, batch: int = 20_000):
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        self.batch = batch
        self.counts: dict[str, int] = {}

    @property
    def aware_timestamps(self) -> bool:
        """PostgreSQL columns are ``timestamptz``; SQLite keeps naive UTC text."""
        return self.postgres

    def write(self, table: str, columns: dict[str, Sequence]) -> None:
        """Insert every row of ``columns`` (name → values) into ``table``."""
        names = list(columns)
        rows = list(zip(*columns.values(), strict=True))
        if not rows:
            return
        self.counts[table] = self.counts.get(table, 0) + len(rows)
        dbapi = self.connection.connection.driver_connection
        if self.postgres:
            quoted = ", ".join(f'"{name}"' for name in names)
            with (
                dbapi.cursor() as cursor,
                cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        sql = f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({", ".join("?" * len(names))})'
        cursor = dbapi.cursor()
        try:
            for start in range(0, len(rows), self.batch):
                cursor.executemany(sql, rows[start : start + self.batch])
        finally:
            cursor.close()
