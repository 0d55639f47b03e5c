"""Admins cannot lock everyone out: no self-deactivation, and the last active admin stays."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import User


def _me(admin_client) -> int:
    return admin_client.get("/api/auth/session").get_json()["user"]["id"]


def test_an_admin_cannot_deactivate_their_own_account(admin_client, make_user):
    make_user("admin", "second@example.com")
    response = admin_client.patch(f"/api/users/{_me(admin_client)}", json={"active": False})
    assert response.status_code == 409
    assert response.get_json()["errors"][0]["field"] == "active"
    assert db.session.get(User, _me(admin_client)).active is True


@pytest.mark.parametrize("change", [{"role": "marketer"}, {"role": "viewer"}])
def test_the_last_active_admin_cannot_step_down(admin_client, change):
    me = _me(admin_client)
    response = admin_client.patch(f"/api/users/{me}", json=change)
    assert response.status_code == 409
    body = response.get_json()
    assert body["errors"][0]["field"] == "role"
    assert "last active admin" in body["message"]
    db.session.expire_all()
    assert db.session.get(User, me).role == "admin"


def test_an_inactive_admin_does_not_count_as_another_admin(admin_client, make_user):
    other = make_user("admin", "second@example.com")
    other.active = False
    db.session.commit()
    response = admin_client.patch(f"/api/users/{_me(admin_client)}", json={"role": "viewer"})
    assert response.status_code == 409


def test_with_two_admins_one_may_deactivate_or_demote_the_other(admin_client, make_user):
    other = make_user("admin", "second@example.com")
    assert (
        admin_client.patch(f"/api/users/{other.id}", json={"role": "marketer"}).status_code == 200
    )
    third = make_user("admin", "third@example.com")
    assert admin_client.patch(f"/api/users/{third.id}", json={"active": False}).status_code == 200
    # Now the signed-in admin is the last one again.
    response = admin_client.patch(f"/api/users/{_me(admin_client)}", json={"role": "viewer"})
    assert response.status_code == 409
