"""Import through the service and the API: drafts, versions, dry runs, bundles, refusals."""

import copy

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.journeys.service import JourneyError, import_payload
from app.models import Audience, CouponTemplate, Journey, JourneyVersion, MessageTemplate
from tests.journeys.builders import EXAMPLES, load_example, simple

BIRTHDAY = next(p for p in EXAMPLES if p.stem == "birthday")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_new_key_becomes_draft_version_one(admin_client, make_user):
    response = admin_client.post("/api/journeys/import", json=simple())
    assert response.status_code == 201
    body = response.get_json()
    assert body["journey"]["key"] == "test-journey"
    assert body["journey"]["status"] == "draft"
    assert body["journey"]["owner"] == "admin@example.com"
    assert body["version"]["number"] == 1 and body["version"]["status"] == "draft"


def test_an_existing_key_gets_a_new_draft_version_never_an_overwrite(admin_client):
    admin_client.post("/api/journeys/import", json=simple())
    changed = simple() | {"name": "Renamed"}
    response = admin_client.post("/api/journeys/import", json=changed)
    assert response.status_code == 201
    assert response.get_json()["version"]["number"] == 2
    versions = db.session.scalars(select(JourneyVersion).order_by(JourneyVersion.number)).all()
    assert [v.document["name"] for v in versions] == ["Test journey", "Renamed"]
    assert versions[0].checksum != versions[1].checksum


def test_dry_run_reports_and_writes_nothing(admin_client, channels):
    bundle = load_example(BIRTHDAY)
    response = admin_client.post("/api/journeys/import?dry_run=1", json=bundle)
    assert response.status_code == 200
    body = response.get_json()
    assert body["dry_run"] is True and body["created"] is False
    assert body["version"]["number"] == 1
    assert "coupon_templates:birthday-50off" in body["created_objects"]
    assert _count(Journey) == _count(CouponTemplate) == _count(MessageTemplate) == 0


def test_errors_refuse_the_import_with_every_violation(admin_client):
    doc = simple()
    doc["edges"].append({"id": "x", "source": "ghost", "target": "end"})
    doc["nodes"].append({"id": "odd", "type": "action.zap"})
    response = admin_client.post("/api/journeys/import", json=doc)
    assert response.status_code == 422
    codes = {v["code"] for v in response.get_json()["violations"]}
    assert {"dangling_edge", "unknown_node_type"} <= codes
    assert _count(Journey) == 0


def test_allow_errors_stores_a_draft_with_its_violations(admin_client):
    doc = simple()
    doc["nodes"].append({"id": "orphan", "type": "exit"})
    response = admin_client.post("/api/journeys/import?allow_errors=1", json=doc)
    assert response.status_code == 201
    assert [v["code"] for v in response.get_json()["violations"]] == ["unreachable_node"]
    detail = admin_client.get("/api/journeys/test-journey").get_json()
    assert [v["code"] for v in detail["violations"]] == ["unreachable_node"]


def test_allow_errors_never_stores_a_malformed_document(admin_client):
    response = admin_client.post("/api/journeys/import?allow_errors=1", json=simple() | {"name": 5})
    assert response.status_code == 422
    assert response.get_json()["violations"][0]["code"] == "invalid_document"
    assert _count(Journey) == 0


def test_a_bundle_brings_what_it_needs_once(app, channels):
    bundle = load_example(BIRTHDAY)
    result = import_payload(bundle, user_id=None)
    assert result.created and result.violations == []
    assert _count(CouponTemplate) == 1 and _count(MessageTemplate) == 2
    again = copy.deepcopy(bundle)
    again["journey"]["name"] = "Birthday gift, v2"
    second = import_payload(again, user_id=None)
    assert second.version == 2 and second.created_objects == []
    assert _count(CouponTemplate) == 1


def test_a_differing_carried_object_is_kept_and_reported_as_bundle_conflict(app, channels):
    db.session.add(
        Audience(
            key="coffee-members", name="Ours", description="", rules={"kind": "no_first_order"}
        )
    )
    db.session.commit()
    bundle = load_example(next(p for p in EXAMPLES if p.stem == "coffee-member-groups"))
    result = import_payload(bundle, user_id=None)
    assert [v.code for v in result.violations] == ["bundle_conflict"]
    assert "name, rules" in result.violations[0].message
    kept = db.session.scalar(select(Audience).where(Audience.key == "coffee-members"))
    assert kept.name == "Ours"


def test_missing_references_refuse_a_plain_document(app, channels):
    bundle = load_example(BIRTHDAY)
    with pytest.raises(JourneyError) as refused:
        import_payload(bundle["journey"], user_id=None)
    codes = {v.code for v in refused.value.violations}
    assert codes == {"unknown_coupon_template", "unknown_message_template"}


def test_unconfigured_channels_let_the_import_through_but_block_publishing(admin_client):
    response = admin_client.post("/api/journeys/import", json=load_example(BIRTHDAY))
    assert response.status_code == 201
    warnings = response.get_json()["violations"]
    assert {v["code"] for v in warnings} == {"channel_not_configured"}
    assert all(v["severity"] == "warning" and v["blocks_publishing"] for v in warnings)
    key = response.get_json()["journey"]["key"]

    refused = admin_client.post(f"/api/journeys/{key}/publish", json={})
    assert refused.status_code == 422
    body = refused.get_json()
    assert body["error"] == "invalid_journey"
    assert {e["code"] for e in body["errors"]} == {"channel_not_configured"}
    assert db.session.scalar(select(Journey.status).where(Journey.key == key)) == "draft"


@pytest.mark.parametrize("fixture", ["marketer_client", "viewer_client"])
def test_only_admins_import(fixture, request):
    c = request.getfixturevalue(fixture)
    assert c.post("/api/journeys/import", json=simple()).status_code == 403
    assert _count(Journey) == 0


def test_import_needs_sign_in(client):
    assert client.post("/api/journeys/import", json=simple()).status_code in (400, 401)


@pytest.mark.parametrize(
    "body",
    [b"not json", b"null", b"[1, 2]", b'"text"', b"{", b"[" * 5000 + b"]" * 5000],
)
def test_bodies_that_are_no_journey_are_4xx(admin_client, body):
    response = admin_client.post("/api/journeys/import", data=body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response.get_json()["message"]
    assert _count(Journey) == 0


def test_a_bad_query_is_a_400(admin_client):
    response = admin_client.post("/api/journeys/import?dry_run=maybe", json=simple())
    assert response.status_code == 400
