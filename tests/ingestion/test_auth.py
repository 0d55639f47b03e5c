import pytest

ROUTES = ("/api/members", "/api/orders", "/api/events", "/api/events/bulk")


@pytest.mark.parametrize("path", ROUTES)
def test_no_token_is_401(client, path):
    assert client.post(path, json={}).status_code == 401


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("/api/members", "orders:write"),
        ("/api/orders", "events:write"),
        ("/api/events", "members:read"),
    ],
)
def test_token_without_the_scope_is_403(client, token_headers, path, scope):
    response = client.post(path, json={}, headers=token_headers(scope))
    assert response.status_code == 403


def test_viewer_may_not_post(viewer_client, counts):
    response = viewer_client.post("/api/members", json={"external_id": "M1"})
    assert response.status_code == 403
    assert counts()["members"] == 0


def test_marketer_may_post(marketer_client, counts):
    response = marketer_client.post("/api/members", json={"external_id": "M1"})
    assert response.status_code == 200
    assert counts()["members"] == 1


def test_viewer_may_not_import(viewer_client):
    response = viewer_client.post(
        "/api/imports/members", data={}, content_type="multipart/form-data"
    )
    assert response.status_code == 403


def test_routes_are_described_in_the_openapi_document(app, monkeypatch):
    from app.extensions import api_spec

    # spectree leaves out routes under its own doc path ("/api"), so look from elsewhere.
    monkeypatch.setattr(api_spec.config, "path", "docs-under-test")
    monkeypatch.delitem(api_spec.__dict__, "spec", raising=False)
    paths = api_spec.spec["paths"]
    monkeypatch.delitem(api_spec.__dict__, "spec", raising=False)
    for path in ("/api/members/bulk", "/api/orders/bulk", "/api/events", "/api/imports/{kind}"):
        assert "post" in paths[path], path
    assert "All or nothing" in paths["/api/orders/bulk"]["post"]["description"]
