"""Webhooks reach public addresses only, unless an admin allow-lists a host; redirects are
not followed and a provider's answer is read only up to a limit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.database import insert_ignoring_duplicates
from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.messaging.providers.http_adapter import MAX_RESPONSE_BYTES
from app.messaging.providers.targets import TargetRefused, check_target
from app.models import OutboxMessage

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/x",
        "http://localhost/x",
        "http://10.1.2.3/",
        "http://172.16.0.9/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:127.0.0.1]/",
        "ftp://example.com/x",
        "file:///etc/passwd",
    ],
)
def test_private_and_special_targets_are_refused(url):
    with pytest.raises(TargetRefused):
        check_target(url)


def test_public_addresses_and_allow_listed_hosts_pass():
    check_target("https://93.184.216.34/hook")
    check_target("http://127.0.0.1:5000/hook", ["127.0.0.1"])
    check_target("http://Internal.Example/hook", ["internal.example"])
    with pytest.raises(TargetRefused):
        check_target("http://127.0.0.1/hook", ["internal.example"])


def queue_node_webhook(member_id: int, url: str, key: str = "run:1:n9:1") -> None:
    insert_ignoring_duplicates(
        db.session,
        OutboxMessage.__table__,
        [
            {
                "idempotency_key": key,
                "member_id": member_id,
                "channel": "webhook",
                "template_key": "node:n9",
                "category": "transactional",
                "context": {"target": {"url": url}, "payload": {"member_id": member_id}},
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


def outbox(key: str = "run:1:n9:1") -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))


def test_a_journey_webhook_to_loopback_fails_without_a_request(members, channels, http_sink):
    channels("webhook", {"secret": "0123456789abcdef"})
    (m,) = members(1)
    queue_node_webhook(m, http_sink.url + "/internal")
    assert Dispatcher(db.session, clock=lambda: NOW).run().outcomes == {"failed": 1}
    row = outbox()
    assert row.reason.startswith("refused target: 127.0.0.1 is a loopback address")
    assert not http_sink.attempts


def test_metadata_address_is_refused(members, channels):
    channels("webhook", {"secret": "0123456789abcdef"})
    (m,) = members(1)
    queue_node_webhook(m, "http://169.254.169.254/latest/meta-data/iam/")
    assert Dispatcher(db.session, clock=lambda: NOW).run().outcomes == {"failed": 1}
    assert "link-local" in outbox().reason


def test_an_allow_listed_host_is_reached_and_redirects_are_not_followed(
    members, channels, http_sink
):
    channels("webhook", {"secret": "0123456789abcdef", "allowed_hosts": ["127.0.0.1"]})
    (m,) = members(1)
    queue_node_webhook(m, http_sink.url + "/crm", "k1")
    assert Dispatcher(db.session, clock=lambda: NOW).run().outcomes == {"sent": 1}
    assert http_sink.delivered["k1"]["path"] == "/crm"

    http_sink.redirect_to = "http://169.254.169.254/latest/meta-data/"
    queue_node_webhook(m, http_sink.url + "/crm", "k2")
    assert Dispatcher(db.session, clock=lambda: NOW).run().outcomes == {"failed": 1}
    assert outbox("k2").reason.startswith("http 307")
    assert http_sink.attempts["k2"] == 1


def test_an_oversized_answer_is_not_read(members, channels, http_sink):
    channels("webhook", {"secret": "0123456789abcdef", "allowed_hosts": ["127.0.0.1"]})
    (m,) = members(1)
    http_sink.answer = b'{"id": "' + b"x" * (MAX_RESPONSE_BYTES + 10) + b'"}'
    queue_node_webhook(m, http_sink.url + "/crm")
    assert Dispatcher(db.session, clock=lambda: NOW).run().outcomes == {"sent": 1}
    assert outbox().provider_message_id is None
