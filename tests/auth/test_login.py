from sqlalchemy import select

from app.auth.passwords import verify_password
from app.extensions import db
from app.models import User
from tests.conftest import PASSWORD


def test_login_sets_a_session_and_logout_ends_it(client, make_user):
    make_user("marketer", "mia@example.com")
    assert client.get("/api/auth/session").get_json() == {"user": None}
    response = client.post(
        "/api/auth/login", json={"email": "MIA@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.get_json()["user"]["role"] == "marketer"
    assert client.get("/api/auth/session").get_json()["user"]["email"] == "mia@example.com"
    assert client.post("/api/auth/logout").status_code == 200
    assert client.get("/api/auth/session").get_json() == {"user": None}


def test_wrong_password_is_refused_without_saying_which_part(client, make_user):
    make_user("admin")
    response = client.post("/api/auth/login", json={"email": "admin@example.com", "password": "x"})
    assert response.status_code == 401
    assert response.get_json()["message"] == "Email or password is wrong."


def test_inactive_users_cannot_sign_in(client, make_user, app):
    user = make_user("viewer")
    user.active = False
    db.session.commit()
    response = client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 401


def test_changes_without_the_csrf_header_are_refused(app, make_user):
    make_user("admin")
    client = app.test_client()
    client.login("admin@example.com")
    response = client.post(
        "/api/users",
        json={"email": "x@example.com", "password": "0123456789", "role": "viewer"},
        headers={"X-CSRFToken": "forged"},
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf_failed"
    assert db.session.scalar(select(User).where(User.email == "x@example.com")) is None


def test_passwords_are_stored_as_argon2_hashes(make_user):
    user = make_user("admin")
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, PASSWORD)


def test_deactivating_a_user_ends_their_session(app, make_user, admin_client):
    user = make_user("marketer", "leaver@example.com")
    other = app.test_client()
    other.login("leaver@example.com")
    assert other.get("/api/auth/session").get_json()["user"]["email"] == "leaver@example.com"
    assert admin_client.patch(f"/api/users/{user.id}", json={"active": False}).status_code == 200
    assert other.get("/api/auth/session").get_json() == {"user": None}
    assert other.get("/api/members").status_code == 401
