"""Fixtures shared by every test: a migrated database, the app built by the factory, clients.

The suite runs on SQLite by default and on PostgreSQL when ``TEST_DATABASE_URL`` is set.
The schema is built once per run by the real migrations; each test starts from empty tables.
"""

from __future__ import annotations

import os

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from app import create_app
from app.auth.cli import ensure_user
from app.auth.tokens import issue_token
from app.config import normalise_database_url
from app.extensions import db

SAFE = {"GET", "HEAD", "OPTIONS"}
PASSWORD = "correct horse battery"


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


class ApiClient(FlaskClient):
    """A test client that behaves like the browser app: it sends the CSRF cookie back."""

    def open(self, *args, **kwargs):
        # Tests hold one app context across requests, so ``g`` outlives a request here;
        # drop what extensions cache there (the CSRF token, the signed-in user) so each
        # client is judged by its own cookies.
        if has_app_context():
            g.pop("csrf_token", None)
            g.pop("_login_user", None)
        method = (kwargs.get("method") or "GET").upper()
        headers = dict(kwargs.pop("headers", None) or {})
        if method not in SAFE and "Authorization" not in headers:
            if self.get_cookie("csrf_token") is None:
                super().open("/api/auth/session")
            cookie = self.get_cookie("csrf_token")
            if cookie is not None:
                headers.setdefault("X-CSRFToken", cookie.value)
        kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def login(self, email: str, password: str = PASSWORD):
        response = self.post("/api/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.get_json()
        return response


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """A database with the schema built by the migrations, once per test run."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = _per_worker_database(normalise_database_url(url))
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return url


def _per_worker_database(url: str) -> str:
    """With pytest-xdist, each worker gets its own PostgreSQL database next to the given one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _empty_all_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if is_postgres(str(db.engine.url)):
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "SCHEDULER_ENABLED": False,
            "FRONTEND_DIST": os.environ.get("FRONTEND_DIST", str(tmp_path / "no-frontend")),
        }
    )
    app.test_client_class = ApiClient
    with app.app_context():
        _empty_all_tables()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app) -> ApiClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user with a role; its password is ``PASSWORD``."""

    def make(role: str = "admin", email: str | None = None):
        user, _ = ensure_user(email or f"{role}@example.com", role, PASSWORD)
        return user

    return make


@pytest.fixture
def admin_client(client, make_user) -> ApiClient:
    client.login(make_user("admin").email)
    return client


@pytest.fixture
def marketer_client(app, make_user) -> ApiClient:
    c = app.test_client()
    c.login(make_user("marketer").email)
    return c


@pytest.fixture
def viewer_client(app, make_user) -> ApiClient:
    c = app.test_client()
    c.login(make_user("viewer").email)
    return c


@pytest.fixture
def token_headers(app):
    """Bearer headers for a system token with the given scopes."""

    def make(*scopes: str) -> dict:
        _, plain = issue_token("test system", list(scopes))
        db.session.commit()
        return {"Authorization": f"Bearer {plain}"}

    return make
