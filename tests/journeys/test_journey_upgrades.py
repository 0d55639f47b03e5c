import copy

from app.journeys import schema, upgrades
from app.journeys.validation import validate
from tests.journeys.builders import simple


def _rename_handle(doc: dict) -> dict:
    for e in doc["edges"]:
        e["branch"] = e.pop("handle")
    return doc


def test_an_older_version_is_upgraded_step_by_step(monkeypatch):
    # Pretend the schema moved to v2, where v1's edge "handle" became "branch".
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(upgrades, "STEPS", {1: _rename_handle})
    old = simple()
    for e in old["edges"]:
        e["handle"] = e.pop("branch")
    before = copy.deepcopy(old)
    upgraded, violations = upgrades.upgrade(old)
    assert violations == []
    assert upgraded["schema_version"] == 2
    assert [e["branch"] for e in upgraded["edges"]] == ["next", "next"]
    assert old == before, "the input document is never modified"


def test_a_missing_step_is_reported_not_raised(monkeypatch):
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(upgrades, "STEPS", {1: lambda doc: doc})
    doc, violations = upgrades.upgrade(simple())
    assert doc is None
    assert [v.code for v in violations] == ["unsupported_schema_version"]
    assert "from schema_version 2 to 3" in violations[0].message


def test_the_current_version_passes_through_unchanged():
    doc = simple()
    assert upgrades.upgrade(doc) == (doc, [])


def test_newer_and_missing_versions_are_refused():
    for version in (2, 0, "1", None, True):
        doc = simple() | {"schema_version": version}
        assert [v.code for v in validate(doc)] == ["unsupported_schema_version"]


def test_a_step_failing_on_a_malformed_document_is_reported(monkeypatch):
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(upgrades, "STEPS", {1: _rename_handle})
    doc, violations = upgrades.upgrade(simple())  # its edges have no "handle"
    assert doc is None
    assert [v.code for v in violations] == ["invalid_document"]
