"""Reading the next batch while this one is advanced (SQLite).

On SQLite one transaction writes at a time, and a batch spends a fifth of its time reading
the runs it claims. So while a batch works, a second connection reads the runs due after
the batch's last one, and the next batch takes them instead of reading again — provided
nobody else has written in between. SQLite tells: ``PRAGMA data_version`` on a connection
changes exactly when another connection has committed. The batch reads it while it holds
the write lock, the next one again once it holds it; if it is unchanged, only the batch
itself has written since the runs were read, and a batch changes no run but its own, so
they are as the next batch would read them. If it changed, the next batch reads afresh.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

from sqlalchemy.engine import Connection, Engine

from app.engine.batch import RunState
from app.engine.claims import read_due

log = logging.getLogger(__name__)


def data_version(connection: Connection) -> int:
    """SQLite's counter of commits made by other connections, as this connection sees it."""
    return connection.exec_driver_sql("PRAGMA data_version").scalar()


class ReadAhead:
    """The next batch's runs, read on another connection while this batch is advanced.

    Use it for the batches of one tick on one connection (``data_version`` is counted per
    connection), and close it when the tick ends.
    """

    def __init__(self, engine: Engine):
        self._engine = engine
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine-read-ahead")
        self._pending: Future | None = None
        self._version: int | None = None

    def take(self, connection: Connection) -> list[RunState] | None:
        """The runs read ahead, if nobody else has written since; else None.

        Call it in the next batch's transaction, once the write lock is held.
        """
        pending, self._pending = self._pending, None
        if pending is None:
            return None
        try:
            states = pending.result()
        except Exception:  # noqa: BLE001 - the batch then claims as usual
            log.exception("reading the next batch ahead failed; it is claimed instead")
            return None
        if data_version(connection) != self._version:
            return None
        return states

    def start(
        self,
        connection: Connection,
        claimed: list[RunState],
        now: datetime,
        limit: int,
        journey_ids: list[int] | None,
    ) -> None:
        """Begin reading the runs due after ``claimed``, a full batch just claimed on
        ``connection`` (holding the write lock)."""
        self._pending = None
        if len(claimed) < limit:
            return
        self._version = data_version(connection)
        last = max((state.due_at, state.id) for state in claimed)
        self._pending = self._pool.submit(self._read, now, limit, journey_ids, last)

    def _read(self, now, limit, journey_ids, after) -> list[RunState]:
        with self._engine.connect() as connection:
            return read_due(connection, now, limit, journey_ids, after)

    def close(self) -> None:
        self._pending = None
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
