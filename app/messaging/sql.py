"""Small SQL helpers that read the same on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.orm import Session


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name
