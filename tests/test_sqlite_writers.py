"""SQLite writers of one process queue for the write lock, and always let go of their turn."""

import threading

import pytest
from sqlalchemy import create_engine

from app import database, sqlite_writers  # noqa: F401 - database sets the connection pragmas


@pytest.fixture
def sqlite_engine(tmp_path, monkeypatch):
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT_MS", "300")
    engine = create_engine(f"sqlite:///{tmp_path / 'writers.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    yield engine
    engine.dispose()


def _gate(engine):
    return sqlite_writers.gate_for(str(engine.url.database))


def _free(engine) -> bool:
    gate = _gate(engine)
    if gate.acquire(blocking=False):
        gate.release()
        return True
    return False


def test_threads_writing_at_once_all_get_through(sqlite_engine):
    # Eight writers at once, each holding the lock across a read: they take turns, every
    # write lands and the last turn is let go.
    errors = []

    def write():
        try:
            for _ in range(50):
                with sqlite_engine.begin() as connection:
                    connection.exec_driver_sql("INSERT INTO t VALUES (1)")
                    connection.exec_driver_sql("SELECT count(*) FROM t").scalar()
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 400
    assert _free(sqlite_engine)


def test_the_turn_is_held_from_the_first_write_to_the_end_of_the_transaction(sqlite_engine):
    with sqlite_engine.connect() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM t").scalar()
        assert _free(sqlite_engine)  # reads do not queue
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        assert not _free(sqlite_engine)
        connection.commit()
        assert _free(sqlite_engine)
        connection.exec_driver_sql("UPDATE t SET x = 2")
        connection.rollback()
        assert _free(sqlite_engine)
        connection.exec_driver_sql("DELETE FROM t")
    # Handed back to the pool mid-transaction: rolled back there, and the turn let go.
    assert _free(sqlite_engine)
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1


def test_a_failed_write_lets_go_of_the_turn_with_its_transaction(sqlite_engine):
    with sqlite_engine.connect() as connection:
        with pytest.raises(Exception, match="no such table"):
            connection.exec_driver_sql("INSERT INTO missing VALUES (1)")
        connection.rollback()
    assert _free(sqlite_engine)


def test_a_writer_kept_waiting_for_the_turn_goes_on_to_sqlite(sqlite_engine):
    gate = _gate(sqlite_engine)
    gate.acquire()  # held by a writer that never ends, here
    try:
        with sqlite_engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
    finally:
        gate.release()
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1
