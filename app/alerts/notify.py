"""Telling admins: every alert shows in the app (the alerts list and the header's unread
count); when an email channel is configured, each active admin also gets an email."""

from __future__ import annotations

from datetime import datetime
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.messaging.providers.base import Outgoing, SendContext
from app.messaging.settings import load_channels
from app.messaging.signing import base_url
from app.models import Alert, User


def email_admins(session: Session, alert: Alert, now: datetime, subject: str = "") -> dict:
    """Email the alert to active admins through the email channel's provider (its sandbox
    on the demo); how many were sent, and why not when none."""
    setup = load_channels(session).get("email")
    if setup is None or not setup.usable:
        return {"sent": 0, "reason": "no email channel configured"}
    admins = session.execute(
        select(User.id, User.email).where(User.role == "admin", User.active.is_(True))
    ).all()
    link = f"{base_url()}/alerts"
    concerned = f"<p>Members concerned: {alert.members:,}</p>" if alert.monitor_id else ""
    body = (
        f"<p>{escape(alert.message)}</p>{concerned}"
        f'<p><a href="{escape(link)}">Open the alerts</a></p>'
    )
    messages = [
        Outgoing(
            message_id=0,
            idempotency_key=f"alert:{alert.id}:user:{user_id}",
            channel="email",
            category="transactional",
            to=email,
            subject=(subject or f"KPI alert: {alert.message}")[:300],
            body=body,
        )
        for user_id, email in admins
    ]
    if not messages:
        return {"sent": 0, "reason": "no active admin"}
    outcomes = setup.provider.send(messages, setup.config, SendContext(session, now))
    sent = sum(1 for o in outcomes if o.status == "sent")
    failed = [o.reason for o in outcomes if o.status != "sent"]
    return {"sent": sent, **({"failed": failed[:3]} if failed else {})}
