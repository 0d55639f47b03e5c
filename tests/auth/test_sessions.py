"""A session ends for good: a copied session cookie stops working after sign-out and after
an admin changes that user's password or role (the per-user session version)."""

from __future__ import annotations

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import User


def _copy_of(client, app):
    """Another client holding the same cookies, as someone who copied them would."""
    thief = app.test_client()
    for name in ("session", "csrf_token"):
        cookie = client.get_cookie(name)
        thief.set_cookie(name, cookie.value, domain=cookie.domain, path=cookie.path)
    return thief


def _signed_in(client) -> bool:
    return client.get("/api/auth/session").get_json()["user"] is not None


def test_a_copied_session_cookie_stops_working_after_sign_out(app, client, make_user):
    make_user("marketer", "mia@example.com")
    client.login("mia@example.com")
    thief = _copy_of(client, app)
    assert _signed_in(thief)
    assert client.post("/api/auth/logout").status_code == 200
    assert not _signed_in(thief)
    assert thief.get("/api/journeys").status_code == 401


def test_sign_out_ends_the_users_other_sessions_too(app, make_user):
    make_user("marketer", "mia@example.com")
    laptop, phone = app.test_client(), app.test_client()
    laptop.login("mia@example.com")
    phone.login("mia@example.com")
    laptop.post("/api/auth/logout")
    assert not _signed_in(phone)
    phone.login("mia@example.com")
    assert _signed_in(phone)


def test_a_new_password_ends_the_users_sessions(app, admin_client, make_user):
    user = make_user("marketer", "mia@example.com")
    mia = app.test_client()
    mia.login("mia@example.com")
    response = admin_client.patch(f"/api/users/{user.id}", json={"password": "a new one, long"})
    assert response.status_code == 200
    assert not _signed_in(mia)
    assert _signed_in(admin_client)
    mia.login("mia@example.com", "a new one, long")
    assert _signed_in(mia)


def test_a_new_role_ends_the_users_sessions(app, admin_client, make_user):
    user = make_user("marketer", "mia@example.com")
    mia = app.test_client()
    mia.login("mia@example.com")
    assert admin_client.patch(f"/api/users/{user.id}", json={"role": "viewer"}).status_code == 200
    assert not _signed_in(mia)
    mia.login("mia@example.com")
    assert mia.get("/api/auth/session").get_json()["user"]["role"] == "viewer"


def test_a_new_name_keeps_the_session(app, admin_client, make_user):
    user = make_user("marketer", "mia@example.com")
    mia = app.test_client()
    mia.login("mia@example.com")
    assert admin_client.patch(f"/api/users/{user.id}", json={"name": "Mia"}).status_code == 200
    assert _signed_in(mia)


def test_a_password_changed_outside_the_api_ends_sessions_too(app, client, make_user):
    user = make_user("marketer", "mia@example.com")
    client.login("mia@example.com")
    # Another tool writes a new hash without raising the version: the fingerprint still differs.
    user.password_hash = hash_password("set by another tool")
    db.session.commit()
    assert not _signed_in(client)


def test_a_session_from_before_session_versions_is_refused(app, client, make_user):
    user = make_user("marketer", "mia@example.com")
    client.login("mia@example.com")
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    assert not _signed_in(client)
    assert db.session.get(User, user.id).session_version >= 1
