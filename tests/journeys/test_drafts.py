"""Creating journeys, saving drafts as the editor changes them, reading versions, duplicating."""

import copy

import pytest

from tests.journeys.builders import node, simple


def _create(client, key="test-journey", name="Test journey"):
    response = client.post("/api/journeys", json={"key": key, "name": name})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _put(client, document, key="test-journey"):
    return client.put(f"/api/journeys/{key}/draft", json={"document": document})


def test_create_makes_an_empty_draft_version_1(marketer_client):
    body = _create(marketer_client)
    assert body["journey"]["status"] == "draft"
    assert body["journey"]["owner"] == "marketer@example.com"
    assert body["version"]["number"] == 1
    document = body["version"]["document"]
    assert (document["schema_version"], document["nodes"], document["edges"]) == (1, [], [])
    listed = marketer_client.get("/api/journeys").get_json()["journeys"]
    assert [(j["key"], j["version"]) for j in listed] == [("test-journey", 1)]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"key": "Bad Key", "name": "x"}, "key"),
        ({"key": "validate", "name": "x"}, "key"),
        ({"key": "ok"}, "name"),
        ({"name": "x"}, "key"),
    ],
)
def test_create_refuses_bad_keys_and_names(marketer_client, body, field):
    response = marketer_client.post("/api/journeys", json=body)
    assert response.status_code == 400
    assert field in str(response.get_json())
    assert marketer_client.get("/api/journeys").get_json()["journeys"] == []


def test_create_refuses_a_taken_key(marketer_client):
    _create(marketer_client)
    response = marketer_client.post("/api/journeys", json={"key": "test-journey", "name": "Again"})
    assert response.status_code == 409
    assert "already exists" in response.get_json()["message"]


def test_saving_updates_the_draft_in_place_and_reports_violations(marketer_client):
    _create(marketer_client)
    incomplete = simple()
    incomplete["edges"] = incomplete["edges"][:1]
    response = _put(marketer_client, incomplete)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["version"]["number"], body["created"]) == (1, False)
    assert {v["code"] for v in body["violations"]} == {"dead_end", "unreachable_node"}
    stored = marketer_client.get("/api/journeys/test-journey/versions/1").get_json()
    assert stored["version"]["status"] == "draft"
    assert [n["id"] for n in stored["version"]["document"]["nodes"]] == ["end", "start", "tag"]

    response = _put(marketer_client, simple() | {"name": "Renamed"})
    assert response.get_json()["violations"] == []
    detail = marketer_client.get("/api/journeys/test-journey").get_json()
    assert [v["number"] for v in detail["versions"]] == [1]
    assert detail["journey"]["name"] == "Renamed"


def test_saving_after_publish_starts_a_new_version_and_never_changes_the_published_one(
    marketer_client,
):
    _create(marketer_client)
    _put(marketer_client, simple())
    assert marketer_client.post("/api/journeys/test-journey/publish", json={}).status_code == 200
    published = marketer_client.get("/api/journeys/test-journey/versions/1").get_json()
    changed = simple()
    changed["nodes"].append(node("tag2", "action.tag", tag="gold"))
    body = _put(marketer_client, changed).get_json()
    assert (body["version"]["number"], body["created"]) == (2, True)
    assert body["version"]["status"] == "draft"
    assert {v["code"] for v in body["violations"]} == {"dead_end", "unreachable_node"}
    again = marketer_client.get("/api/journeys/test-journey/versions/1").get_json()
    assert again["version"] == published["version"]
    assert again["version"]["status"] == "published"
    body = _put(marketer_client, simple()).get_json()
    assert body["version"]["number"] == 2


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d.update(schema_version=9), "schema_version"),
        (lambda d: d["nodes"].append(copy.deepcopy(d["nodes"][0])), "start"),
        (lambda d: d["edges"][0].update(id="bad id!"), "id"),
        (lambda d: d.update(unexpected=True), "unexpected"),
        (lambda d: d.update(key="other-key"), "other-key"),
    ],
)
def test_malformed_drafts_are_refused_and_nothing_is_written(marketer_client, change, expected):
    _create(marketer_client)
    document = simple()
    change(document)
    response = _put(marketer_client, document)
    assert response.status_code == 400
    body = response.get_json()
    assert expected in str(body)
    assert body["errors"]
    stored = marketer_client.get("/api/journeys/test-journey/versions/1").get_json()
    assert stored["version"]["document"]["nodes"] == []


def test_draft_body_must_carry_a_document(marketer_client):
    _create(marketer_client)
    assert marketer_client.put("/api/journeys/test-journey/draft", json={}).status_code == 400
    response = marketer_client.put(
        "/api/journeys/test-journey/draft", json={"document": {"journey": simple()}}
    )
    assert response.status_code == 400
    assert "bundle" in response.get_json()["message"]


def test_unknown_journeys_and_versions_are_404(marketer_client):
    assert _put(marketer_client, simple()).status_code == 404
    assert marketer_client.get("/api/journeys/nope/versions/1").status_code == 404
    _create(marketer_client)
    response = marketer_client.get("/api/journeys/test-journey/versions/7")
    assert response.status_code == 404
    assert "version 7" in response.get_json()["message"]


def test_archived_journeys_refuse_drafts(marketer_client):
    _create(marketer_client)
    _put(marketer_client, simple())
    assert marketer_client.post("/api/journeys/test-journey/archive").status_code == 200
    response = _put(marketer_client, simple())
    assert response.status_code == 409
    assert "archived" in response.get_json()["message"]


def test_duplicate_copies_the_newest_version_as_a_new_draft(marketer_client):
    _create(marketer_client)
    _put(marketer_client, simple())
    response = marketer_client.post(
        "/api/journeys/test-journey/duplicate", json={"key": "copy", "name": "Copy"}
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    document = body["version"]["document"]
    assert (document["key"], document["name"]) == ("copy", "Copy")
    assert [e["id"] for e in document["edges"]] == sorted(e["id"] for e in simple()["edges"])
    assert body["journey"]["status"] == "draft"
    taken = marketer_client.post(
        "/api/journeys/test-journey/duplicate", json={"key": "copy", "name": "Copy"}
    )
    assert taken.status_code == 409
    bad = marketer_client.post(
        "/api/journeys/test-journey/duplicate", json={"key": "Not OK", "name": "Copy"}
    )
    assert bad.status_code == 400


def test_viewers_read_but_cannot_write(viewer_client):
    assert viewer_client.post("/api/journeys", json={"key": "a", "name": "A"}).status_code == 403
    assert _put(viewer_client, simple()).status_code == 403
    dup = viewer_client.post("/api/journeys/x/duplicate", json={"key": "b", "name": "B"})
    assert dup.status_code == 403
    assert viewer_client.get("/api/journeys/x/versions/1").status_code == 404


def test_anonymous_requests_are_refused(client):
    assert client.post("/api/journeys", json={"key": "a", "name": "A"}).status_code == 401
    assert client.get("/api/journeys/a/versions/1").status_code == 401
