"""Property tests: mutated examples and garbage never raise and never answer 500."""

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from app.journeys.files import check_offline
from app.journeys.nodes import all_types
from app.journeys.schema import JourneyDocument, canonical, dumps
from app.journeys.validation import CODES, validate
from tests.journeys.builders import EXAMPLES, load_example

BUNDLES = [load_example(p) for p in EXAMPLES]
TYPES = [t.type for t in all_types()]
BOUNDED = settings(max_examples=150, deadline=None)
WITH_APP = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**9), 10**9)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(TYPES + ["next", "yes", "else", "timeout", "sms", "10:00", "-1"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=16,
)


def _paths(value, prefix=()):
    """Every (container, key) path inside a JSON value."""
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


def _at(value, path):
    for key in path:
        value = value[key]
    return value


@st.composite
def mutated_bundles(draw):
    bundle = copy.deepcopy(draw(st.sampled_from(BUNDLES)))
    doc = bundle["journey"]
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(doc))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _at(doc, path[:-1]), path[-1]
        operation = draw(st.sampled_from(["replace", "delete", "duplicate", "rewire"]))
        if operation == "replace":
            parent[key] = draw(json_values)
        elif operation == "delete":
            del parent[key]
        elif operation == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif (
            isinstance(doc.get("nodes"), list)
            and isinstance(doc.get("edges"), list)
            and doc["edges"]
        ):
            ids = [n.get("id") for n in doc["nodes"] if isinstance(n, dict)] or ["x"]
            target = draw(st.sampled_from(doc["edges"]))
            if isinstance(target, dict):
                target[draw(st.sampled_from(["source", "target"]))] = draw(st.sampled_from(ids))
    return bundle


garbage_documents = st.fixed_dictionaries(
    {
        "schema_version": st.just(1),
        "key": st.sampled_from(["ok", "Not OK", ""]),
        "name": st.text(max_size=5),
        "nodes": st.lists(
            st.fixed_dictionaries(
                {
                    "id": st.sampled_from(["a", "b", "c", "d"]),
                    "type": st.sampled_from(TYPES) | st.text(max_size=5),
                    "config": json_values,
                }
            ),
            max_size=6,
        ),
        "edges": st.lists(
            st.fixed_dictionaries(
                {
                    "id": st.text(alphabet="ab12", min_size=1, max_size=3),
                    "source": st.sampled_from(["a", "b", "c", "d", "z"]),
                    "target": st.sampled_from(["a", "b", "c", "d", "z"]),
                    "branch": st.sampled_from(["next", "yes", "no", "else", "a", "timeout"]),
                }
            ),
            max_size=8,
        ),
        "settings": json_values,
    }
)


def _check(violations):
    assert isinstance(violations, list)
    for v in violations:
        assert v.code in CODES and v.message


@BOUNDED
@given(mutated_bundles())
def test_mutated_examples_come_back_as_violations(bundle):
    _check(validate(bundle["journey"]))
    _check(check_offline(bundle)[0])


@BOUNDED
@given(json_values)
def test_garbage_comes_back_as_violations(value):
    _check(validate(value))
    _check(check_offline(value)[0])
    _check(check_offline({"journey": value, "audiences": value})[0])


@BOUNDED
@given(garbage_documents)
def test_document_shaped_garbage_comes_back_as_violations(doc):
    _check(validate(doc))


@BOUNDED
@given(mutated_bundles())
def test_canonical_export_is_a_fixed_point(bundle):
    try:
        document = JourneyDocument.model_validate(bundle["journey"])
    except ValidationError:
        return
    text = dumps(canonical(document))
    assert dumps(canonical(JourneyDocument.model_validate(json.loads(text)))) == text


@WITH_APP
@given(bundle=mutated_bundles(), garbage=json_values)
def test_the_api_never_answers_500(admin_client, bundle, garbage):
    for body in (bundle, bundle["journey"], garbage):
        checked = admin_client.post("/api/journeys/validate", json=body)
        assert checked.status_code in (200, 400), checked.get_json()
        imported = admin_client.post("/api/journeys/import?dry_run=1", json=body)
        assert imported.status_code in (200, 400, 422), imported.get_json()
        if imported.status_code != 200:
            assert imported.get_json()["message"]
    stored = admin_client.post("/api/journeys/import?allow_errors=1", json=bundle)
    # 400: text no database stores (a NUL, a lone surrogate), refused before the import.
    assert stored.status_code in (200, 201, 400, 422), stored.get_json()
    if stored.status_code == 400:
        assert stored.get_json()["error"] == "validation_failed"
