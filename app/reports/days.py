"""UTC days of stored times, and periods that are whole days (daily counts answer them)."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import func
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session


def dialect_name(session: Session | Connection) -> str:
    """The database of a session or a connection: ``sqlite`` or ``postgresql``."""
    bind = session if isinstance(session, Connection) else session.get_bind()
    return bind.dialect.name


def utc_day(session: Session | Connection, column):
    """``YYYY-MM-DD`` of a stored UTC time, computed by the database."""
    if dialect_name(session) == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.substr(column, 1, 10)


def whole_days(since: datetime | None, until: datetime | None) -> tuple | None:
    """The period as first and last UTC day (``YYYY-MM-DD``, None when open) when it starts
    and ends on day boundaries, so kept daily counts answer it exactly."""
    start = since.astimezone(UTC) if since else None
    end = until.astimezone(UTC) if until else None
    if (start and start.time() != time.min) or (end and end.time() != time.max):
        return None
    return (start.date().isoformat() if start else None, end.date().isoformat() if end else None)
