"""Database set-up: SQLite pragmas, and the refusal to run on an unmigrated schema."""

from __future__ import annotations

from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, jsonify, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from app.config import MIGRATIONS_DIR
from app.sqlite_wal import connection_pragmas
from app.sqlite_writers import busy_timeout_ms


class UnmigratedDatabase(RuntimeError):
    """The database schema is not at the newest migration."""


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    if _is_sqlite(dbapi_connection):
        cursor = dbapi_connection.cursor()
        connection_pragmas(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        # Writers wait this long for the write lock; past it the request is answered 503.
        # Within a process they queue for it in order (app.sqlite_writers).
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Reads through memory mapping instead of read() calls: whole-base scans (previews,
        # RFM) spend a third less CPU.
        cursor.execute("PRAGMA mmap_size=1073741824")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    """Engine transactions on SQLite (``sqlite_begin_immediate``) take the write lock at once.

    Then the driver must not manage the transaction itself, so SAVEPOINTs work too. Other
    transactions keep the driver's way (BEGIN just before the first write), so a request
    that reads and then writes waits for a busy database instead of failing on a stale
    snapshot.
    """
    if connection.dialect.name == "sqlite" and connection.get_execution_options().get(
        "sqlite_begin_immediate"
    ):
        connection.connection.dbapi_connection.isolation_level = None
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@event.listens_for(Pool, "checkin")
def _sqlite_driver_transactions(dbapi_connection, _record):
    if dbapi_connection is not None and _is_sqlite(dbapi_connection):
        dbapi_connection.isolation_level = ""


def head_revision() -> str | None:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_migrated(engine: Engine) -> None:
    """Raise :class:`UnmigratedDatabase` with a plain instruction when the schema is behind."""
    head, current = head_revision(), current_revision(engine)
    if current != head:
        state = "has no schema" if current is None else f"is at revision {current}, not {head}"
        raise UnmigratedDatabase(
            f"The database {state}. Run `flask --app wsgi db upgrade` to migrate it."
        )


def init_app(app: Flask) -> None:
    state = {"checked": not app.config.get("REQUIRE_MIGRATED_DB", True)}

    @app.before_request
    def _refuse_unmigrated():
        if state["checked"] or request.endpoint == "static":
            return None
        from app.extensions import db

        try:
            check_migrated(db.engine)
        except UnmigratedDatabase as exc:
            current_app.logger.error(str(exc))
            return jsonify(error="database_not_migrated", message=str(exc)), 503
        state["checked"] = True
        return None


def insert_ignoring_duplicates(
    session, model, rows: list[dict], conflict_columns: list[str]
) -> None:
    """Bulk insert ``rows``, skipping those that clash on ``conflict_columns`` (both dialects)."""
    from app.bulk import insert_rows

    table = getattr(model, "__table__", model)
    insert_rows(session, table, rows, conflict_columns)
