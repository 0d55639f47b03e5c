"""The OpenAPI description is generated from the routes and covers the API."""


def test_openapi_document_lists_the_api_routes(admin_client):
    response = admin_client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path in ("/api/members/bulk", "/api/events/bulk", "/api/orders", "/api/journeys/validate"):
        assert path in paths, sorted(paths)[:20]
    assert "requestBody" in paths["/api/members/bulk"]["post"]


def test_openapi_needs_sign_in(client):
    assert client.get("/api/openapi.json").status_code == 401
    assert client.get("/api/docs/swagger/").status_code == 401
