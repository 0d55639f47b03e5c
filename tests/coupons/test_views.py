import pytest

TEMPLATE = {
    "key": "spend200",
    "name": "Spend 200 get 50",
    "kind": "amount_off",
    "terms": {"threshold": 200, "amount": 50},
    "validity": {"days_after_grant": 30},
    "stock_total": 2,
    "channels": ["online", "pos"],
}


@pytest.fixture
def granted(marketer_client, members):
    assert marketer_client.post("/api/coupon-templates", json=TEMPLATE).status_code == 201
    ids = members(3)
    r = marketer_client.post("/api/coupon-templates/spend200/grants", json={"member_ids": ids})
    assert r.status_code == 200, r.get_json()
    return ids, r.get_json()


def test_grant_over_http_reports_stock(granted):
    ids, body = granted
    assert set(body["granted"]) == {str(ids[0]), str(ids[1])}
    assert body["out_of_stock"] == [ids[2]]


def test_viewer_reads_but_may_not_write(viewer_client, template):
    # One signed-in role per test: the test app context keeps Flask-Login's user in ``g``.
    template(stock_total=2)
    assert viewer_client.get("/api/coupon-templates").get_json()["templates"][0]["stock_left"] == 2
    assert viewer_client.post("/api/coupon-templates", json=TEMPLATE).status_code == 403


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"kind": "percent_off", "terms": {"percent": 120}}, "percent"),
        ({"validity": {"days_after_grant": 0}}, "days_after_grant"),
        ({"stock_total": -1}, "stock_total"),
    ],
)
def test_bad_template_is_a_400_naming_the_field(marketer_client, patch, field):
    r = marketer_client.post("/api/coupon-templates", json={**TEMPLATE, **patch})
    assert r.status_code == 400
    assert field in str(r.get_json())
    assert marketer_client.get("/api/coupon-templates").get_json()["templates"] == []


def test_pos_redeems_by_token_idempotently_and_sees_history(client, token_headers, granted):
    ids, body = granted
    code = body["granted"][str(ids[0])]
    pos = token_headers("coupons:redeem")
    order = {
        "order_id": "POS-1",
        "order_amount": "260.00",
        "channel": "pos",
        "member_id": "M000000",
    }
    first = client.post(f"/api/coupons/{code}/redeem", json=order, headers=pos)
    assert first.status_code == 200 and first.get_json()["discount"] == "50.00"
    again = client.post(f"/api/coupons/{code}/redeem", json=order, headers=pos)
    assert again.get_json()["replayed"] is True
    other = client.post(
        f"/api/coupons/{code}/redeem", json={**order, "order_id": "POS-2"}, headers=pos
    )
    assert (other.status_code, other.get_json()["error"]) == (409, "already_redeemed")
    history = client.get(f"/api/coupons/{code}", headers=pos).get_json()["history"]
    assert [h["status"] for h in history] == ["granted", "redeemed"]


@pytest.mark.parametrize(
    ("order", "status", "error"),
    [
        ({"order_amount": "150"}, 422, "below_threshold"),
        ({"member_id": "M000001"}, 403, "not_owner"),
        ({"channel": "wechat"}, 400, "validation_failed"),
        ({"order_amount": "-1"}, 400, "validation_failed"),
    ],
)
def test_redeem_refusals(client, token_headers, granted, order, status, error):
    ids, body = granted
    code = body["granted"][str(ids[0])]
    payload = {"order_id": "O", "order_amount": "300", "channel": "online", **order}
    r = client.post(
        f"/api/coupons/{code}/redeem", json=payload, headers=token_headers("coupons:redeem")
    )
    assert (r.status_code, r.get_json()["error"]) == (status, error)


def test_redeem_needs_the_scope(client, token_headers):
    r = client.post("/api/coupons/X/redeem", json={}, headers=token_headers("orders:write"))
    assert r.status_code == 403
    assert client.post("/api/coupons/X/redeem", json={}).status_code == 401


def test_member_claims_with_signed_token(app, client, granted):
    from app.messaging.signing import member_token

    ids, body = granted
    code = body["granted"][str(ids[0])]
    r = client.post(
        f"/api/member/coupons/{code}/claim", headers={"X-Member-Token": member_token(ids[0])}
    )
    assert r.status_code == 200 and r.get_json()["coupon"]["status"] == "claimed"
    r = client.post(
        f"/api/member/coupons/{code}/claim", headers={"X-Member-Token": member_token(ids[1])}
    )
    assert r.status_code == 403
    assert client.post(f"/api/member/coupons/{code}/claim").status_code == 401


def test_list_coupons_by_member(viewer_client, granted):
    ids, _ = granted
    r = viewer_client.get(f"/api/coupons?member_id={ids[0]}")
    assert [c["member_id"] for c in r.get_json()["coupons"]] == [ids[0]]
    assert viewer_client.get("/api/coupons?status=bogus").status_code == 400


def test_coupons_and_messages_name_members_by_external_id(app, admin_client):
    """The lists carry the id the shop knows each member by, read from the members table."""
    from app.extensions import db
    from app.models import Member, OutboxMessage

    member = Member(external_id="M0000005", name="Five")
    db.session.add(member)
    db.session.commit()
    admin_client.post(
        "/api/coupon-templates",
        json={
            "key": "five-off",
            "name": "Five off",
            "kind": "amount_off",
            "terms": {"threshold": 50, "amount": 5},
            "validity": {"days_after_grant": 7},
        },
    )
    granted = admin_client.post(
        "/api/coupon-templates/five-off/grants", json={"member_ids": [member.id]}
    ).get_json()["granted"]
    code = granted[str(member.id)]
    listed = admin_client.get(f"/api/coupons?member_id={member.id}").get_json()["coupons"]
    assert [(c["code"], c["member_external_id"]) for c in listed] == [(code, "M0000005")]
    one = admin_client.get(f"/api/coupons/{code}").get_json()["coupon"]
    assert one["member_external_id"] == "M0000005"

    admin_client.post(
        "/api/message-templates",
        json={"key": "hi", "name": "Hi", "channel": "inapp", "subject": "Hi", "body": "Hi"},
    )
    queued = admin_client.post(
        "/api/messages",
        json={
            "member_ids": [member.id],
            "channel": "inapp",
            "template_key": "hi",
            "idempotency_prefix": "five",
        },  # fmt: skip
    )
    assert queued.get_json()["queued"] == 1
    stored = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.member_id == member.id))
    messages = admin_client.get("/api/messages?member=M0000005").get_json()["messages"]
    assert [(m["id"], m["member_external_id"]) for m in messages] == [(stored.id, "M0000005")]
    assert admin_client.get("/api/messages?member=M0000006").get_json()["messages"] == []
    one = admin_client.get(f"/api/messages/{stored.id}").get_json()["message"]
    assert one["member_external_id"] == "M0000005"
