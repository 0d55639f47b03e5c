"""Security headers, Secure cookies over HTTPS behind a trusted proxy, compressed responses."""

from __future__ import annotations

import gzip

import brotli
import pytest

from app import create_app
from tests.conftest import PASSWORD, ApiClient


@pytest.fixture
def frontend(tmp_path):
    """A built frontend's shape: an index page and a large script."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(
        '<!doctype html><script type="module" src="/assets/app.js"></script>'
    )
    (dist / "assets" / "app.js").write_text("console.log('loyalty canvas');\n" * 2000)
    return dist


def _app(database_url, **config):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, **config})
    app.test_client_class = ApiClient
    return app


@pytest.mark.parametrize("path", ["/", "/journeys/x", "/api/health", "/api/nothing-here"])
def test_every_response_carries_the_security_headers(app, client, frontend, path):
    app.config["FRONTEND_DIST"] = str(frontend)
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self';" in policy  # no inline scripts in the app
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    # Plain HTTP: no HSTS (it would pin a host that has no HTTPS).
    assert "Strict-Transport-Security" not in response.headers


def test_the_api_reference_pages_may_load_their_cdn_scripts(admin_client):
    response = admin_client.get("/api/docs/swagger/")
    assert response.status_code == 200
    assert "https://unpkg.com" in response.headers["Content-Security-Policy"]


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(client, make_user):
    make_user("admin")
    response = client.post(
        "/api/auth/login",
        json={"email": "admin@example.com", "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
    assert all("Secure" not in c for c in response.headers.getlist("Set-Cookie"))


def test_behind_a_trusted_https_proxy_cookies_are_secure_and_hsts_is_sent(database_url, make_user):
    make_user("admin")
    app = _app(database_url, PROXY_COUNT=1)
    client = app.test_client()
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    with app.app_context():
        client.get("/api/auth/session", headers=https)
        response = client.post(
            "/api/auth/login",
            json={"email": "admin@example.com", "password": PASSWORD},
            headers={
                **https,
                # Over HTTPS the CSRF check also wants a same-origin Referer, as browsers send.
                "Referer": "https://localhost/",
                "X-CSRFToken": client.get_cookie("csrf_token").value,
            },
        )
    assert response.status_code == 200
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    assert "; Secure" in cookies["session"]
    assert "; HttpOnly" in cookies["session"]
    assert "; Secure" in cookies["csrf_token"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_secure_cookies_can_be_forced(database_url, make_user):
    make_user("admin")
    app = _app(database_url, SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    with app.app_context():
        response = client.post(
            "/api/auth/login", json={"email": "admin@example.com", "password": PASSWORD}
        )
    session = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "; Secure" in session[0]


def test_scripts_and_json_are_compressed(app, admin_client, frontend):
    app.config["FRONTEND_DIST"] = str(frontend)
    response = admin_client.get("/assets/app.js", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.get_data()).startswith(b"console.log")
    assert len(response.get_data()) < 2000
    spec = admin_client.get("/api/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert spec.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(spec.get_data()).startswith(b"{")
    plain = admin_client.get("/api/openapi.json")
    assert "Content-Encoding" not in plain.headers
    assert plain.get_json()["info"]["title"] == "Loyalty Canvas API"
