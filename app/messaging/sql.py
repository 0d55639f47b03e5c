"""Small SQL helpers that read the same on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def insert_ignore(session: Session, table, rows: list[dict], index_elements: list[str]) -> None:
    """``INSERT … ON CONFLICT (index_elements) DO NOTHING`` for many rows."""
    if not rows:
        return
    insert = postgresql.insert if dialect(session) == "postgresql" else sqlite.insert
    session.execute(insert(table).on_conflict_do_nothing(index_elements=index_elements), rows)
