import json
import random

import jsonschema
import pytest

from app.journeys.json_schema import SCHEMA_DIR, bundle_schema, document_schema, schema_files
from app.journeys.schema import JourneyDocument, canonical, dumps
from tests.journeys.builders import EXAMPLES, load_example, simple


def test_committed_schema_files_equal_the_generated_ones():
    for name, text in schema_files().items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run `flask --app wsgi journeys schema`"
        )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_pass_the_published_json_schemas(path):
    bundle = load_example(path)
    jsonschema.Draft202012Validator(bundle_schema()).validate(bundle)
    jsonschema.Draft202012Validator(document_schema()).validate(bundle["journey"])


def test_json_schema_ties_each_config_to_its_node_type():
    doc = simple()
    doc["nodes"][1]["config"] = {"tag": "vip", "colour": "red"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, document_schema())


def test_export_order_does_not_depend_on_input_order():
    doc = load_example(EXAMPLES[0])["journey"]
    shuffled = json.loads(json.dumps(doc))
    random.Random(7).shuffle(shuffled["nodes"])
    random.Random(8).shuffle(shuffled["edges"])
    first = dumps(canonical(JourneyDocument.model_validate(doc)))
    assert dumps(canonical(JourneyDocument.model_validate(shuffled))) == first


def test_canonical_text_has_sorted_keys_and_spells_out_defaults():
    text = dumps(canonical(JourneyDocument.model_validate(simple())))
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert data["settings"]["entry"]["reentry"] == "never"
    assert data["nodes"][0]["position"] == {"x": 0.0, "y": 0.0}
    assert text.endswith("}\n") and "  " in text


@pytest.mark.parametrize("key", ["schema", "validate", "import", "Has Caps", ""])
def test_keys_that_clash_or_are_malformed_are_refused(key):
    doc = simple() | {"key": key}
    with pytest.raises(ValueError):
        JourneyDocument.model_validate(doc)


def test_schema_route_serves_document_and_bundle_schemas(viewer_client):
    assert viewer_client.get("/api/journeys/schema").get_json() == document_schema()
    assert viewer_client.get("/api/journeys/schema?bundle=1").get_json() == bundle_schema()


def test_schema_route_needs_sign_in(client):
    assert client.get("/api/journeys/schema").status_code == 401
