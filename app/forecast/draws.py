"""What members will do over the horizon, drawn for every copy in the sandbox.

Orders: each member's expected purchases in 90 days (BG/NBD, which already weighs in the
probability that they are still active) gives a Poisson rate; members without a prediction
(no purchase yet) buy at the base's rate of first purchases in the last 90 days. Each order's
amount is drawn around the member's expected spend (Gamma-Gamma) with a Gamma of shape 4;
its other properties come from one of the member's own past ``order_paid`` events (so a
wait for "an order of infant formula" sees the categories they buy).

Other events a journey listens to (entries, waits, goals, exits): each member's count of
that event in the last 90 days, shrunk towards the base's mean, gives their rate; the
properties of each drawn event are those of one of their past events of the type (or the
base's, when they have none).

Everything is vectorised over all copies with numpy, from one seeded generator.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.events import Event
from app.models.members import Member
from app.models.predictions import MemberPrediction

LOOKBACK = timedelta(days=90)
#: Properties of past events kept per member and type to draw from.
PAST_KEPT = 20


@dataclass
class Drawn:
    """One simulated event: the sandbox member, when, what."""

    member_id: int
    at: datetime
    type: str
    name: str | None
    properties: dict


def _past_properties(session: Session, member_ids: list[int], types: set[str], now):
    """``{(member_id, type): [(name, properties), ...]}`` and the base's own per type."""
    mine: dict = defaultdict(list)
    base: dict = defaultdict(list)
    counts: dict = defaultdict(int)
    if not types:
        return mine, base, counts
    for i in range(0, len(member_ids), 2000):
        chunk = member_ids[i : i + 2000]
        for member_id, kind, name, props, at in session.execute(
            select(Event.member_id, Event.type, Event.name, Event.properties, Event.occurred_at)
            .where(Event.member_id.in_(chunk), Event.type.in_(types))
            .order_by(Event.occurred_at.desc())
        ):
            if len(mine[(member_id, kind)]) < PAST_KEPT:
                mine[(member_id, kind)].append((name, props or {}))
            if at is not None and at >= now - LOOKBACK:
                counts[(member_id, kind)] += 1
    for kind in types:
        rows = session.execute(
            select(Event.name, Event.properties)
            .where(Event.type == kind)
            .order_by(Event.id.desc())
            .limit(200)
        ).all()
        base[kind] = [(n, p or {}) for n, p in rows]
    return mine, base, counts


#: The shortest span of history a rate is taken over.
MIN_SPAN_DAYS = 1.0


def history_span(first: datetime | None, now: datetime) -> float:
    """The days of history a type's rate is taken over: the last 90 days, or fewer when the
    type's first event within them is later (a shop that began sending an event a week ago
    has a week of it, not 90 days diluted), but at least :data:`MIN_SPAN_DAYS`."""
    if first is None:
        return float(LOOKBACK.days)
    if first.tzinfo is None:
        first = first.replace(tzinfo=now.tzinfo)
    days = (now - max(first, now - LOOKBACK)).total_seconds() / 86400
    return min(max(days, MIN_SPAN_DAYS), float(LOOKBACK.days))


def base_event_rates(
    session: Session, types: set[str], now: datetime
) -> dict[str, tuple[float, float]]:
    """Per type: events per member per day across the base, and the span of history in
    days it is taken over (:func:`history_span`); one grouped query over the last 90 days."""
    members = session.scalar(select(func.count()).select_from(Member)) or 1
    found = {
        kind: (n, first)
        for kind, n, first in session.execute(
            select(Event.type, func.count(), func.min(Event.occurred_at))
            .where(
                Event.type.in_(types), Event.occurred_at >= now - LOOKBACK, Event.occurred_at < now
            )
            .group_by(Event.type)
        )
    }
    out = {}
    for kind in types:
        n, first = found.get(kind, (0, None))
        span = history_span(first, now)
        out[kind] = ((n or 0) / members / span, span)
    return out


def first_purchase_rate(session: Session, now: datetime) -> float:
    """First orders per not-yet-buying member per day, over the last 90 days."""
    since = now - LOOKBACK
    new = session.scalar(select(func.count()).where(Member.first_order_at >= since)) or 0
    never = session.scalar(select(func.count()).where(Member.first_order_at.is_(None))) or 0
    return new / max(new + never, 1) / LOOKBACK.days


def draw_activity(
    session: Session,
    copies: list[tuple[int, int]],
    event_types: set[str],
    start: datetime,
    days: int,
    rng: np.random.Generator,
) -> list[Drawn]:
    """Orders and the listened-to events of every copy ``(sandbox id, real id)`` over
    ``days`` from ``start``, read from the real database's predictions and history."""
    real_ids = sorted({real for _, real in copies})
    predictions = {}
    for i in range(0, len(real_ids), 2000):
        chunk = real_ids[i : i + 2000]
        for member_id, expected, spend in session.execute(
            select(
                MemberPrediction.member_id,
                MemberPrediction.expected_purchases_90,
                MemberPrediction.expected_spend,
            ).where(MemberPrediction.member_id.in_(chunk))
        ):
            predictions[member_id] = (expected or 0.0, spend or 0.0)
    spends = [s for _, s in predictions.values() if s > 0]
    typical_spend = float(np.median(spends)) if spends else 100.0
    newcomer = first_purchase_rate(session, start)
    types = set(event_types) | {"order_paid"}
    mine, base, counts = _past_properties(session, real_ids, types, start)
    rates = base_event_rates(session, set(event_types) - {"order_paid"}, start)

    sandbox_ids = np.array([s for s, _ in copies], dtype=np.int64)
    reals = [r for _, r in copies]
    out: list[Drawn] = []
    seconds = days * 86400

    order_rate = np.array(
        [predictions[r][0] / 90.0 if r in predictions else newcomer for r in reals]
    )
    spend = np.array([predictions.get(r, (0.0, 0.0))[1] or typical_spend for r in reals])
    n_orders = rng.poisson(order_rate * days)
    for i in np.nonzero(n_orders)[0]:
        real = reals[i]
        past = mine.get((real, "order_paid")) or base.get("order_paid") or [(None, {})]
        for _ in range(int(n_orders[i])):
            at = start + timedelta(seconds=float(rng.uniform(0, seconds)))
            amount = round(float(rng.gamma(4.0, spend[i] / 4.0)), 2)
            name, props = past[int(rng.integers(len(past)))]
            properties = {**props, "amount": amount, "gross_amount": amount, "discount": 0.0}
            properties.pop("coupon_code", None)
            out.append(Drawn(int(sandbox_ids[i]), at, "order_paid", name, properties))

    for kind in sorted(set(event_types) - {"order_paid"}):
        mean, span = rates.get(kind, (0.0, float(LOOKBACK.days)))
        if mean <= 0:
            continue
        # Shrink each member's own rate towards the base's (one pseudo-event's weight).
        own = np.array([counts.get((r, kind), 0) for r in reals], dtype=float)
        rate = (own + 1.0) / (span + 1.0 / mean)
        n_events = rng.poisson(rate * days)
        for i in np.nonzero(n_events)[0]:
            real = reals[i]
            past = mine.get((real, kind)) or base.get(kind) or [(None, {})]
            for _ in range(int(n_events[i])):
                at = start + timedelta(seconds=float(rng.uniform(0, seconds)))
                name, props = past[int(rng.integers(len(past)))]
                out.append(Drawn(int(sandbox_ids[i]), at, kind, name, dict(props)))
    out.sort(key=lambda d: d.at)
    return out
