"""What happens after a send, drawn from each channel's history: opens, clicks and members
leaving the channel.

The rates are read once per forecast, set-based, from the real outbox and members over the
last 90 days: of the messages a channel sent (sent, delivered, opened or clicked), the share
opened (opened or clicked, as the report counts them), the share clicked, and the members
who left the channel (``unsubscribed_<channel>_at``) per message it sent. Each draw's sent
messages then open, click and unsubscribe binomially at those rates (clicks among the
opens), so the figures carry the draws' spread; their value is the expectation, rate ×
messages sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.models.members import Member
from app.models.outbox import SENT_LIKE, OutboxMessage

LOOKBACK = timedelta(days=90)
OPENED = ("opened", "clicked")
#: Channels a member can leave, and the column saying when they did.
LEFT_AT = {
    "email": Member.unsubscribed_email_at,
    "sms": Member.unsubscribed_sms_at,
    "push": Member.unsubscribed_push_at,
}
OUTCOMES = ("opened", "clicked", "unsubscribed")


@dataclass(frozen=True)
class ChannelRates:
    """A channel's history over the lookback: messages sent and the rates per message."""

    sent: int
    opened: float
    clicked: float
    unsubscribed: float

    def to_json(self) -> dict:
        return {
            "history_sent": self.sent,
            "open_rate": round(self.opened, 6),
            "click_rate": round(self.clicked, 6),
            "unsubscribe_rate": round(self.unsubscribed, 6),
        }


def channel_rates(session: Session, now: datetime) -> dict[str, ChannelRates]:
    """Each channel's open, click and unsubscribe rates over the last 90 days: one grouped
    query over the outbox and one count per channel members can leave."""
    since = now - LOOKBACK
    rows = session.execute(
        select(
            OutboxMessage.channel,
            func.count(),
            func.sum(case((OutboxMessage.status.in_(OPENED), 1), else_=0)),
            func.sum(case((OutboxMessage.status == "clicked", 1), else_=0)),
        )
        .where(
            OutboxMessage.status.in_(SENT_LIKE),
            OutboxMessage.sent_at >= since,
            OutboxMessage.sent_at < now,
        )
        .group_by(OutboxMessage.channel)
    ).all()
    out = {}
    for channel, sent, opened, clicked in rows:
        left = 0
        if channel in LEFT_AT:
            column = LEFT_AT[channel]
            left = session.scalar(
                select(func.count()).where(column >= since, column < now).select_from(Member)
            )
        out[channel] = ChannelRates(
            sent,
            (opened or 0) / sent,
            (clicked or 0) / sent,
            min((left or 0) / sent, 1.0),
        )
    return out


def draw_outcomes(
    sent: np.ndarray, rates: ChannelRates | None, rng: np.random.Generator
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per outcome: ``(expected, drawn)`` per draw, from the draws' messages ``sent``."""
    sent = np.asarray(sent, dtype=np.int64)
    if rates is None:
        zeros = np.zeros(sent.shape)
        return {name: (zeros, zeros) for name in OUTCOMES}
    opened = rng.binomial(sent, rates.opened)
    given_open = rates.clicked / rates.opened if rates.opened else 0.0
    clicked = rng.binomial(opened, min(given_open, 1.0))
    left = rng.binomial(sent, rates.unsubscribed)
    return {
        "opened": (sent * rates.opened, opened),
        "clicked": (sent * rates.clicked, clicked),
        "unsubscribed": (sent * rates.unsubscribed, left),
    }
