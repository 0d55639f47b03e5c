"""Database set-up: SQLite pragmas, and the refusal to run on an unmigrated schema."""

from __future__ import annotations

from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, jsonify, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.config import MIGRATIONS_DIR


class UnmigratedDatabase(RuntimeError):
    """The database schema is not at the newest migration."""


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    if _is_sqlite(dbapi_connection):
        # SQLAlchemy, not the driver, starts transactions (see _sqlite_begin), so that
        # SAVEPOINTs work and the engine can take the write lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    if connection.dialect.name == "sqlite":
        immediate = connection.get_execution_options().get("sqlite_begin_immediate")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


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
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(model).on_conflict_do_nothing(index_elements=conflict_columns), rows)
