"""Email goes over real SMTP to a local server; the test reads back the MIME."""

from datetime import UTC, datetime

from sqlalchemy import select

from app.coupons.grants import grant_coupons
from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.messaging.outbox import enqueue_messages
from app.models import CouponTemplate, DeliveryEvent, OutboxMessage

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


def test_personalised_email_with_unsubscribe_header(members, message_template, email_channel):
    db.session.add(
        CouponTemplate(
            key="spend200",
            name="s",
            kind="amount_off",
            terms={"threshold": "200", "amount": "50"},
            validity={"days_after_grant": 30},
            channels=["online"],
        )
    )
    ids = members(3)
    codes = grant_coupons(db.session, "spend200", ids, NOW).granted
    message_template(
        "welcome",
        "email",
        subject="{{ member.name }}, a gift for you",
        body="<p>Hi {{ member.name }}, code {{ coupon.code }}: {{ coupon.value }}.</p>"
        '<a href="{{ link("https://shop.example/offers?a=1") }}">Shop</a>',
    )
    enqueue_messages(
        db.session,
        [(m, "email", "welcome", {"coupon": {"code": codes[m]}}, f"j1:n1:{m}") for m in ids],
        NOW,
    )
    db.session.commit()
    stats = Dispatcher(db.session, clock=lambda: NOW).run()
    assert stats.outcomes == {"sent": 3}
    assert len(email_channel.messages) == 3
    msg = next(m for m in email_channel.parsed() if m["To"] == "m0@example.com")
    assert msg["Subject"] == "Member 0, a gift for you"
    assert msg["From"] == "Brand Club <club@brand.example>"
    assert str(msg["List-Unsubscribe"]).strip().startswith("<http://localhost:5000/api/u/")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert f"code {codes[ids[0]]}: spend 200, 50 off." in text
    assert "Unsubscribe: http://localhost:5000/api/u/" in text
    assert "/api/t/c/" in html and "/api/t/o/" in html and "shop.example" not in html
    row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.member_id == ids[0]))
    assert row.status == "sent" and row.subject == "Member 0, a gift for you"
    assert row.provider_message_id == msg["Message-ID"]
    assert (
        db.session.scalar(select(DeliveryEvent.status).where(DeliveryEvent.message_id == row.id))
        == "sent"
    )


def test_render_failure_at_send_fails_only_that_message(members, message_template, email_channel):
    ids = members(2)
    message_template("c", "email", subject="Hi", body="Code {{ coupon.code }}")
    enqueue_messages(
        db.session,
        [(ids[0], "email", "c", {"coupon": {"code": "X"}}, "k0"), (ids[1], "email", "c", {}, "k1")],
        NOW,
    )
    db.session.commit()
    assert Dispatcher(db.session, clock=lambda: NOW).run().outcomes == {"sent": 1, "failed": 1}
    failed = db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == "k1"))
    assert failed.reason.startswith("render_error")


def test_smtp_down_is_a_temporary_failure(members, message_template, channels):
    from tests.messaging.sinks import free_port

    channels(
        "email",
        {"host": "127.0.0.1", "port": free_port(), "tls": "none", "from_address": "a@b.example"},
    )
    ids = members(1)
    message_template("t", "email", subject="Hi", body="Hi")
    enqueue_messages(db.session, [(ids[0], "email", "t", {}, "k")], NOW)
    db.session.commit()
    assert Dispatcher(db.session, clock=lambda: NOW).run().outcomes == {"retry": 1}
