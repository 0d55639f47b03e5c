"""Reading, validating and exporting journeys over the API."""

import pytest

from app.extensions import db
from app.models import Audience
from tests.journeys.builders import EXAMPLES, load_example, simple

BIRTHDAY = next(p for p in EXAMPLES if p.stem == "birthday")


def _import(admin_client, body, query=""):
    response = admin_client.post(f"/api/journeys/import{query}", json=body)
    assert response.status_code == 201, response.get_json()
    return response


# One signed-in client per test: the app context the fixtures hold would share flask-login's
# cached user between clients.


def test_list_shows_latest_version_and_owner(admin_client):
    _import(admin_client, simple())
    _import(admin_client, simple() | {"name": "Second"})
    _import(admin_client, simple() | {"key": "another"})
    journeys = admin_client.get("/api/journeys").get_json()["journeys"]
    assert [(j["key"], j["version"], j["name"]) for j in journeys] == [
        ("another", 1, "Test journey"),
        ("test-journey", 2, "Second"),
    ]
    assert set(journeys[0]) == {"key", "name", "status", "version", "owner", "updated_at"}
    assert journeys[0]["owner"] == "admin@example.com"


def test_detail_lists_versions_and_current_violations(admin_client):
    _import(admin_client, simple())
    body = admin_client.get("/api/journeys/test-journey").get_json()
    assert set(body["journey"]) == {"key", "name", "description", "status", "owner", "updated_at"}
    assert [(v["number"], v["status"]) for v in body["versions"]] == [(1, "draft")]
    assert body["versions"][0]["published_at"] is None
    assert body["violations"] == []


def test_unknown_journeys_and_versions_are_404(admin_client):
    assert admin_client.get("/api/journeys/nope").status_code == 404
    assert admin_client.get("/api/journeys/nope/export").status_code == 404
    _import(admin_client, simple())
    response = admin_client.get("/api/journeys/test-journey/export?version=9")
    assert response.status_code == 404
    assert "version 9" in response.get_json()["message"]
    assert admin_client.get("/api/journeys/test-journey/export?version=x").status_code == 400


def test_export_is_a_file_download(admin_client):
    _import(admin_client, simple())
    response = admin_client.get("/api/journeys/test-journey/export?version=1&bundle=1")
    assert response.mimetype == "application/json"
    assert "test-journey.v1.bundle.journey.json" in response.headers["Content-Disposition"]
    bundle = response.get_json()
    assert bundle["journey"]["key"] == "test-journey"
    assert bundle["audiences"] == [] and bundle["channels"] == []


@pytest.mark.parametrize("fixture", ["viewer_client", "marketer_client", "admin_client"])
def test_everyone_signed_in_may_validate(fixture, request):
    c = request.getfixturevalue(fixture)
    response = c.post("/api/journeys/validate", json=simple())
    assert response.status_code == 200
    assert response.get_json() == {"violations": []}


def test_validate_checks_references_against_this_environment(viewer_client):
    doc = load_example(BIRTHDAY)["journey"]
    codes = {
        v["code"]
        for v in viewer_client.post("/api/journeys/validate", json=doc).get_json()["violations"]
    }
    assert codes == {
        "unknown_coupon_template",
        "unknown_message_template",
        "channel_not_configured",
    }


def test_validate_counts_a_bundles_carried_objects_but_not_its_channels(viewer_client, channels):
    response = viewer_client.post("/api/journeys/validate", json=load_example(BIRTHDAY))
    assert response.get_json()["violations"] == []


def test_validate_uses_saved_audiences(viewer_client):
    doc = simple()
    doc["nodes"][0] = {"id": "start", "type": "entry.audience", "config": {"audience": "vips"}}
    first = viewer_client.post("/api/journeys/validate", json=doc).get_json()["violations"]
    assert [v["code"] for v in first] == ["unknown_audience"]
    db.session.add(Audience(key="vips", name="VIPs", rules={"kind": "no_first_order"}))
    db.session.commit()
    assert viewer_client.post("/api/journeys/validate", json=doc).get_json()["violations"] == []


def test_validate_writes_nothing_and_refuses_non_json(viewer_client):
    response = viewer_client.post("/api/journeys/validate", data=b"<xml/>")
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_json"


def test_validate_needs_sign_in(client):
    assert client.post("/api/journeys/validate", json=simple()).status_code in (400, 401)
    assert client.get("/api/journeys").status_code == 401
