"""Provider status callbacks: one secret per channel, in the callback URL, rotatable by admins.

The secret is random (not derived from ``SECRET_KEY``), kept in the channel's settings row
(``channel_configs.settings["callback_secret"]``), compared in constant time, shown only to
admins (``GET /api/channels``) and replaced by ``POST /api/channels/<channel>/callback-secret``,
after which the old URL answers 404. Providers that can only be given a URL get it whole;
a viewer never sees it, so cannot report deliveries, opens or clicks.
"""

from __future__ import annotations

import hmac
import secrets

from sqlalchemy.orm import Session

from app.messaging.providers import get_provider
from app.messaging.signing import base_url
from app.models import ChannelConfig


def _row(session: Session, channel: str) -> ChannelConfig:
    row = session.get(ChannelConfig, channel)
    if row is None:
        row = ChannelConfig(
            channel=channel, enabled=not get_provider(channel).needs_settings, settings={}
        )
        session.add(row)
    return row


def rotate_secret(session: Session, channel: str) -> str:
    """Give the channel a new callback secret (does not commit); returns it."""
    row = _row(session, channel)
    secret = secrets.token_urlsafe(32)
    row.settings = {**(row.settings or {}), "callback_secret": secret}
    session.flush()
    return secret


def callback_secret(session: Session, channel: str) -> str:
    """The channel's callback secret, made on first use (does not commit)."""
    row = session.get(ChannelConfig, channel)
    found = ((row.settings if row else None) or {}).get("callback_secret")
    return found or rotate_secret(session, channel)


def callback_url(channel: str, secret: str) -> str:
    return f"{base_url()}/api/channels/callbacks/{channel}/{secret}"


def check_secret(session: Session, channel: str, given: str) -> bool:
    row = session.get(ChannelConfig, channel)
    stored = ((row.settings if row else None) or {}).get("callback_secret")
    return bool(stored) and hmac.compare_digest(stored.encode(), given.encode())
