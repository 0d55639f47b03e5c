from app.extensions import db
from app.models import ApiToken


def test_admin_creates_a_user_who_can_sign_in(admin_client, app):
    response = admin_client.post(
        "/api/users",
        json={
            "email": "Nora@Example.com",
            "name": "Nora",
            "password": "long enough pw",
            "role": "marketer",
        },
    )
    assert response.status_code == 201
    other = app.test_client()
    assert (
        other.login("nora@example.com", "long enough pw").get_json()["user"]["role"] == "marketer"
    )


def test_duplicate_user_email_is_a_conflict(admin_client):
    body = {"email": "a@example.com", "password": "long enough pw", "role": "viewer"}
    assert admin_client.post("/api/users", json=body).status_code == 201
    response = admin_client.post("/api/users", json=body)
    assert response.status_code == 409


def test_bad_user_fields_are_named(admin_client):
    response = admin_client.post(
        "/api/users", json={"email": "nope", "password": "short", "role": "boss"}
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert {"email", "password", "role"} <= fields


def test_token_secret_is_shown_once_and_stored_hashed(admin_client):
    response = admin_client.post("/api/tokens", json={"name": "POS", "scopes": ["coupons:redeem"]})
    assert response.status_code == 201
    secret = response.get_json()["secret"]
    stored = db.session.scalars(db.select(ApiToken)).one()
    assert secret not in stored.token_hash
    listing = admin_client.get("/api/tokens").get_json()
    assert secret not in str(listing)
    assert listing["tokens"][0]["scopes"] == ["coupons:redeem"]


def test_unknown_scope_is_refused(admin_client):
    response = admin_client.post("/api/tokens", json={"name": "x", "scopes": ["everything"]})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 0


def test_revoked_token_stops_working_at_once(admin_client, client, token_headers, app):
    headers = token_headers("members:read")
    token_id = db.session.scalars(db.select(ApiToken.id)).one()
    assert admin_client.delete(f"/api/tokens/{token_id}").status_code == 200
    response = app.test_client().get("/api/users", headers=headers)
    assert response.status_code == 401


def test_token_use_is_stamped_at_most_once_a_minute(client, token_headers):
    from datetime import timedelta

    from app.models.base import utcnow

    headers = token_headers("members:read")
    assert client.get("/api/members", headers=headers).status_code == 200
    db.session.expire_all()
    token = db.session.scalars(db.select(ApiToken)).one()
    first = token.last_used_at
    assert first is not None  # stored by a read, which commits nothing itself
    assert client.get("/api/members", headers=headers).status_code == 200
    db.session.expire_all()
    assert db.session.scalars(db.select(ApiToken)).one().last_used_at == first

    earlier = utcnow() - timedelta(minutes=2)
    token.last_used_at = earlier
    db.session.commit()
    assert client.get("/api/members", headers=headers).status_code == 200
    db.session.expire_all()
    assert db.session.scalars(db.select(ApiToken)).one().last_used_at > earlier
