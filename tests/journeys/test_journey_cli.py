"""``flask journeys validate|import|export|schema``."""

import json

from tests.journeys.builders import EXAMPLES, simple


def test_validate_passes_every_example_offline(runner):
    result = runner.invoke(args=["journeys", "validate", *map(str, EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok (0 error(s), 0 warning(s))") == len(EXAMPLES)


def test_validate_prints_each_violation_and_fails_on_errors(runner, tmp_path):
    doc = simple()
    doc["edges"].append({"id": "stray", "source": "tag", "target": "end", "branch": "sideways"})
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc))
    result = runner.invoke(args=["journeys", "validate", str(path), str(EXAMPLES[0])])
    assert result.exit_code == 1
    assert "error extra_branch [node tag] [edge stray]" in result.output
    assert "references and channels not checked" in result.output
    assert f"{EXAMPLES[0]}: ok" in result.output


def test_warnings_alone_do_not_fail(runner, tmp_path):
    doc = simple()
    doc["nodes"][1] = {
        "id": "tag",
        "type": "action.send",
        "config": {"channel": "sms", "template": "t"},
    }
    doc["nodes"].append(
        {"id": "again", "type": "action.send", "config": {"channel": "sms", "template": "t"}}
    )
    doc["edges"] = [
        {"id": "a", "source": "start", "target": "tag"},
        {"id": "b", "source": "tag", "target": "again"},
        {"id": "c", "source": "again", "target": "end"},
    ]
    path = tmp_path / "warn.json"
    path.write_text(json.dumps(doc))
    result = runner.invoke(args=["journeys", "validate", str(path)])
    assert result.exit_code == 0
    assert "warning frequency_cap_exceeded" in result.output


def test_a_file_that_is_not_json_is_invalid_json(runner, tmp_path):
    path = tmp_path / "nope.json"
    path.write_bytes(b"\xff{not json")
    result = runner.invoke(args=["journeys", "validate", str(path), str(tmp_path / "missing.json")])
    assert result.exit_code == 1
    assert "error invalid_json" in result.output
    assert "missing_file" in result.output


def test_import_then_export_round_trips(runner, tmp_path, channels):
    example = next(p for p in EXAMPLES if p.stem == "abandoned-cart")
    dry = runner.invoke(args=["journeys", "import", "--dry-run", str(example)])
    assert dry.exit_code == 0 and "would create draft version 1" in dry.output
    result = runner.invoke(args=["journeys", "import", str(example)])
    assert result.exit_code == 0 and "created draft version 1" in result.output
    again = runner.invoke(args=["journeys", "import", str(example)])
    assert "unchanged, same as version 1" in again.output
    out = tmp_path / "out.json"
    exported = runner.invoke(
        args=["journeys", "export", "abandoned-cart", "--bundle", "-o", str(out)]
    )
    assert exported.exit_code == 0
    assert out.read_text() == example.read_text()
    plain = runner.invoke(args=["journeys", "export", "abandoned-cart", "--version", "1"])
    assert json.loads(plain.output)["key"] == "abandoned-cart"


def test_import_refusal_lists_violations(runner, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(simple() | {"nodes": []}))
    result = runner.invoke(args=["journeys", "import", str(path)])
    assert result.exit_code == 1
    assert "no_entry" in result.output and "not imported" in result.output


def test_export_of_an_unknown_key_fails(runner):
    result = runner.invoke(args=["journeys", "export", "nope"])
    assert result.exit_code == 1


def test_schema_files_are_current(runner):
    result = runner.invoke(args=["journeys", "schema", "--check"])
    assert result.exit_code == 0, result.output
