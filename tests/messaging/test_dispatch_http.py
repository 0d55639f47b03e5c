"""SMS, push and webhook go to a local HTTP server started by the test."""

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.messaging.outbox import EnqueueError, enqueue_messages
from app.models import OutboxMessage, Suppression

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


def dispatch(at=NOW):
    return Dispatcher(db.session, clock=lambda: at).run().outcomes


def row(key):
    db.session.expire_all()
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))


@pytest.fixture
def sms(channels, http_sink, message_template):
    channels(
        "sms",
        {
            "endpoint": http_sink.url + "/sms",
            "auth_header_value": "Bearer s3cret",
            "payload": {"mobile": "$to", "content": "$text", "meta": {"ref": "$key"}},
        },
    )
    message_template("offer", "sms", body="{{ member.name }}: 50 off today")
    return http_sink


def test_marketing_sms_ends_with_unsubscribe_line_and_records_cost(members, sms):
    ids = members(2)
    enqueue_messages(db.session, [(m, "sms", "offer", {}, f"k{m}") for m in ids], NOW)
    db.session.commit()
    assert dispatch() == {"sent": 2}
    got = sms.delivered[f"k{ids[0]}"]
    assert got["json"] == {
        "mobile": "13800000000",
        "content": "Member 0: 50 off today 回T退订",
        "meta": {"ref": f"k{ids[0]}"},
    }
    assert got["headers"]["Authorization"] == "Bearer s3cret" and got["path"] == "/sms"
    r = row(f"k{ids[0]}")
    assert r.cost == Decimal("0.04") and r.provider_message_id == f"prov-k{ids[0]}"


def test_quiet_hours_defer_then_send_at_nine(members, sms):
    (m,) = members(1)
    late = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # 22:00 local
    enqueue_messages(db.session, [(m, "sms", "offer", {}, "k")], late)
    db.session.commit()
    assert dispatch(late) == {"deferred": 1}
    assert row("k").reason == "quiet_hours" and row("k").next_attempt_at == datetime(
        2026, 3, 3, 1, 0, tzinfo=UTC
    )
    assert dispatch(late + timedelta(hours=2)) == {}
    assert dispatch(datetime(2026, 3, 3, 1, 0, tzinfo=UTC)) == {"sent": 1}
    assert row("k").attempts == 1


def test_daily_cap_defers_the_second_marketing_sms(members, sms):
    (m,) = members(1)
    enqueue_messages(db.session, [(m, "sms", "offer", {}, "a"), (m, "sms", "offer", {}, "b")], NOW)
    db.session.commit()
    assert dispatch() == {"sent": 1, "deferred": 1}
    assert row("b").reason == "frequency_cap_day"
    assert dispatch(NOW + timedelta(hours=1)) == {}
    assert dispatch(datetime(2026, 3, 3, 1, 0, tzinfo=UTC)) == {"sent": 1}


def test_retry_with_backoff_then_permanent_failure(members, sms):
    a, b = members(2)
    sms.fail_with = [503]
    enqueue_messages(db.session, [(a, "sms", "offer", {}, "a")], NOW)
    db.session.commit()
    assert dispatch() == {"retry": 1}
    assert row("a").next_attempt_at == NOW + timedelta(minutes=1) and "503" in row("a").reason
    assert dispatch(NOW + timedelta(minutes=1)) == {"sent": 1}
    sms.fail_with = [400]
    enqueue_messages(db.session, [(b, "sms", "offer", {}, "b")], NOW)
    db.session.commit()
    assert dispatch(NOW + timedelta(minutes=2)) == {"failed": 1}
    assert "400" in row("b").reason


def test_gives_up_after_max_attempts(members, channels, sms):
    channels("sms", {"endpoint": sms.url}, {"max_attempts": 2})
    (m,) = members(1)
    sms.fail_with = [500, 500]
    enqueue_messages(db.session, [(m, "sms", "offer", {}, "k")], NOW)
    db.session.commit()
    assert dispatch() == {"retry": 1}
    assert dispatch(NOW + timedelta(hours=1)) == {"failed": 1}
    assert row("k").reason.startswith("gave up after 2 attempts")


def test_consent_unsubscribe_and_suppression_are_recorded(members, sms):
    a, b, c = members(3)
    db.session.add(Suppression(channel="*", address="13800000002", reason="complaint"))
    from app.models import Member

    db.session.get(Member, a).consent_sms = False
    db.session.get(Member, b).unsubscribed_sms_at = NOW
    enqueue_messages(db.session, [(m, "sms", "offer", {}, f"k{m}") for m in (a, b, c)], NOW)
    db.session.commit()
    assert dispatch() == {"suppressed": 3}
    assert [row(f"k{m}").reason for m in (a, b, c)] == [
        "no_consent",
        "unsubscribed",
        "suppression_list",
    ]
    assert not sms.delivered


def test_push_and_webhook(members, channels, http_sink, message_template):
    channels("push", {"endpoint": http_sink.url + "/push"})
    channels(
        "webhook",
        {
            "url": http_sink.url + "/hook",
            "secret": "0123456789abcdef",
            "allowed_hosts": ["127.0.0.1"],
        },
    )
    message_template(
        "p", "push", subject="Hi {{ member.name }}", body="{{ points.balance }} points"
    )
    message_template("w", "webhook", body="tier {{ member.tier }}")
    (m,) = members(1, points_balance=40)
    enqueue_messages(
        db.session, [(m, "push", "p", {}, "p1"), (m, "webhook", "w", {"x": 1}, "w1")], NOW
    )
    db.session.commit()
    assert dispatch() == {"sent": 2}
    assert http_sink.delivered["p1"]["json"] == {
        "alias": "M000000",
        "title": "Hi Member 0",
        "body": "40 points",
        "reference": "p1",
    }
    hook = http_sink.delivered["w1"]
    ts = hook["headers"]["X-Loyalty-Timestamp"]
    expected = hmac.new(
        b"0123456789abcdef", ts.encode() + b"." + hook["raw"], hashlib.sha256
    ).hexdigest()
    assert hook["headers"]["X-Loyalty-Signature"] == "sha256=" + expected
    assert hook["json"]["body"] == "tier basic" and hook["json"]["context"] == {"x": 1}


def test_unconfigured_channel_defers_without_spending_attempts(members, message_template):
    (m,) = members(1)
    message_template("offer", "sms", body="hi")
    enqueue_messages(db.session, [(m, "sms", "offer", {}, "k")], NOW)
    db.session.commit()
    assert dispatch() == {"deferred": 1}
    assert row("k").reason == "channel_not_configured" and row("k").attempts == 0


def test_enqueue_is_idempotent_and_checks_templates(members, sms):
    (m,) = members(1)
    first = enqueue_messages(
        db.session, [(m, "sms", "offer", {}, "k"), (m, "sms", "offer", {}, "k")], NOW
    )
    second = enqueue_messages(db.session, [(m, "sms", "offer", {}, "k")], NOW)
    assert (first.queued, second.queued, second.duplicates) == (1, 0, {"k"})
    with pytest.raises(EnqueueError) as info:
        enqueue_messages(
            db.session, [(m, "email", "offer", {}, "x"), (m, "sms", "nope", {}, "y")], NOW
        )
    assert [p["index"] for p in info.value.problems] == [0, 1]


def test_abandoned_lease_is_reclaimed_and_resent_with_same_key(members, sms):
    ids = members(3)
    enqueue_messages(db.session, [(m, "sms", "offer", {}, f"k{m}") for m in ids], NOW)
    db.session.commit()
    crashed = Dispatcher(db.session, clock=lambda: NOW)
    _, rows = crashed.claim(NOW)  # a worker that claims and dies
    assert len(rows) == 3
    assert dispatch(NOW + timedelta(minutes=4)) == {}
    assert dispatch(NOW + timedelta(minutes=5)) == {"sent": 3}
    assert set(sms.delivered) == {f"k{m}" for m in ids}
    assert row(f"k{ids[0]}").attempts == 2


def test_journey_webhook_node_posts_its_payload_to_its_target(members, channels, http_sink):
    from app.database import insert_ignoring_duplicates
    from app.messaging.providers.webhook import sign

    channels("webhook", {"secret": "0123456789abcdef", "allowed_hosts": ["127.0.0.1"]})
    (m,) = members(1)
    target = {
        "url": http_sink.url + "/crm",
        "method": "PUT",
        "headers": {"X-Crm": "1"},
        "timeout": 5,
    }
    insert_ignoring_duplicates(
        db.session,
        OutboxMessage.__table__,
        [
            {
                "idempotency_key": "run:1:n9:3",
                "member_id": m,
                "channel": "webhook",
                "template_key": "node:n9",
                "category": "transactional",
                "context": {"target": target, "payload": {"node_id": "n9", "member_id": m}},
                "status": "pending",
                "reason": "",
                "attempts": 0,
                "next_attempt_at": NOW,
                "created_at": NOW,
                "updated_at": NOW,
            }
        ],
        ["idempotency_key"],
    )
    db.session.commit()
    assert dispatch() == {"sent": 1}
    got = http_sink.delivered["run:1:n9:3"]
    assert got["path"] == "/crm" and got["json"] == {"member_id": m, "node_id": "n9"}
    ts = got["headers"]["X-Loyalty-Timestamp"]
    assert got["headers"]["X-Loyalty-Signature"] == sign("0123456789abcdef", ts, got["raw"])
    assert got["headers"]["X-Crm"] == "1"
