"""SQLite writers of one process queue for the write lock instead of polling for it.

SQLite lets one connection write at a time. A writer that finds the lock taken sleeps in its
busy handler and tries again, in steps growing to 100 ms. Under a steady stream of short
writes (API posts every few milliseconds) a writer that has waited a while keeps sleeping
through the short gaps while newcomers take them: most writes wait a few milliseconds, the
unlucky ones seconds. Here the threads of a process take a gate (one per database) before
their first write and keep it until their transaction ends, so they are woken one after the
other the moment the lock is free, and only the one at the head polls SQLite, against the
other processes. A writer that waited the whole busy timeout for the gate goes on without it,
to SQLite's own waiting, as before.

Reads never take the gate: in WAL mode they do not wait for writers.
"""

from __future__ import annotations

import os
import threading

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

#: Statements that take SQLite's write lock (an explicit ``BEGIN IMMEDIATE`` included).
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE")
#: Where a connection keeps the gate it holds (its pool record's ``info``).
_HELD = "sqlite_write_gate"

_gates: dict[str, threading.Lock] = {}
_gates_lock = threading.Lock()


def busy_timeout_ms() -> int:
    """How long a writer waits for the write lock (``SQLITE_BUSY_TIMEOUT_MS``, 30 s)."""
    return int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", 30000))


def gate_for(database: str) -> threading.Lock:
    """The gate of one database file (its name as the engine's URL gives it)."""
    with _gates_lock:
        gate = _gates.get(database)
        if gate is None:
            gate = _gates[database] = threading.Lock()
        return gate


def _is_write(statement: str) -> bool:
    return statement.lstrip()[:15].upper().startswith(_WRITES)


@event.listens_for(Engine, "before_cursor_execute")
def _take_gate(connection, _cursor, statement, _parameters, _context, _executemany):
    if connection.dialect.name != "sqlite" or not _is_write(statement):
        return
    info = connection.info
    if _HELD in info:
        return
    gate = gate_for(str(connection.engine.url.database))
    if gate.acquire(timeout=busy_timeout_ms() / 1000):
        info[_HELD] = gate


def _release(info) -> None:
    gate = info.pop(_HELD, None) if info is not None else None
    if gate is not None:
        gate.release()


@event.listens_for(Engine, "commit")
def _release_on_commit(connection):
    _release(connection.info)


@event.listens_for(Engine, "rollback")
def _release_on_rollback(connection):
    _release(connection.info)


# A connection handed back to the pool mid-transaction is rolled back there.
@event.listens_for(Pool, "reset")
def _release_on_reset(_dbapi_connection, record, _reset_state):
    _release(getattr(record, "info", None))


@event.listens_for(Pool, "checkin")
def _release_on_checkin(_dbapi_connection, record):
    _release(getattr(record, "info", None))


@event.listens_for(Pool, "invalidate")
def _release_on_invalidate(_dbapi_connection, record, _exception):
    _release(getattr(record, "info", None))
