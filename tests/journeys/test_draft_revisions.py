"""Optimistic concurrency on drafts: a save based on an older revision is refused, not lost."""

from app.extensions import db
from app.models import JourneyVersion
from tests.journeys.builders import simple


def _create(client, key="test-journey"):
    response = client.post("/api/journeys", json={"key": key, "name": "Test journey"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["version"]["revision"]


def _put(client, document, base, key="test-journey"):
    return client.put(
        f"/api/journeys/{key}/draft", json={"document": document, "base_revision": base}
    )


def _labelled(label: str) -> dict:
    document = simple()
    document["nodes"][0]["label"] = label
    return document


def _label(document: dict) -> str:
    return next(n["label"] for n in document["nodes"] if n["id"] == simple()["nodes"][0]["id"])


def test_each_save_returns_the_revision_the_next_save_must_carry(marketer_client):
    base = _create(marketer_client)
    first = _put(marketer_client, _labelled("A"), base)
    assert first.status_code == 200, first.get_json()
    revision = first.get_json()["version"]["revision"]
    assert revision != base
    second = _put(marketer_client, _labelled("B"), revision)
    assert second.status_code == 200, second.get_json()


def test_a_stale_save_gets_409_with_who_and_when_and_writes_nothing(
    app, marketer_client, admin_client
):
    base = _create(marketer_client)
    assert _put(admin_client, _labelled("Admin's label"), base).status_code == 200
    stale = _put(marketer_client, _labelled("Marketer's label"), base)
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["error"] == "stale_draft"
    assert "admin@example.com" in body["message"]
    current = body["current"]
    assert current["saved_by"] == "admin@example.com"
    assert current["saved_at"]
    stored = db.session.query(JourneyVersion).one()
    db.session.refresh(stored)
    assert _label(stored.document) == "Admin's label"
    assert current["revision"] == f"{stored.number}:{stored.checksum}"
    # Keeping one's own version: save again on top of the revision the 409 named.
    kept = _put(marketer_client, _labelled("Marketer's label"), current["revision"])
    assert kept.status_code == 200
    db.session.refresh(stored)
    assert _label(stored.document) == "Marketer's label"


def test_publishing_keeps_the_revision_and_the_next_save_starts_version_2(
    marketer_client, admin_client
):
    base = _create(marketer_client)
    saved = _put(marketer_client, simple(), base).get_json()["version"]["revision"]
    version = db.session.query(JourneyVersion).one()
    version.status = "published"
    db.session.commit()
    answer = _put(marketer_client, _labelled("v2"), saved)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["version"]["number"] == 2
    # Someone still holding version 1's revision is now stale.
    assert _put(admin_client, _labelled("old"), saved).status_code == 409


def test_a_too_long_base_revision_is_refused_by_name(marketer_client):
    _create(marketer_client)
    answer = _put(marketer_client, simple(), "x" * 101)
    assert answer.status_code == 400
    assert "base_revision" in str(answer.get_json())
    assert db.session.query(JourneyVersion).one().document["nodes"] == []
