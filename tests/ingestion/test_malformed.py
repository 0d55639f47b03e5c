"""Every malformed input answers a 4xx naming where it is wrong, and writes nothing."""

import pytest

MEMBER = {"external_id": "NEW", "name": "x"}
ORDER = {
    "external_id": "O1",
    "member_external_id": "M1",
    "amount": "10.00",
    "paid_at": "2024-05-01T09:30:00Z",
}
EVENT = {"member_external_id": "M1", "type": "login", "occurred_at": "2024-05-01T09:30:00Z"}


def bulk(*records) -> dict:
    return {"records": list(records)}


def bad_second(good: dict, **change) -> dict:
    """A batch whose first record is good and whose second has one problem."""
    return bulk(good, {k: v for k, v in (good | change).items() if v is not ...})


CASES = [
    # (id, path, body, status, index, field)
    ("member-missing-id", "/api/members", {"name": "x"}, 400, None, "external_id"),
    ("member-id-wrong-type", "/api/members", {"external_id": 12}, 400, None, "external_id"),
    ("member-empty-id", "/api/members", {"external_id": ""}, 400, None, "external_id"),
    ("member-unknown-tier", "/api/members/bulk", bad_second(MEMBER, external_id="N2", tier="gold2"), 400, 1, "tier"),
    ("member-unknown-gender", "/api/members", MEMBER | {"gender": "robot"}, 400, None, "gender"),
    ("member-bad-timezone", "/api/members", MEMBER | {"timezone": "Mars/Olympus"}, 400, None, "timezone"),
    ("member-bad-birthday", "/api/members", MEMBER | {"birthday": "1990-02-30"}, 400, None, "birthday"),
    ("member-future-birthday", "/api/members", MEMBER | {"birthday": "2999-01-01"}, 400, None, "birthday"),
    ("member-naive-registered", "/api/members", MEMBER | {"registered_at": "2024-01-01T00:00:00"}, 400, None, "registered_at"),
    ("member-bad-email", "/api/members", MEMBER | {"email": "not-an-email"}, 400, None, "email"),
    ("member-negative-points", "/api/members", MEMBER | {"points_balance": -5}, 400, None, "points_balance"),
    ("member-points-not-number", "/api/members", MEMBER | {"points_balance": "many"}, 400, None, "points_balance"),
    ("member-attributes-not-object", "/api/members", MEMBER | {"attributes": [1]}, 400, None, "attributes"),
    ("member-consent-not-bool", "/api/members", MEMBER | {"consent": {"sms": "maybe"}}, 400, None, "consent.sms"),
    ("member-unknown-field", "/api/members", MEMBER | {"emial": "a@b.cn"}, 400, None, "emial"),
    ("member-duplicate-in-batch", "/api/members/bulk", bulk(MEMBER, MEMBER), 400, 1, "external_id"),
    ("order-unknown-member", "/api/orders/bulk", bad_second(ORDER, external_id="O2", member_external_id="ZZ"), 400, 1, "member_external_id"),
    ("order-negative-amount", "/api/orders", ORDER | {"amount": "-1"}, 400, None, "amount"),
    ("order-refund-over-paid", "/api/orders", ORDER | {"discount": "2", "refunded": "9"}, 400, None, "refunded"),
    ("order-unknown-status", "/api/orders", ORDER | {"status": "shipped"}, 400, None, "status"),
    ("order-amount-not-number", "/api/orders", ORDER | {"amount": "ten"}, 400, None, "amount"),
    ("order-three-decimals", "/api/orders", ORDER | {"amount": "1.005"}, 400, None, "amount"),
    ("order-discount-over-amount", "/api/orders", ORDER | {"discount": "11"}, 400, None, "discount"),
    ("order-unknown-channel", "/api/orders", ORDER | {"channel": "fax"}, 400, None, "channel"),
    ("order-naive-paid-at", "/api/orders", ORDER | {"paid_at": "2024-05-01 09:30:00"}, 400, None, "paid_at"),
    ("order-garbage-paid-at", "/api/orders", ORDER | {"paid_at": "yesterday"}, 400, None, "paid_at"),
    ("order-epoch-paid-at", "/api/orders", ORDER | {"paid_at": 1714555800}, 400, None, "paid_at"),
    ("order-future-paid-at", "/api/orders", ORDER | {"paid_at": "2999-01-01T00:00:00Z"}, 400, None, "paid_at"),
    ("order-missing-paid-at", "/api/orders", {k: v for k, v in ORDER.items() if k != "paid_at"}, 400, None, "paid_at"),
    ("order-item-zero-quantity", "/api/orders", ORDER | {"items": [{"sku": "A", "quantity": 0, "unit_price": 1}]}, 400, None, "items.0.quantity"),
    ("order-item-negative-price", "/api/orders", ORDER | {"items": [{"sku": "A", "quantity": 1, "unit_price": -1}]}, 400, None, "items.0.unit_price"),
    ("order-duplicate-in-batch", "/api/orders/bulk", bulk(ORDER, ORDER), 400, 1, "external_id"),
    ("event-unknown-type", "/api/events", EVENT | {"type": "teleported"}, 400, None, "type"),
    ("event-custom-without-name", "/api/events", EVENT | {"type": "custom"}, 400, None, "name"),
    ("event-unknown-member", "/api/events/bulk", bad_second(EVENT, member_external_id="ZZ"), 400, 1, "member_external_id"),
    ("event-naive-occurred-at", "/api/events/bulk", bad_second(EVENT, occurred_at="2024-05-01T09:30"), 400, 1, "occurred_at"),
    ("event-properties-not-object", "/api/events", EVENT | {"properties": "x"}, 400, None, "properties"),
    ("event-duplicate-external-id", "/api/events/bulk", bulk(EVENT | {"external_id": "E"}, EVENT | {"external_id": "E"}), 400, 1, "external_id"),
    ("bulk-empty", "/api/events/bulk", {"records": []}, 400, None, "records"),
    ("bulk-records-not-list", "/api/members/bulk", {"records": {"external_id": "A"}}, 400, None, "records"),
    ("bulk-missing-records", "/api/orders/bulk", {"rows": []}, 400, None, "records"),
    ("bulk-body-is-list", "/api/members/bulk", [MEMBER], 400, None, "(body)"),
    ("bulk-oversize", "/api/members/bulk", {"records": [{"external_id": f"M{i}"} for i in range(10_001)]}, 400, None, "records"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "body", "status", "index", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_malformed_json_record_is_refused_and_nothing_is_written(
    post, members, counts, path, body, status, index, field
):
    members("M1")
    before = counts()
    response = post(path, body)
    assert response.status_code == status, response.get_json()
    payload = response.get_json()
    assert payload["error"] == "validation_failed"
    assert any(e["field"] == field and e.get("index") == index for e in payload["errors"]), payload[
        "errors"
    ]
    assert payload["error_count"] >= 1
    assert counts() == before


RAW = [
    ("invalid-json", b'{"records": [', "application/json", 400, "invalid_json"),
    ("trailing-garbage", b'{"external_id": "A"} x', "application/json", 400, "invalid_json"),
    ("bad-utf8", b'{"external_id": "\xff\xfe"}', "application/json", 400, "invalid_encoding"),
    (
        "form-content-type",
        b"external_id=A",
        "application/x-www-form-urlencoded",
        415,
        "unsupported_media_type",
    ),
    ("text-content-type", b'{"external_id": "A"}', "text/plain", 415, "unsupported_media_type"),
    ("empty-body", b"", "application/json", 400, "invalid_json"),
]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "error"), [c[1:] for c in RAW], ids=[c[0] for c in RAW]
)
def test_unreadable_body_is_refused(client, system, counts, body, content_type, status, error):
    before = counts()
    response = client.post(
        "/api/members", data=body, headers=system | {"Content-Type": content_type}
    )
    assert response.status_code == status
    assert response.get_json()["error"] == error
    assert response.get_json()["errors"][0]["field"] == "(body)"
    assert counts() == before


def test_oversize_body_is_413(app, client, system, counts):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/api/members/bulk", json=bulk(*[MEMBER] * 100), headers=system)
    assert response.status_code == 413
    assert response.get_json()["error"] == "request_entity_too_large"
    assert counts()["members"] == 0


def test_one_bad_record_keeps_the_whole_batch_out(post, members, counts):
    members("M1")
    before = counts()
    good = [ORDER | {"external_id": f"O{i}"} for i in range(50)]
    response = post("/api/orders/bulk", bulk(*good, ORDER | {"external_id": "BAD", "amount": "-3"}))
    assert response.status_code == 400
    [error] = response.get_json()["errors"]
    assert (error["index"], error["field"]) == (50, "amount")
    assert counts() == before


def test_error_list_is_capped_with_a_total(post, counts):
    records = [{"external_id": f"M{i}", "tier": "nope"} for i in range(250)]
    payload = post("/api/members/bulk", bulk(*records)).get_json()
    assert payload["error_count"] == 250 and len(payload["errors"]) == 100
    assert counts()["members"] == 0
