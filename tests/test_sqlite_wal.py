"""SQLite's write-ahead log: new files in large pages, checkpoints by a scheduled job."""

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import create_engine

from app import database, sqlite_wal  # noqa: F401 - database sets the connection pragmas
from app.extensions import db


@pytest.fixture
def sqlite_engine(tmp_path):
    """A new SQLite file, opened the way the app opens its database."""
    engine = create_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    yield engine
    engine.dispose()


def _pragma(engine, name: str):
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_a_new_database_uses_large_pages_and_the_wal(sqlite_engine):
    assert _pragma(sqlite_engine, "page_size") == sqlite_wal.PAGE_SIZE
    assert _pragma(sqlite_engine, "journal_mode") == "wal"
    assert _pragma(sqlite_engine, "wal_autocheckpoint") == sqlite_wal.AUTOCHECKPOINT_PAGES


def test_commits_leave_their_pages_in_the_wal_until_the_checkpoint(sqlite_engine):
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    body = "x" * 1000
    for _ in range(20):
        with sqlite_engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO notes (body) VALUES (?)", [(body,) for _ in range(1000)]
            )
    pages, copied = sqlite_wal.checkpoint(sqlite_engine)
    # About 20 MB in 20 commits: past SQLite's own limit of 1,000 pages, at which one of
    # the commits would have checkpointed; here the WAL still holds them all.
    assert pages > 1000
    assert copied == pages
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM notes").scalar() == 20_000


def test_the_checkpoint_job_runs_on_sqlite_only(app):
    scheduler = BackgroundScheduler(timezone="UTC")
    sqlite_wal.register_jobs(scheduler, run=lambda fn: fn)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    if db.engine.dialect.name == "sqlite":
        assert set(jobs) == {"sqlite-checkpoint"}
        jobs["sqlite-checkpoint"].func()
    else:
        assert jobs == {}
        assert sqlite_wal.checkpoint(db.engine) is None
