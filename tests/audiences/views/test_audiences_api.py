"""The audiences API: CRUD by key, preview, validation, fields, and access rules."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Audience
from tests.audiences.factories import NOW, insert_population, population

RULES = {"all": [{"kind": "order_count", "window_days": None, "op": "gte", "value": 1}]}


@pytest.fixture
def clock(app):
    from app.engine.clock import VirtualClock

    app.extensions["clock"] = VirtualClock(NOW)
    return app.extensions["clock"]


def test_crud_by_key(marketer_client, clock):
    body = {"key": "buyers", "name": "Buyers", "description": "Ordered once", "rules": RULES}
    created = marketer_client.post("/api/audiences", json=body)
    assert created.status_code == 201
    assert created.get_json()["audience"]["key"] == "buyers"
    assert marketer_client.post("/api/audiences", json=body).status_code == 409
    listed = marketer_client.get("/api/audiences").get_json()["audiences"]
    assert [a["key"] for a in listed] == ["buyers"]
    assert set(listed[0]) == {
        "key",
        "name",
        "description",
        "rules",
        "last_size",
        "last_size_at",
        "updated_at",
    }
    updated = marketer_client.put(
        "/api/audiences/buyers", json={"name": "All buyers", "rules": {"kind": "no_first_order"}}
    )
    assert updated.get_json()["audience"]["name"] == "All buyers"
    assert marketer_client.get("/api/audiences/buyers").get_json()["audience"]["rules"] == {
        "kind": "no_first_order"
    }
    assert marketer_client.delete("/api/audiences/buyers").status_code == 200
    assert marketer_client.get("/api/audiences/buyers").status_code == 404


def test_invalid_rules_are_refused_with_paths_and_nothing_is_written(marketer_client):
    body = {
        "key": "bad",
        "name": "Bad",
        "rules": {"all": [{"kind": "profile", "field": "tier", "op": "gt", "value": "gold"}]},
    }
    response = marketer_client.post("/api/audiences", json=body)
    assert response.status_code == 400
    data = response.get_json()
    assert data["error"] == "invalid_rules"
    assert data["errors"][0]["path"] == "all[0].op"
    assert db.session.query(Audience).count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "rules": RULES},
        {"key": "Has Spaces", "name": "x", "rules": RULES},
        {"key": "k", "name": "", "rules": RULES},
        {"key": "k", "name": "x", "rules": []},
        {
            "key": "k",
            "name": "x",
            "rules": {"kind": "profile", "field": "city", "op": "eq", "value": "'" * 5000},
        },
    ],
)
def test_bad_bodies_get_400(marketer_client, body):
    assert marketer_client.post("/api/audiences", json=body).status_code == 400


def test_viewers_read_but_cannot_write(viewer_client):
    assert viewer_client.get("/api/audiences").status_code == 200
    assert viewer_client.get("/api/audiences/fields").status_code == 200
    assert (
        viewer_client.post(
            "/api/audiences", json={"key": "k", "name": "x", "rules": RULES}
        ).status_code
        == 403
    )


def test_anonymous_is_refused(client):
    assert client.get("/api/audiences").status_code == 401
    assert client.get("/api/rfm").status_code == 401


def test_preview_gives_size_sample_and_order_values(marketer_client, clock):
    pop = population(n=120)
    insert_population(db.session, pop)
    buyers = [m for m in pop.members if m["orders_count"] > 0]
    result = marketer_client.post("/api/audiences/preview", json={"rules": RULES}).get_json()
    assert result["size"] == len(buyers)
    assert len(result["sample"]) == 20
    total = sum(float(m["total_spent"]) for m in buyers)
    orders = sum(m["orders_count"] for m in buyers)
    assert result["order_value"]["avg"] == pytest.approx(total / orders, abs=0.01)
    ov = result["order_value"]
    assert ov["q1"] <= ov["median"] <= ov["q3"]
    empty = marketer_client.post(
        "/api/audiences/preview", json={"rules": {"kind": "no_first_order"}}
    ).get_json()
    assert empty["order_value"] == {"avg": None, "q1": None, "median": None, "q3": None}


def test_saved_audience_preview_remembers_its_size(marketer_client, clock):
    insert_population(db.session, population(n=50))
    marketer_client.post("/api/audiences", json={"key": "buyers", "name": "Buyers", "rules": RULES})
    size = marketer_client.post("/api/audiences/buyers/preview").get_json()["size"]
    audience = marketer_client.get("/api/audiences/buyers").get_json()["audience"]
    assert audience["last_size"] == size
    assert audience["last_size_at"].startswith("2025-06-15")


def test_validate_lists_problems(marketer_client):
    ok = marketer_client.post("/api/audiences/validate", json={"rules": RULES}).get_json()
    assert ok == {"valid": True, "problems": []}
    bad = marketer_client.post(
        "/api/audiences/validate",
        json={"rules": {"any": [{"kind": "x"}, {"kind": "cart_abandoned"}]}},
    ).get_json()
    assert bad["valid"] is False
    assert [p["path"] for p in bad["problems"]] == ["any[0].kind", "any[1].window_days"]


def test_fields_describe_every_kind(viewer_client):
    data = viewer_client.get("/api/audiences/fields").get_json()
    kinds = {c["kind"]: c for c in data["conditions"]}
    assert {"profile", "event_count", "rfm", "bought"} <= set(kinds)
    tier = next(f for f in kinds["profile"]["fields"] if f["field"] == "tier")
    assert "gold" in tier["choices"] and "in" in tier["operators"]
