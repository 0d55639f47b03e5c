"""A code pool at its low-stock level raises an alert like a monitor does: listed on the
Alerts page and counted by the header's bell, and emailed to admins when an email channel is
usable. ``app/code_pools/claims.py`` records one fall once (``low_stock_since``); this makes
the alert of that fall, once (``alerts.code_pool_alert_id`` is unique)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.alerts.notify import email_admins
from app.models import Alert
from app.models.code_pools import CodePool, CodePoolAlert


def pool_sentence(pool: CodePool, remaining: int, level: int) -> str:
    return (
        f"Code pool {pool.name} ({pool.key}) is low: {remaining:,} unclaimed code(s) left, "
        f"at or below its level of {level:,}."
    )


def raise_pool_alert(
    session: Session, pool: CodePool, recorded: CodePoolAlert, now: datetime
) -> Alert:
    """Record the alert of ``recorded`` and email admins; the caller commits."""
    alert = Alert(
        monitor_id=None,
        code_pool_alert_id=recorded.id,
        period_end=now.date(),
        value=recorded.remaining,
        previous=None,
        message=pool_sentence(pool, recorded.remaining, recorded.level),
        members=0,
        fired_at=now,
    )
    session.add(alert)
    session.flush()
    alert.outcome = {
        "pool": pool.key,
        "emails": email_admins(session, alert, now, subject=f"Code pool low: {pool.key}"),
    }
    return alert
