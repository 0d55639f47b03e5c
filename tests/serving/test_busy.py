"""On SQLite, a writer that waited the whole busy timeout gets a 503 it can retry, not a 500,
and nothing it sent is written."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import Member
from tests.conftest import ApiClient

pytestmark = pytest.mark.sqlite


def test_a_write_that_stays_locked_is_answered_503_and_a_retry_gets_through(
    database_url, token_headers, monkeypatch
):
    headers = token_headers("members:write")
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT_MS", "200")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    app.test_client_class = ApiClient
    client = app.test_client()
    other = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with app.app_context():
            response = client.post("/api/members", json={"external_id": "M-1"}, headers=headers)
            db.engine.dispose()
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "1"
        assert response.get_json()["error"] == "busy"
    finally:
        other.execute("ROLLBACK")
        other.close()
    with app.app_context():
        retry = client.post("/api/members", json={"external_id": "M-1"}, headers=headers)
        assert retry.status_code == 200, retry.get_json()
        assert db.session.scalar(select(func.count()).select_from(Member)) == 1
        db.engine.dispose()
