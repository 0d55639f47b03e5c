"""Schemathesis drives every operation of /api/openapi.json, signed in as an admin, with
valid and invalid input (NUL bytes, lone surrogates, huge numbers, wrong types, missing and
null fields…); no answer may be a server error.

Bounded for CI: ``FUZZ_EXAMPLES`` examples per operation and mode (default 10), no
shrinking. Runs on SQLite, and on PostgreSQL with ``TEST_DATABASE_URL``.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from app import create_app
from app.extensions import api_spec
from tests.conftest import PASSWORD, ApiClient, _empty_all_tables

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 10))
ADMIN = "fuzz-admin@example.com"
#: Where the admin signs in from: the fuzzer's own failed sign-ins (from 127.0.0.1) must not
#: throttle it.
ADMIN_ADDRESS = "192.0.2.200"
METHODS = ("get", "post", "put", "patch", "delete")


def _operations() -> list[tuple[str, str, GenerationMode]]:
    """Every (METHOD, path, mode) of the OpenAPI document, read without a database: valid
    input for every operation, invalid input for those that take any."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})
    with app.app_context():
        paths = api_spec.spec["paths"]
    out = []
    for path, item in paths.items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            out.append((method.upper(), path, GenerationMode.POSITIVE))
            if operation.get("requestBody") or any(
                _constrained(p.get("schema", {})) for p in operation.get("parameters", [])
            ):
                out.append((method.upper(), path, GenerationMode.NEGATIVE))
    return out


def _constrained(schema: dict) -> bool:
    """Whether some value breaks this parameter's schema (any text is a valid free text)."""
    if schema.get("type", "string") != "string":
        return True
    if schema.get("format") == "path":  # a path of any characters
        return False
    return bool({"pattern", "maxLength", "minLength", "enum", "format"} & set(schema))


class Admin:
    """A signed-in admin session; signs in again when a fuzzed request ended it (sign-out)."""

    def __init__(self, app):
        self.client = app.test_client()
        self.client.environ_base["REMOTE_ADDR"] = ADMIN_ADDRESS

    def credentials(self) -> tuple[dict, dict]:
        """The session's cookies and the CSRF header."""
        if self.client.get("/api/auth/session").get_json()["user"] is None:
            self.client.login(ADMIN)
        cookies = {name: self.client.get_cookie(name).value for name in ("session", "csrf_token")}
        return cookies, {"X-CSRFToken": cookies["csrf_token"]}


@pytest.fixture(scope="module")
def fuzzed(database_url, tmp_path_factory):
    """The app with no application context pushed (each fuzzed request gets its own, as in a
    server), an admin signed in, and the OpenAPI document loaded by schemathesis."""
    from app.auth.cli import ensure_user
    from app.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "SCHEDULER_ENABLED": False,
            "FRONTEND_DIST": str(tmp_path_factory.mktemp("no-frontend")),
        }
    )
    app.test_client_class = ApiClient
    with app.app_context():
        _empty_all_tables()
        ensure_user(ADMIN, "admin", PASSWORD)
        db.session.remove()
    admin = Admin(app)
    admin.credentials()
    schema = schemathesis.openapi.from_dict(admin.client.get("/api/openapi.json").get_json())
    schema.app = app
    yield schema, admin
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(("method", "path", "mode"), _operations())
def test_no_operation_answers_a_server_error(fuzzed, method, path, mode):
    schema, admin = fuzzed
    operation = schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case):
        cookies, headers = admin.credentials()
        response = case.call(headers=headers, cookies=cookies)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} answered {response.status_code}: "
            f"{response.text[:300]}\n{case.as_curl_command()}"
        )

    run()
