import pytest

SMS = {
    "key": "offer",
    "name": "Offer",
    "channel": "sms",
    "body": "Hi {{ member.name }}, {{ coupon.code }}",
}


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("{{ ''.__class__ }}", "'__class__' is not allowed"),
        ("{{ member.nmae }}", "nmae"),
        ("{% if %}", "syntax error"),
    ],
)
def test_broken_or_unsafe_templates_are_refused_at_save(marketer_client, body, needle):
    r = marketer_client.post("/api/message-templates", json={**SMS, "body": body})
    assert r.status_code == 400 and needle in r.get_json()["message"]
    assert r.get_json()["errors"][0]["field"] == "body"
    assert marketer_client.get("/api/message-templates").get_json()["templates"] == []


def test_save_update_and_preview_for_a_member(marketer_client, members):
    assert marketer_client.post("/api/message-templates", json=SMS).status_code == 201
    (m,) = members(1)
    r = marketer_client.post(
        "/api/message-templates/offer/preview",
        json={"member_id": m, "context": {"coupon": {"code": "C1"}}},
    )
    assert r.get_json()["body"] == "Hi Member 0, C1 回T退订"
    r = marketer_client.post("/api/message-templates/offer/preview", json={})
    assert r.get_json()["body"].startswith("Hi Li Na, ABCD2345EFGH")
    r = marketer_client.post("/api/message-templates/offer/preview", json={"member_id": m})
    assert r.status_code == 400 and "code" in r.get_json()["message"]
    updated = {**SMS, "body": "Bye {{ member.name }}"}
    assert (
        marketer_client.put("/api/message-templates/offer", json=updated).get_json()["template"][
            "body"
        ]
        == "Bye {{ member.name }}"
    )
    assert (
        marketer_client.put(
            "/api/message-templates/offer", json={**updated, "body": "{{ x.__init__ }}"}
        ).status_code
        == 400
    )


def test_draft_preview_and_unknown_template(marketer_client):
    r = marketer_client.post(
        "/api/message-templates/preview",
        json={
            "channel": "email",
            "subject": "For {{ member.name }}",
            "body": "<b>{{ vars.store }}</b>",
            "context": {"store": "<Jing'an>"},
        },
    )
    assert (
        r.get_json()["subject"] == "For Li Na"
        and r.get_json()["body"] == "<b>&lt;Jing&#39;an&gt;</b>"
    )
    assert marketer_client.get("/api/message-templates/nope").status_code == 404
