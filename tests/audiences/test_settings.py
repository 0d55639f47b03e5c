"""The audiences' documented settings come from the environment and take effect:
``RFM_WINDOW_DAYS`` (the refresh window, its CLI and the RFM page) and
``AUDIENCES_REFRESH_HOUR`` (the nightly job)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import create_app
from app.audiences.rfm.refresh import refresh_rfm
from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Member, RfmRefresh
from app.scheduler import build_scheduler
from tests.audiences.factories import NOW, insert_population, population
from tests.audiences.rfm.test_refresh import check_against_pandas


@pytest.fixture
def app_from_env(app, database_url):
    """Build another app after the test has set its environment (``app`` empties tables)."""

    def build():
        built = create_app(
            {"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "SCHEDULER_ENABLED": False}
        )
        built.extensions["clock"] = VirtualClock(NOW)
        return built

    return build


def test_rfm_window_days_from_the_environment(app_from_env, monkeypatch):
    monkeypatch.setenv("RFM_WINDOW_DAYS", "90")
    built = app_from_env()
    assert built.config["RFM_WINDOW_DAYS"] == 90
    with built.app_context():
        pop = population(n=200, seed=3)
        insert_population(db.session, pop)
        result = refresh_rfm(db.session, NOW)
        assert result["window_days"] == 90
        assert db.session.scalar(select(RfmRefresh.window_days)) == 90
        check_against_pandas(pop, NOW, days=90)
        lost = db.session.scalar(select(Member.id).where(Member.rfm_segment == "Lost").limit(1))
        assert lost is not None
        runner = built.test_cli_runner()
        out = runner.invoke(args=["rfm", "refresh"])
        assert out.exit_code == 0, out.output
        assert "over 90 days" in out.output
        db.session.remove()


def test_rfm_page_reports_the_window_in_use(app_from_env, monkeypatch, make_user):
    monkeypatch.setenv("RFM_WINDOW_DAYS", "30")
    built = app_from_env()
    from tests.conftest import ApiClient

    built.test_client_class = ApiClient
    with built.app_context():
        make_user("viewer")
        client = built.test_client()
        client.login("viewer@example.com")
        data = client.get("/api/rfm").get_json()
        assert data["window_days"] == 30
        lost = next(s for s in data["segments"] if s["segment"] == "Lost")
        assert lost["description"] == "Bought before the last 30 days, not in them"
        db.session.remove()


def test_refresh_hour_from_the_environment(app_from_env, monkeypatch):
    monkeypatch.setenv("AUDIENCES_REFRESH_HOUR", "5")
    built = app_from_env()
    assert built.config["AUDIENCES_REFRESH_HOUR"] == 5
    with built.app_context():
        job = build_scheduler(built).get_job("audiences.nightly_refresh")
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("5", "30")
    first = job.trigger.get_next_fire_time(None, NOW)
    assert first == NOW.replace(hour=5, minute=30) + timedelta(days=1)


def test_defaults_without_the_environment(app_from_env, monkeypatch):
    monkeypatch.delenv("RFM_WINDOW_DAYS", raising=False)
    monkeypatch.delenv("AUDIENCES_REFRESH_HOUR", raising=False)
    built = app_from_env()
    assert (built.config["RFM_WINDOW_DAYS"], built.config["AUDIENCES_REFRESH_HOUR"]) == (365, 2)
    with built.app_context():
        job = build_scheduler(built).get_job("audiences.nightly_refresh")
    assert {f.name: str(f) for f in job.trigger.fields}["hour"] == "2"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("RFM_WINDOW_DAYS", "0", "RFM_WINDOW_DAYS must be a whole number from 1 to 3660, not 0"),
        ("RFM_WINDOW_DAYS", "a year", "RFM_WINDOW_DAYS must be a whole number, not 'a year'"),
        ("AUDIENCES_REFRESH_HOUR", "24", "AUDIENCES_REFRESH_HOUR must be a whole number from 0"),
    ],
)
def test_bad_settings_stop_the_app_with_their_name(app_from_env, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=message):
        app_from_env()
