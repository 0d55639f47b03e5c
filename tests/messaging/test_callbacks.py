"""Provider callbacks are authenticated by a per-channel secret that only admins see and
that admins rotate; viewers can neither read nor use it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.messaging.outbox import enqueue_messages
from app.models import Member, OutboxMessage

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
BASE = "http://localhost:5000"
DELIVERED = {"events": [{"reference": "s1", "status": "delivered"}]}


def sent_sms(members, message_template, channels, http_sink):
    channels("sms", {"endpoint": http_sink.url + "/sms", "payload": {"cb": "$callback_url"}})
    message_template("s", "sms", body="Hi")
    (m,) = members(1)
    enqueue_messages(db.session, [(m, "sms", "s", {}, "s1")], NOW)
    db.session.commit()
    assert Dispatcher(db.session, clock=lambda: NOW).run().outcomes == {"sent": 1}


def status() -> str:
    db.session.expire_all()
    return db.session.scalar(select(OutboxMessage.status))


def admin_callback_url(admin_client, channel: str) -> str:
    listed = admin_client.get("/api/channels").get_json()["channels"]
    return next(c["callback_url"] for c in listed if c["channel"] == channel)


def test_viewers_never_see_the_callback_url_and_cannot_rotate_it(
    admin_client, viewer_client, marketer_client
):
    url = admin_callback_url(admin_client, "sms")
    secret = url.rsplit("/", 1)[1]
    assert url.startswith(f"{BASE}/api/channels/callbacks/sms/") and len(secret) >= 40
    for client in (viewer_client, marketer_client):
        r = client.get("/api/channels")
        assert r.status_code == 200 and "callback_url" not in r.get_json()["channels"][0]
        assert secret not in r.get_data(as_text=True)
        assert client.post("/api/channels/sms/callback-secret").status_code == 403


def test_the_provider_gets_the_url_and_reports_with_it_until_an_admin_rotates_it(
    client, admin_client, members, message_template, channels, http_sink
):
    sent_sms(members, message_template, channels, http_sink)
    given = http_sink.delivered["s1"]["json"]["cb"]
    assert given == admin_callback_url(admin_client, "sms")
    assert client.post(given.replace(BASE, ""), json=DELIVERED).status_code == 200
    assert status() == "delivered"

    rotated = admin_client.post("/api/channels/sms/callback-secret").get_json()["callback_url"]
    assert rotated != given and rotated == admin_callback_url(admin_client, "sms")
    opened = {"events": [{"reference": "s1", "status": "opened"}]}
    assert client.post(given.replace(BASE, ""), json=opened).status_code == 404
    assert status() == "delivered"
    assert client.post(rotated.replace(BASE, ""), json=opened).status_code == 200
    assert status() == "opened"


def test_a_secret_of_one_channel_does_not_open_another(client, admin_client):
    email_url = admin_callback_url(admin_client, "email")
    other = email_url.replace("/callbacks/email/", "/callbacks/sms/").replace(BASE, "")
    assert client.post(other, json=DELIVERED).status_code == 404
    assert client.post("/api/channels/callbacks/sms/guess", json=DELIVERED).status_code == 404


def test_saving_settings_keeps_the_secret(admin_client, http_sink):
    before = admin_callback_url(admin_client, "sms")
    body = {"enabled": True, "config": {"endpoint": http_sink.url}, "rules": {}}
    assert admin_client.put("/api/channels/sms", json=body).status_code == 200
    assert admin_callback_url(admin_client, "sms") == before


def test_sms_replies_td_t_or_stop_unsubscribe_the_sender(client, admin_client, members):
    ids = members(3)  # phones 13800000000, 13800000001, 13800000002
    url = admin_callback_url(admin_client, "sms").replace(BASE, "")
    replies = [
        {"from": "+8613800000000", "text": "TD"},
        {"from": "13800000001", "text": " stop "},
        {"from": "13800000002", "text": "Thanks, see you"},
        {"from": "13999999999", "text": "T"},
    ]
    r = client.post(url, json={"replies": replies})
    assert r.status_code == 200, r.get_json()
    assert [x["result"] for x in r.get_json()["replies"]] == [
        "unsubscribed",
        "unsubscribed",
        "ignored",
        "unknown_number",
    ]
    db.session.expire_all()
    unsubscribed = [db.session.get(Member, m).unsubscribed_sms_at is not None for m in ids]
    assert unsubscribed == [True, True, False]
    email_url = admin_callback_url(admin_client, "email").replace(BASE, "")
    assert client.post(email_url, json={"replies": replies}).status_code == 400
