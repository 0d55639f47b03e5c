"""The sandbox: demo channels that capture messages, send nothing, and say so."""

from datetime import UTC, datetime

from sqlalchemy import select

from app.demo.channels import configure_sandbox_channels
from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.messaging.outbox import enqueue_messages
from app.messaging.settings import load_channels
from app.models import OutboxMessage

NOON = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


def test_demo_channels_capture_every_message_and_list_them(members, message_template, admin_client):
    assert configure_sandbox_channels(db.session) == ["email", "sms", "push", "webhook"]
    assert configure_sandbox_channels(db.session) == []  # set once, then left alone
    setups = load_channels(db.session)
    assert all(setups[c].usable and setups[c].sandbox for c in ("email", "sms", "push"))

    message_template("e", "email", subject="Hi {{ member.name }}", body="<p>Gift</p>")
    message_template("s", "sms", body="50 off today")
    message_template("p", "push", body="Come back")
    ids = members(2)
    items = [(m, c, c[0], {}, f"{c}:{m}") for m in ids for c in ("email", "sms", "push")]
    enqueue_messages(db.session, items, NOON)
    db.session.commit()
    assert Dispatcher(db.session, clock=lambda: NOON).run().outcomes == {"sent": 6}

    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert {r.provider_message_id for r in rows} == {f"sandbox:{r.idempotency_key}" for r in rows}
    captured = admin_client.get("/api/channels/sandbox").get_json()["messages"]
    assert len(captured) == 6
    sms = [m for m in captured if m["channel"] == "sms"]
    assert {m["to"] for m in sms} == {"13800000000", "13800000001"}
    assert all(m["body"] == "50 off today 回T退订" for m in sms)
    email = [m for m in captured if m["channel"] == "email"]
    assert sorted(m["subject"] for m in email) == ["Hi Member 0", "Hi Member 1"]

    listed = {c["channel"]: c for c in admin_client.get("/api/channels").get_json()["channels"]}
    assert listed["sms"]["sandbox"] is True and "sandbox" in listed["sms"]["title"]
    assert listed["inapp"]["sandbox"] is False


def test_an_admin_replaces_the_sandbox_with_a_real_provider(admin_client):
    configure_sandbox_channels(db.session)
    saved = admin_client.put(
        "/api/channels/sms",
        json={"enabled": True, "config": {"endpoint": "https://sms.example.com/send"}},
    )
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["channel"]["sandbox"] is False
    assert saved.get_json()["channel"]["provider"] == "http_sms"
    refused = admin_client.put("/api/channels/email", json={"enabled": True, "config": {}})
    assert refused.status_code == 400  # not a sandbox any more, and no settings
