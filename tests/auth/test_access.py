"""Every route needs a sign-in or an API token, except the few that are public by design."""

from __future__ import annotations

import re

import pytest

from app.auth import access

PUBLIC_ENDPOINTS = {"web.health", "web.app_shell", "auth.session_info", "auth.login"}
ADMIN_ONLY_ENDPOINTS = {
    "auth.list_users",
    "auth.create_user",
    "auth.update_user",
    "auth.list_tokens",
    "auth.create_token",
    "auth.revoke_token",
}


def _routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "1", rule.rule)
            yield rule.endpoint, method, url


def _public_by_design(app, endpoint: str) -> bool:
    return access.is_public(app.view_functions[endpoint])


def test_only_the_known_routes_are_public(app):
    public = {e for e, _, _ in _routes(app) if _public_by_design(app, e)}
    member_facing = {
        e
        for e in public
        if e.startswith(("inbox.", "member_links.", "tracking.", "member_rewards."))
    }
    assert public - member_facing == PUBLIC_ENDPOINTS


def test_every_other_route_answers_401_without_sign_in(app, client):
    checked = 0
    for endpoint, method, url in _routes(app):
        if _public_by_design(app, endpoint):
            continue
        response = client.open(url, method=method, json={})
        assert response.status_code == 401, (endpoint, method, url, response.status_code)
        checked += 1
    assert checked > 5


def test_unknown_token_is_refused(app, client):
    for endpoint, method, url in _routes(app):
        if _public_by_design(app, endpoint):
            continue
        response = client.open(url, method=method, headers={"Authorization": "Bearer nope"})
        assert response.status_code == 401, (endpoint, method, url)


def test_a_token_only_reaches_routes_that_accept_its_scope(app, client, token_headers):
    headers = token_headers("members:read")
    for endpoint, method, url in _routes(app):
        view = app.view_functions[endpoint]
        if access.is_public(view) or access.token_allows(view, ["members:read"]):
            continue
        response = client.open(url, method=method, headers=headers, json={})
        assert response.status_code == 403, (endpoint, method, url, response.status_code)


def test_viewers_cannot_change_anything(app, viewer_client):
    for endpoint, method, url in _routes(app):
        view = app.view_functions[endpoint]
        if access.is_public(view) or method in access.SAFE_METHODS:
            continue
        if "viewer" in getattr(view, "_lc_roles", ()):
            continue  # read-only by design though not a GET (logout, validate a document)
        response = viewer_client.open(url, method=method, json={})
        assert response.status_code == 403, (endpoint, method, url, response.status_code)


@pytest.mark.parametrize("endpoint", sorted(ADMIN_ONLY_ENDPOINTS))
def test_marketers_cannot_manage_users_or_tokens(app, marketer_client, endpoint):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
    url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "1", rule.rule)
    assert marketer_client.open(url, method=method, json={}).status_code == 403
