"""A message template is checked the same way wherever it comes in: saved by the API,
carried by an imported bundle, or in a file given to ``journeys validate``."""

import json

import pytest

from app.messaging.rendering import check_template
from tests.journeys.builders import EXAMPLES, load_example

BIRTHDAY = next(p for p in EXAMPLES if p.stem == "birthday")
BROKEN = [
    ("Hi {{name}}", "unknown name 'name'"),
    ("{{ member.nmae }}", "cannot render"),
    ("{{ ''.__class__ }}", "_"),
    ("{% if %}", "syntax error"),
]


def _with_email_body(body: str) -> dict:
    bundle = load_example(BIRTHDAY)
    for template in bundle["message_templates"]:
        if template["channel"] == "email":
            template["body"] = body
    return bundle


@pytest.mark.parametrize(("body", "words"), BROKEN)
def test_api_bundle_import_and_offline_validate_refuse_the_same_template(
    body, words, admin_client, runner, tmp_path
):
    expected = [p["message"] for p in check_template("email", "Hi", body)]
    assert expected and words in expected[0]

    saved = admin_client.post(
        "/api/message-templates",
        json={"key": "t", "name": "t", "channel": "email", "subject": "Hi", "body": body},
    )
    assert saved.status_code == 400
    assert [e["message"] for e in saved.get_json()["errors"]] == expected

    bundle = _with_email_body(body)
    imported = admin_client.post("/api/journeys/import", json=bundle)
    assert imported.status_code in (400, 422), imported.get_json()
    said = json.dumps(imported.get_json())
    assert all(message in said for message in expected)

    path = tmp_path / "birthday.json"
    path.write_text(json.dumps(bundle))
    result = runner.invoke(args=["journeys", "validate", str(path)])
    assert result.exit_code == 1
    assert all(message in result.output for message in expected)


def test_every_example_template_passes_the_api_check():
    for path in EXAMPLES:
        for template in load_example(path).get("message_templates", []):
            problems = check_template(template["channel"], template["subject"], template["body"])
            assert problems == [], (path.stem, template["key"], problems)


def test_example_sms_templates_leave_the_opt_out_line_to_the_channel():
    """The SMS channel appends its unsubscribe line (回T退订); a template adding its own
    ("Reply TD") would make two."""
    from app.messaging.providers import get_provider
    from app.messaging.rules import parse_rules

    sms, rules = get_provider("sms"), parse_rules("sms", None)
    for path in EXAMPLES:
        for template in load_example(path).get("message_templates", []):
            if template["channel"] != "sms":
                continue
            final = sms.finish_body(template["body"], "marketing", rules)
            lowered = final.lower()
            assert final.count("回T退订") == 1 and final.endswith("回T退订"), final
            assert "unsubscribe" not in lowered and "reply td" not in lowered, final


def test_a_bundle_export_lists_every_channel_the_journey_uses(admin_client):
    bundle = load_example(BIRTHDAY)  # email and in-app; email not configured here
    admin_client.post("/api/journeys/import", json=bundle)
    exported = admin_client.get("/api/journeys/birthday/export?bundle=1").get_json()
    assert exported["channels"] == ["email", "inapp"]
