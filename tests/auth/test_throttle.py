"""Sign-in throttling per account and per address (Flask-Limiter), and the same work for
unknown and known emails."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from app import create_app
from tests.conftest import PASSWORD, ApiClient

ACCOUNT_LIMIT = 10
ADDRESS_LIMIT = 50


def _login(client, email, password="wrong password", address="192.0.2.10"):
    return client.post(
        "/api/auth/login",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_an_account_is_throttled_after_its_failed_sign_ins(client, make_user):
    make_user("admin", "ada@example.com")
    for _ in range(ACCOUNT_LIMIT):
        assert _login(client, "ada@example.com").status_code == 401
    response = _login(client, "ADA@example.com", PASSWORD)
    assert response.status_code == 429
    assert response.get_json()["error"] == "too_many_requests"
    assert "this account" in response.get_json()["message"]
    assert int(response.headers["Retry-After"]) > 0
    # From another address too: the account is what is being guessed.
    assert _login(client, "ada@example.com", PASSWORD, "192.0.2.99").status_code == 429


def test_other_accounts_still_sign_in_while_one_is_throttled(client, make_user):
    make_user("admin", "ada@example.com")
    make_user("viewer", "vic@example.com")
    for _ in range(ACCOUNT_LIMIT + 1):
        _login(client, "ada@example.com")
    assert _login(client, "vic@example.com", PASSWORD).status_code == 200


def test_successful_sign_ins_are_not_counted(client, make_user):
    make_user("admin", "ada@example.com")
    for _ in range(ACCOUNT_LIMIT + 2):
        assert _login(client, "ada@example.com", PASSWORD).status_code == 200


def test_an_address_is_throttled_after_failed_sign_ins_on_many_accounts(client, make_user):
    make_user("viewer", "vic@example.com")
    for i in range(ADDRESS_LIMIT):
        assert _login(client, f"guess{i}@example.com").status_code == 401
    response = _login(client, "vic@example.com", PASSWORD)
    assert response.status_code == 429
    assert "this address" in response.get_json()["message"]
    assert _login(client, "vic@example.com", PASSWORD, "192.0.2.77").status_code == 200


def test_behind_a_proxy_the_forwarded_address_is_throttled(database_url, make_user, tmp_path):
    make_user("viewer", "vic@example.com")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "PROXY_COUNT": 1})
    app.test_client_class = ApiClient
    client = app.test_client()

    def through_proxy(email, password, client_address):
        return client.post(
            "/api/auth/login",
            json={"email": email, "password": password},
            headers={"X-Forwarded-For": client_address},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )

    with app.app_context():
        for i in range(ADDRESS_LIMIT):
            assert through_proxy(f"g{i}@example.com", "x", "198.51.100.7").status_code == 401
        assert through_proxy("vic@example.com", PASSWORD, "198.51.100.7").status_code == 429
        # The proxy's own address is not what was throttled.
        assert through_proxy("vic@example.com", PASSWORD, "198.51.100.8").status_code == 200


@pytest.fixture
def argon2_verifications(monkeypatch):
    """Counts Argon2 verifications (the real ones run)."""
    calls = []
    real = PasswordHasher.verify

    def counted(self, hash, password):
        calls.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    return calls


def test_an_unknown_email_costs_one_argon2_verification_like_a_known_one(
    client, make_user, argon2_verifications
):
    user = make_user("admin", "ada@example.com")
    assert _login(client, "ada@example.com").status_code == 401
    assert _login(client, "nobody@example.com").status_code == 401
    known, unknown = argon2_verifications
    assert known == user.password_hash
    assert unknown.startswith("$argon2id$") and unknown != known
    # Same parameters, so the same memory and time.
    assert unknown.split("$")[3] == known.split("$")[3]
