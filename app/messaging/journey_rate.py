"""Per-journey send rates: a journey's ``settings.send_rate_per_minute``.

Right after a claim, the claimed rows of rate-limited journeys are weighed against what the
journey already used in the current minute (messages sent since the minute began, and
messages other dispatchers hold leased), in a transaction that first locks the journeys'
rows on PostgreSQL, so dispatchers take turns and together never exceed the rate (a
dispatcher may send fewer than the rate allows while another holds rows it will defer).
Rows over the budget are deferred to the next minute without using an attempt
(``journey_send_rate``). The rate applies on top of each channel's own ``rate_per_second``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection

from app.messaging.batch import Result
from app.models import Journey, JourneyVersion, OutboxMessage
from app.models.outbox import SENT_LIKE

_outbox = OutboxMessage.__table__
_versions = JourneyVersion.__table__
_journeys = Journey.__table__
REASON = "journey_send_rate"


def journey_rates(conn: Connection, journey_ids: set[int]) -> dict[int, int]:
    """``send_rate_per_minute`` of each journey's published version, where it has one."""
    if not journey_ids:
        return {}
    rows = conn.execute(
        select(_versions.c.journey_id, _versions.c.document).where(
            _versions.c.journey_id.in_(journey_ids), _versions.c.status == "published"
        )
    )
    rates = {}
    for journey_id, document in rows:
        rate = ((document or {}).get("settings") or {}).get("send_rate_per_minute")
        if rate:
            rates[journey_id] = int(rate)
    return rates


def hold_back(conn: Connection, token: str, rows: list, now: datetime) -> list[Result]:
    """Deferrals for the claimed ``rows`` over their journeys' rate this minute (does not
    commit; the caller records them with the claim's token)."""
    rates = journey_rates(conn, {r.journey_id for r in rows if r.journey_id is not None})
    if not rates:
        return []
    if conn.dialect.name == "postgresql":
        conn.execute(
            select(_journeys.c.id).where(_journeys.c.id.in_(rates)).with_for_update()
        ).all()
    minute = now.replace(second=0, microsecond=0)
    used = dict(
        conn.execute(
            select(_outbox.c.journey_id, func.count())
            .where(
                _outbox.c.journey_id.in_(rates),
                or_(
                    and_(_outbox.c.sent_at >= minute, _outbox.c.status.in_(SENT_LIKE)),
                    and_(_outbox.c.status == "sending", _outbox.c.claim_token != token),
                ),
            )
            .group_by(_outbox.c.journey_id)
        ).all()
    )
    ours = defaultdict(list)
    for row in rows:
        if row.journey_id in rates:
            ours[row.journey_id].append(row)
    later = minute + timedelta(minutes=1)
    held = []
    for journey_id, mine in ours.items():
        budget = max(rates[journey_id] - used.get(journey_id, 0), 0)
        held += [Result(r.id, "deferred", REASON, later, -1) for r in mine[budget:]]
    return held
