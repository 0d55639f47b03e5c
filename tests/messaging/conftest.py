"""Messaging fixtures: members, templates, channel settings and the local sinks."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from app.extensions import db
from app.messaging.settings import save_channel
from app.models import Member, MessageTemplate
from tests.messaging.sinks import HttpSink, SmtpSink


@pytest.fixture
def members(app):
    """Insert ``n`` members in one statement (consenting, with email and phone by default)."""

    def make(n: int, prefix: str = "M", **fields) -> list[int]:
        base = {
            "consent_email": True,
            "consent_sms": True,
            "consent_push": True,
            "timezone": "Asia/Shanghai",
        }
        rows = [
            {
                "external_id": f"{prefix}{i:06d}",
                "name": f"Member {i}",
                "email": f"{prefix.lower()}{i}@example.com",
                "phone": f"1380000{i:04d}",
                **base,
                **fields,
            }
            for i in range(n)
        ]
        db.session.execute(insert(Member), rows)
        db.session.commit()
        found = dict(db.session.execute(select(Member.external_id, Member.id)).all())
        return [found[r["external_id"]] for r in rows]

    return make


@pytest.fixture
def message_template(app):
    def make(key: str, channel: str, body: str, subject: str = "", category: str = "marketing"):
        t = MessageTemplate(
            key=key, name=key, channel=channel, subject=subject, body=body, category=category
        )
        db.session.add(t)
        db.session.commit()
        return t

    return make


@pytest.fixture
def smtp_sink():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def http_sink():
    with HttpSink() as sink:
        yield sink


@pytest.fixture
def channels(app):
    """Save a channel's settings (provider config and rules), failing loudly on problems."""

    def configure(channel: str, config: dict, rules: dict | None = None, enabled: bool = True):
        problems = save_channel(db.session, channel, enabled, config, rules or {})
        assert not problems, problems
        db.session.commit()

    return configure


@pytest.fixture
def email_channel(channels, smtp_sink):
    channels(
        "email",
        {
            "host": "127.0.0.1",
            "port": smtp_sink.port,
            "tls": "none",
            "from_address": "club@brand.example",
            "from_name": "Brand Club",
        },
    )
    return smtp_sink
