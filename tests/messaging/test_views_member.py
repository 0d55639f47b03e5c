"""Member-facing links: inbox, unsubscribe, open pixel, click redirect, provider callbacks."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.extensions import db
from app.messaging.callbacks import callback_secret, callback_url
from app.messaging.dispatcher import Dispatcher
from app.messaging.outbox import enqueue_messages
from app.messaging.signing import (
    _sign,
    _timed,
    click_url,
    member_token,
    open_pixel_url,
    unsubscribe_url,
)
from app.models import DeliveryEvent, Member, OutboxMessage

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


def status(key):
    db.session.expire_all()
    return db.session.scalar(
        select(OutboxMessage.status).where(OutboxMessage.idempotency_key == key)
    )


def test_inbox_is_a_real_channel(client, members, message_template):
    a, b = members(2)
    message_template(
        "hello",
        "inapp",
        subject="Hi {{ member.name }}",
        body='Read <a href="{{ link("https://x.example/p") }}">this</a>',
    )
    enqueue_messages(
        db.session, [(a, "inapp", "hello", {}, "in1"), (a, "inapp", "hello", {}, "in2")], NOW
    )
    db.session.commit()
    assert Dispatcher(db.session, clock=lambda: NOW).run().outcomes == {"sent": 2}
    assert Dispatcher(db.session, clock=lambda: NOW).run().claimed == 0
    headers = {"X-Member-Token": member_token(a)}
    inbox = client.get("/api/inbox", headers=headers).get_json()
    assert inbox["unread"] == 2 and inbox["messages"][0]["title"] == "Hi Member 0"
    assert "/api/t/c/" in inbox["messages"][0]["body"]
    first = inbox["messages"][-1]["id"]
    assert (
        client.post(f"/api/inbox/{first}/read", headers=headers).get_json()["message"]["read"]
        is True
    )
    assert client.get("/api/inbox", headers=headers).get_json()["unread"] == 1
    assert status("in1") == "opened"
    other = {"X-Member-Token": member_token(b)}
    assert client.get("/api/inbox", headers=other).get_json()["messages"] == []
    assert client.get(f"/api/inbox/{first}", headers=other).status_code == 404
    assert client.get("/api/inbox", headers={"X-Member-Token": "forged"}).status_code == 401
    assert client.get("/api/inbox").status_code == 401


def test_unsubscribe_link_asks_on_get_and_unsubscribes_on_post(
    client, members, message_template, channels, http_sink
):
    channels("sms", {"endpoint": http_sink.url})
    message_template("offer", "sms", body="Deal")
    (m,) = members(1)
    path = unsubscribe_url(m, "sms").replace("http://localhost:5000", "")
    # A mail scanner fetching the link changes nothing.
    page = client.get(path)
    assert page.status_code == 200 and '<form method="post"' in page.get_data(as_text=True)
    assert client.get(path, headers={"Accept": "application/json"}).get_json() == {
        "channel": "sms",
        "unsubscribed": False,
        "confirm": "POST this URL",
    }
    assert db.session.get(Member, m).unsubscribed_sms_at is None
    r = client.post(path)
    assert r.status_code == 200 and "no more marketing text messages" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Member, m).unsubscribed_sms_at is not None
    enqueue_messages(db.session, [(m, "sms", "offer", {}, "k")], NOW)
    db.session.commit()
    assert Dispatcher(db.session, clock=lambda: NOW).run().outcomes == {"suppressed": 1}
    assert not http_sink.delivered
    assert client.post("/api/u/forged").status_code == 404


def test_rfc_8058_one_click_post(client, members):
    (m,) = members(1)
    path = unsubscribe_url(m, "email").replace("http://localhost:5000", "")
    r = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert r.get_json() == {"unsubscribed": True, "channel": "email"}
    assert db.session.get(Member, m).unsubscribed_email_at is not None


def test_links_expire_after_the_configured_age(app, client, members):
    app.config["LINK_MAX_AGE_DAYS"] = 30
    app.extensions["clock"] = VirtualClock(NOW)
    (m,) = members(1)
    path = unsubscribe_url(m, "email").replace("http://localhost:5000", "")
    app.extensions["clock"].advance(days=29)
    assert client.get(path).status_code == 200
    app.extensions["clock"].advance(days=2)
    gone = client.post(path)
    assert gone.status_code == 410 and gone.get_json()["error"] == "link_expired"
    assert db.session.get(Member, m).unsubscribed_email_at is None


@pytest.mark.parametrize(
    "salt, payload",
    [
        ("unsubscribe", [7, "email"]),
        ("open", 123456),
        ("click", [9, "https://shop.example/p?" + "a=1&" * 40]),  # long enough to compress
    ],
)
def test_links_are_signed_as_itsdangerous_signs_them(app, salt, payload):
    app.extensions["clock"] = VirtualClock(NOW)
    token = _sign(salt, payload)
    assert token == _timed(salt).dumps(payload)
    assert _timed(salt).loads(token) == payload


def test_open_pixel_click_redirect_and_callbacks(client, members, message_template, email_channel):
    message_template(
        "e", "email", subject="S", body='<a href="{{ link("https://shop.example/x") }}">B</a>'
    )
    (m,) = members(1)
    enqueue_messages(db.session, [(m, "email", "e", {}, "e1")], NOW)
    db.session.commit()
    Dispatcher(db.session, clock=lambda: NOW).run()
    row = db.session.scalar(select(OutboxMessage))
    base = "http://localhost:5000"
    cb = callback_url("email", callback_secret(db.session, "email")).replace(base, "")
    db.session.commit()
    assert (
        client.post(cb, json={"events": [{"reference": "e1", "status": "delivered"}]}).get_json()[
            "results"
        ][0]["result"]
        == "updated"
    )
    pixel = client.get(open_pixel_url(row.id).replace(base, ""))
    assert pixel.mimetype == "image/gif" and status("e1") == "opened"
    (sent_link,) = re.findall(r'href="([^"]+/api/t/c/[^"]+)"', row.body)
    r = client.get(sent_link.replace(base, ""))
    assert r.status_code == 302 and r.headers["Location"] == "https://shop.example/x"
    # A genuinely signed link that was not in the message redirects nowhere.
    elsewhere = click_url(row.id, "https://evil.example/").replace(base, "")
    assert client.get(elsewhere).status_code == 404
    assert status("e1") == "clicked"
    late = client.post(
        cb,
        json={
            "events": [
                {"reference": "e1", "status": "delivered"},
                {"reference": "zz", "status": "bounced"},
            ]
        },
    )
    assert [x["result"] for x in late.get_json()["results"]] == ["recorded", "unknown"]
    assert status("e1") == "clicked"
    assert (
        client.post(
            "/api/channels/callbacks/email/forged",
            json={"events": [{"reference": "e1", "status": "delivered"}]},
        ).status_code
        == 404
    )
    assert client.get("/api/t/c/forged").status_code == 404
    assert client.get("/api/t/o/forged.gif").status_code == 200
    kinds = db.session.scalars(select(DeliveryEvent.status).order_by(DeliveryEvent.id)).all()
    assert kinds == ["sent", "delivered", "opened", "clicked", "delivered"]


def test_marketer_sends_and_reads_status(marketer_client, members, message_template):
    message_template("hello", "inapp", body="Hi")
    ids = members(2)
    body = {
        "member_ids": ids,
        "channel": "inapp",
        "template_key": "hello",
        "idempotency_prefix": "manual-1",
    }
    assert marketer_client.post("/api/messages", json=body).get_json() == {
        "queued": 2,
        "duplicates": 0,
    }
    assert marketer_client.post("/api/messages", json=body).get_json() == {
        "queued": 0,
        "duplicates": 2,
    }
    bad = marketer_client.post("/api/messages", json={**body, "channel": "sms"})
    assert bad.status_code == 400 and "for inapp, not sms" in bad.get_json()["message"]
    Dispatcher(db.session).run()  # queued at the app clock's (real) now
    listing = marketer_client.get("/api/messages?channel=inapp").get_json()["messages"]
    assert [m["status"] for m in listing] == ["sent", "sent"]
    one = marketer_client.get(f"/api/messages/{listing[0]['id']}").get_json()
    assert [e["status"] for e in one["events"]] == ["sent"]
    assert marketer_client.get("/api/messages/summary").get_json()["channels"]["inapp"][
        "statuses"
    ] == {"sent": 2}


def test_inbox_token_for_systems(client, token_headers, members):
    (m,) = members(1)
    r = client.post(
        "/api/inbox/tokens", json={"member_id": m}, headers=token_headers("members:read")
    )
    assert r.status_code == 200
    assert (
        client.get("/api/inbox", headers={"X-Member-Token": r.get_json()["token"]}).status_code
        == 200
    )
