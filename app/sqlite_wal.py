"""SQLite's write-ahead log, kept out of the writers' way.

Every commit appends its pages to the WAL; a *checkpoint* copies them back into the database
file. By default SQLite checkpoints inside the commit that takes the WAL past 1,000 pages,
so an engine batch (or a request) now and then pays for copying everyone's pages. Here a
scheduled job checkpoints in the background instead (``PASSIVE``: it never waits for, nor
blocks, readers and the writer), and a commit only checkpoints itself when the WAL has
grown past :data:`AUTOCHECKPOINT_PAGES` — when no scheduler runs, say.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

#: New databases are laid out in pages of this size: the SQL of a mass expiry (ten
#: thousand runs updated and twenty thousand steps logged per batch) took a sixth less time
#: than with SQLite's 4 KiB. An existing database keeps its page size.
PAGE_SIZE = 16_384
#: A commit checkpoints by itself only when the WAL is this many pages long.
AUTOCHECKPOINT_PAGES = 10_000
#: After a checkpoint, the WAL file is cut back to at most this many bytes.
JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024
#: How often the scheduled checkpoint runs.
CHECKPOINT_SECONDS = 1


def connection_pragmas(cursor) -> None:
    """Set on every new SQLite connection (the page size only matters to a new file)."""
    cursor.execute(f"PRAGMA page_size={PAGE_SIZE}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
    cursor.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}")


def checkpoint(engine: Engine) -> tuple[int, int] | None:
    """Copy the committed WAL pages into the database file without waiting for anyone.

    Returns ``(pages in the WAL, pages copied)``, or None on another database.
    """
    if engine.dialect.name != "sqlite":
        return None
    with engine.connect() as connection:
        driver = connection.connection.dbapi_connection
        busy, pages, copied = driver.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return pages, copied


def register_jobs(scheduler, run: Callable[[Callable], Callable]) -> None:
    """On SQLite, checkpoint every :data:`CHECKPOINT_SECONDS` (see app.scheduler)."""
    from app.extensions import db

    if db.engine.dialect.name != "sqlite":
        return

    def checkpoint_job() -> None:
        checkpoint(db.engine)

    scheduler.add_job(
        run(checkpoint_job), "interval", seconds=CHECKPOINT_SECONDS, id="sqlite-checkpoint"
    )
