"""The dispatcher's documented settings come from the environment and take effect:
``DISPATCH_INTERVAL_SECONDS`` (how often it runs), ``DISPATCH_BATCH_SIZE`` (messages per
batch) and ``PUBLIC_BASE_URL`` (where links in messages point)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app import create_app
from app.engine.clock import VirtualClock
from app.extensions import db
from app.messaging import jobs as messaging_jobs
from app.messaging.outbox import enqueue_messages
from app.messaging.signing import base_url
from app.scheduler import build_scheduler

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.fixture
def app_from_env(app, database_url):
    def build():
        built = create_app(
            {"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "SCHEDULER_ENABLED": False}
        )
        built.extensions["clock"] = VirtualClock(NOW)
        return built

    return build


def test_dispatch_interval_and_batch_size_from_the_environment(
    app_from_env, monkeypatch, members, message_template
):
    monkeypatch.setenv("DISPATCH_INTERVAL_SECONDS", "7")
    monkeypatch.setenv("DISPATCH_BATCH_SIZE", "2")
    message_template("hi", "inapp", body="Hi {{ member.name }}")
    ids = members(3)
    built = app_from_env()
    assert (built.config["DISPATCH_INTERVAL_SECONDS"], built.config["DISPATCH_BATCH_SIZE"]) == (
        7,
        2,
    )
    with built.app_context():
        job = build_scheduler(built).get_job("messaging.dispatch")
        assert job.trigger.interval == timedelta(seconds=7)
        enqueue_messages(db.session, [(m, "inapp", "hi", {}, f"k{m}") for m in ids], NOW)
        db.session.commit()
        assert messaging_jobs.dispatch_job(max_batches=1) == {"claimed": 2, "sent": 2}
        assert messaging_jobs.dispatch_job(max_batches=1) == {"claimed": 1, "sent": 1}
        db.session.remove()


def test_public_base_url_from_the_environment(app_from_env, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://loyalty.example.com/")
    built = app_from_env()
    assert built.config["PUBLIC_BASE_URL"] == "https://loyalty.example.com/"
    with built.app_context():
        assert base_url() == "https://loyalty.example.com"


@pytest.mark.parametrize("name", ["DISPATCH_INTERVAL_SECONDS", "DISPATCH_BATCH_SIZE"])
def test_bad_dispatch_settings_stop_the_app(app_from_env, monkeypatch, name):
    monkeypatch.setenv(name, "0")
    with pytest.raises(ValueError, match=f"{name} must be a whole number of at least 1, not 0"):
        app_from_env()
