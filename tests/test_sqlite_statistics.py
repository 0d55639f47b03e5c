"""SQLite's planner statistics: refreshed by a nightly job, so plans follow the data."""

from datetime import UTC, datetime

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import create_engine

from app import database, sqlite_statistics  # noqa: F401 - database sets the connection pragmas
from app.extensions import db
from app.models import Member


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'stats.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE touches (id INTEGER PRIMARY KEY, journey_id INT, kind TEXT, ref TEXT)"
        )
        connection.exec_driver_sql("CREATE INDEX ix_journey ON touches (journey_id, kind)")
        connection.exec_driver_sql("CREATE INDEX ix_ref ON touches (ref)")
        connection.exec_driver_sql("ANALYZE")  # the statistics of an empty base
    yield engine
    engine.dispose()


def _rows_in_statistics(engine, index: str) -> int:
    with engine.connect() as connection:
        stat = connection.exec_driver_sql(
            "SELECT stat FROM sqlite_stat1 WHERE idx = ?", (index,)
        ).scalar()
    return int(stat.split()[0])


def _plan(engine, sql: str) -> str:
    with engine.connect() as connection:
        return " ".join(r[3] for r in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


def test_the_refresh_makes_the_planner_see_the_tables_as_they_are(sqlite_engine):
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO touches (journey_id, kind, ref) VALUES (?, ?, ?)",
            [(1, "coupon", f"c{i}") for i in range(5000)],
        )
    lookup = "SELECT 1 FROM touches WHERE journey_id = 1 AND kind = 'coupon' AND ref = 'c7'"
    # Planned from the empty base's statistics: one journey's touches look few.
    assert "ix_journey" in _plan(sqlite_engine, lookup)

    assert sqlite_statistics.refresh_statistics(sqlite_engine) is True

    with sqlite_engine.connect() as connection:
        counted = connection.exec_driver_sql("SELECT count(*) FROM touches").scalar()
    assert _rows_in_statistics(sqlite_engine, "ix_journey") == counted == 5000
    # A journey with thousands of touches: the code finds the one.
    assert "ix_ref" in _plan(sqlite_engine, lookup)


def test_the_nightly_job_runs_on_sqlite_only(app):
    app.config["AUDIENCES_REFRESH_HOUR"] = 4
    scheduler = BackgroundScheduler(timezone="UTC")
    with app.app_context():
        db.session.add_all(
            Member(external_id=f"m{i}", registered_at=datetime(2026, 1, 1, tzinfo=UTC))
            for i in range(3)
        )
        db.session.commit()
        sqlite_statistics.register_jobs(scheduler, run=lambda fn: fn)
        jobs = {job.id: job for job in scheduler.get_jobs()}
        if db.engine.dialect.name == "sqlite":
            assert set(jobs) == {sqlite_statistics.JOB_ID}
            assert str(jobs[sqlite_statistics.JOB_ID].trigger) == ("cron[hour='4', minute='0']")
            jobs[sqlite_statistics.JOB_ID].func()
            with db.engine.connect() as connection:
                analysed = connection.exec_driver_sql(
                    "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'members'"
                ).scalar()
            # Every index of the members table, each counting the three members.
            assert analysed > 0
            with db.engine.connect() as connection:
                stats = connection.exec_driver_sql(
                    "SELECT stat FROM sqlite_stat1 WHERE tbl = 'members'"
                ).scalars()
                assert {int(stat.split()[0]) for stat in stats} == {3}
        else:
            assert jobs == {}
            assert sqlite_statistics.refresh_statistics(db.engine) is False
