"""Demo channels: email, SMS, push and webhooks set to the sandbox, so every example publishes.

The sandbox captures each message (listed by ``GET /api/channels/sandbox``) and sends
nothing; the Settings page names it. Channels an admin has set up already are left alone.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.messaging.settings import save_channel
from app.models import ChannelConfig

SANDBOX_CHANNELS = ("email", "sms", "push", "webhook")


def configure_sandbox_channels(session: Session) -> list[str]:
    """Set every unconfigured sandbox-able channel to the sandbox; returns those set."""
    saved = set(session.scalars(select(ChannelConfig.channel)))
    done = []
    for channel in SANDBOX_CHANNELS:
        if channel in saved:
            continue
        problems = save_channel(session, channel, True, {}, {}, sandbox=True)
        if problems:  # pragma: no cover - empty sandbox settings always pass
            raise ValueError(problems)
        done.append(channel)
    session.commit()
    return done
