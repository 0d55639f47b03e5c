"""Each worked case in journeys/ validates and round-trips byte for byte."""

import json

import pytest

from app.journeys.bundle import read_payload
from app.journeys.files import check_offline
from app.journeys.schema import JourneyDocument, canonical, dumps
from tests.journeys.builders import EXAMPLES, load_example

CASES = {
    "coffee-member-groups",
    "registered-no-first-order",
    "dormant-winback",
    "formula-replenishment",
    "birthday",
    "fashion-member-day",
    "abandoned-cart",
    "coupon-vs-points",
    "invite-a-friend",
}

examples = pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)


def test_one_file_per_worked_case():
    assert {p.stem for p in EXAMPLES} == CASES


@examples
def test_example_validates_offline_with_no_violations(path):
    violations, note = check_offline(load_example(path))
    assert violations == [] and note is None


@examples
def test_example_file_is_in_canonical_form(path):
    text = path.read_text(encoding="utf-8")
    payload = read_payload(json.loads(text))
    document = JourneyDocument.model_validate(payload.document)
    rebuilt = {"schema_version": 1, "journey": canonical(document), **payload.canonical_carried()}
    assert dumps(rebuilt) == text


@examples
def test_import_export_import_is_a_fixed_point(path, admin_client, channels):
    text = path.read_text(encoding="utf-8")
    key = json.loads(text)["journey"]["key"]
    first = admin_client.post("/api/journeys/import", data=text, content_type="application/json")
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["violations"] == []

    exported = admin_client.get(f"/api/journeys/{key}/export?bundle=1")
    assert exported.status_code == 200
    assert exported.get_data(as_text=True) == text

    again = admin_client.post("/api/journeys/import", data=exported.get_data())
    assert again.status_code == 200
    assert again.get_json()["created"] is False
    assert again.get_json()["version"]["number"] == 1
    assert admin_client.get(f"/api/journeys/{key}/export?bundle=1").get_data(as_text=True) == text


@examples
def test_two_exports_are_byte_identical(path, admin_client, channels):
    bundle = load_example(path)
    admin_client.post("/api/journeys/import", json=bundle)
    key = bundle["journey"]["key"]
    one = admin_client.get(f"/api/journeys/{key}/export").get_data()
    two = admin_client.get(f"/api/journeys/{key}/export?version=1").get_data()
    assert one == two
    assert json.loads(one) == bundle["journey"]
    assert b"created_at" not in one and b'"id": 1' not in one
