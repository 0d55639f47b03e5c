"""Bad input is answered 400 (413/414/415) naming what was wrong, writes nothing, and never
becomes a 500 — the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Member

MEMBER = {"external_id": "M-1", "name": "Li", "registered_at": "2026-01-02T03:04:05Z"}


def _members() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Member))


def _post_raw(client, path: str, body: str, content_type: str = "application/json"):
    return client.post(path, data=body.encode("utf-8", "surrogatepass"), content_type=content_type)


def _field(response) -> str:
    body = response.get_json()
    assert body["errors"], body
    return body["errors"][0]["field"]


def test_json_nested_a_thousand_deep_is_refused(admin_client):
    body = '{"external_id": "M-1", "attributes": ' + '{"a": ' * 1000 + "1" + "}" * 1000 + "}"
    response = _post_raw(admin_client, "/api/members", body)
    assert response.status_code == 400
    assert "nests deeper" in response.get_json()["message"]
    assert _members() == 0


def test_json_nested_65_deep_is_refused_and_64_is_not(admin_client):
    deep = '{"external_id": "M-1", "attributes": ' + '{"a": ' * 63 + "1" + "}" * 63 + "}"
    assert _post_raw(admin_client, "/api/members", deep).status_code in (200, 201)
    deeper = '{"external_id": "M-2", "attributes": ' + '{"a": ' * 64 + "1" + "}" * 64 + "}"
    response = _post_raw(admin_client, "/api/members", deeper)
    assert response.status_code == 400
    assert "nests deeper than 64" in response.get_json()["errors"][0]["message"]


def test_brackets_inside_strings_do_not_count_as_nesting(admin_client):
    body = '{"external_id": "M-1", "name": "' + "[" * 100 + '\\"' + "]" * 3 + '"}'
    response = _post_raw(admin_client, "/api/members", body)
    assert response.status_code in (200, 201), response.get_json()


def test_a_list_nested_a_thousand_deep_is_refused(admin_client):
    response = _post_raw(admin_client, "/api/members", "[" * 1000 + "]" * 1000)
    assert response.status_code == 400
    assert _members() == 0


def test_a_number_of_five_thousand_digits_is_refused(admin_client):
    body = '{"external_id": "M-1", "points_balance": ' + "9" * 5000 + "}"
    response = _post_raw(admin_client, "/api/members", body)
    assert response.status_code == 400
    assert _field(response) == "(body)"
    assert _members() == 0


@pytest.mark.parametrize("number", [2**63, -(2**63) - 1, 2**64])
def test_integers_beyond_64_bits_in_a_body_are_refused(admin_client, number):
    body = '{"external_id": "M-1", "attributes": {"n": ' + str(number) + "}}"
    response = _post_raw(admin_client, "/api/members", body)
    assert response.status_code == 400
    assert _field(response) == "attributes.n"
    assert _members() == 0


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_nan_and_infinity_are_refused(admin_client, value):
    response = _post_raw(admin_client, "/api/members", '{"external_id": "M-1", "x": ' + value + "}")
    assert response.status_code == 400
    assert _field(response) == "x"


def test_a_lone_surrogate_in_a_timestamp_is_refused_and_the_answer_renders(admin_client):
    body = '{"member_external_id": "M-1", "type": "login", "occurred_at": "2026-01-01\\ud800"}'
    response = _post_raw(admin_client, "/api/events", body)
    assert response.status_code == 400
    assert _field(response) == "occurred_at"
    assert "surrogate" in response.get_json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"external_id": "M\\u0000-1"}', "external_id"),
        ('{"external_id": "M-1", "name": "Li\\u0000"}', "name"),
        ('{"external_id": "M-1", "attributes": {"note": "a\\u0000b"}}', "attributes.note"),
        ('{"external_id": "M-1", "attributes": {"k\\u0000": 1}}', "attributes"),
        ('{"external_id": "M-1", "tags": ["vip", "\\udc00"]}', "tags.1"),
    ],
)
def test_nul_and_lone_surrogates_are_refused_everywhere_in_a_body(admin_client, body, field):
    response = _post_raw(admin_client, "/api/members", body)
    assert response.status_code == 400
    assert _field(response) == field
    assert _members() == 0


def test_one_nul_in_a_bulk_batch_names_its_record_and_writes_nothing(admin_client):
    records = [{"external_id": f"M-{i}", "name": "ok"} for i in range(50)]
    records[37]["name"] = "bad\x00name"
    response = admin_client.post("/api/members/bulk", json={"records": records})
    assert response.status_code == 400
    error = response.get_json()["errors"][0]
    assert (error["index"], error["field"]) == (37, "name")
    assert _members() == 0


def test_nul_in_a_query_or_a_path_is_refused(admin_client):
    response = admin_client.get("/api/members?q=a%00b")
    assert response.status_code == 400
    assert _field(response) == "q"
    response = admin_client.get("/api/journeys/a%00b")
    assert response.status_code == 400
    assert _field(response) == "key"


def test_a_form_encoded_body_on_a_json_route_is_refused(admin_client):
    response = admin_client.post(
        "/api/members",
        data={"external_id": "M-1"},
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert response.get_json()["error"] == "unsupported_media_type"
    assert _members() == 0


@pytest.mark.parametrize(
    "path", ["/api/members/18446744073709551616", "/api/members/9223372036854775808"]
)
def test_integers_beyond_64_bits_in_a_path_are_refused(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 400
    assert _field(response) == "member_id"


def test_the_largest_64_bit_id_is_simply_not_found(admin_client):
    assert admin_client.get("/api/members/9223372036854775807").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["/api/coupons?member_id=18446744073709551616", "/api/coupons?after=99999999999999999999"],
)
def test_integers_beyond_64_bits_in_a_query_are_refused(admin_client, query):
    response = admin_client.get(query)
    assert response.status_code == 400
    assert _field(response) in ("member_id", "after", "id")


def test_an_integer_beyond_a_32_bit_column_is_refused_on_every_database(admin_client):
    created = admin_client.post("/api/members", json=MEMBER)
    assert created.status_code in (200, 201), created.get_json()
    db.session.rollback()
    member_id = db.session.scalar(select(Member.id).where(Member.external_id == "M-1"))
    response = admin_client.post(
        f"/api/points/members/{member_id}/adjustments",
        json={"points": 2147483648, "reason": "too many"},
    )
    assert response.status_code == 400, response.get_json()
    assert _field(response) == "points"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"registered_at": None}, "registered_at"), ({"consent": {"email": None}}, "consent_email")],
)
def test_explicit_null_for_a_required_field_is_refused(admin_client, change, field):
    response = admin_client.post("/api/members", json={**MEMBER, **change})
    assert response.status_code == 400, response.get_json()
    assert field in _field(response)
    assert _members() == 0


def test_a_five_thousand_character_path_is_refused(client):
    response = client.get("/journeys/" + "x" * 5000)
    assert response.status_code == 414
    response = client.get("/api/members/" + "9" * 5000)
    assert response.status_code == 414


def test_a_body_over_the_limit_is_refused(app, admin_client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = _post_raw(admin_client, "/api/members", '{"external_id": "' + "x" * 2000 + '"}')
    assert response.status_code == 413


def test_a_journey_with_null_edges_is_refused_not_a_server_error(admin_client):
    import json
    from pathlib import Path

    bundle = json.loads(
        (Path(__file__).parents[2] / "journeys" / "abandoned-cart.json").read_text()
    )
    bundle["journey"]["edges"] = None
    response = admin_client.post("/api/journeys/import?allow_errors=1", json=bundle)
    assert response.status_code == 422
    assert response.get_json()["violations"][0]["code"] == "invalid_document"
