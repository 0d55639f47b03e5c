"""The dashboard of a period: build the days it needs, then read every figure."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dashboard import figures
from app.dashboard.core import figure, movement, ratio
from app.dashboard.periods import Period
from app.dashboard.refresh import ensure_days
from app.dashboard.snapshots import snapshot_on, take_snapshot
from app.dashboard.source_days import NO_CHANNEL, source_metrics
from app.models import Journey
from app.models.members import TIERS

#: Metrics a monitor can watch, and the one function that computes each.
METRICS = (
    "active_30",
    "active_90",
    "new_members",
    "payers",
    "repurchase_rate",
    "average_order_value",
    "paid_orders",
    "paid_amount",
)


def prepare(session: Session, period: Period, now: datetime) -> None:
    """Build the days the period and its previous one read; the caller commits."""
    previous = period.previous()
    first = min(previous.start, previous.end - timedelta(days=89))
    ensure_days(session, first, period.end, now)
    # Today's tiers and segments: taken by the first read of the day (and the nightly job).
    if period.end >= now.date() and snapshot_on(session, now.date())[0] != now.date():
        take_snapshot(session, now.date())


def metrics(session: Session, period: Period) -> dict[str, float | None]:
    """Every metric of :data:`METRICS` for one period (its days already built)."""
    count, repeat = figures.payers(session, period)
    totals = figures.totals(session, period)
    return {
        "active_30": figures.active_members(session, figures.window(period.end, 30)),
        "active_90": figures.active_members(session, figures.window(period.end, 90)),
        "new_members": totals["new_members"],
        "payers": count,
        "repurchase_rate": ratio(repeat, count),
        "average_order_value": ratio(totals["paid_amount"], totals["paid_orders"]),
        "paid_orders": totals["paid_orders"],
        "paid_amount": totals["paid_amount"],
    }


def dashboard(session: Session, period: Period, now: datetime) -> dict:
    """The dashboard of ``period`` against the previous period of equal length."""
    prepare(session, period, now)
    previous = period.previous()
    now_m, before_m = metrics(session, period), metrics(session, previous)
    digits = {"repurchase_rate": 4}
    return {
        "period": period.to_json(),
        "previous": previous.to_json(),
        "metrics": {
            name: figure(now_m[name], before_m[name], digits.get(name, 2)) for name in METRICS
        },
        **_segments(session, period, previous),
        "journeys": _journeys(session, period, previous),
        "channels": _channels(session, period, previous),
        "sources": _sources(session, period, previous),
        "daily": figures.daily(session, period),
    }


def _segments(session: Session, period: Period, previous: Period) -> dict:
    day, now = snapshot_on(session, period.end)
    before_day, before = snapshot_on(session, previous.end)
    return {
        "snapshots": {
            "current": day and day.isoformat(),
            "previous": before_day and before_day.isoformat(),
        },
        "tiers": movement(now["tier"], before["tier"] if before_day else None, TIERS),
        "rfm_segments": movement(now["rfm"], before["rfm"] if before_day else None),
    }


def _journeys(session: Session, period: Period, previous: Period) -> list[dict]:
    now, before = figures.by_journey(session, period), figures.by_journey(session, previous)
    ids = set(now) | set(before)
    names = {
        jid: (key, name)
        for jid, key, name in session.execute(
            select(Journey.id, Journey.key, Journey.name).where(Journey.id.in_(ids))
        ).all()
    }
    rows = [
        {
            "journey_id": jid,
            "key": names.get(jid, (None, None))[0],
            "name": names.get(jid, (None, None))[1],
            "orders": now.get(jid, (0, 0.0))[0],
            **figure(now.get(jid, (0, 0.0))[1], before.get(jid, (0, 0.0))[1]),
        }
        for jid in ids
    ]
    return sorted(rows, key=lambda r: (-r["value"], r["journey_id"]))


def _channels(session: Session, period: Period, previous: Period) -> list[dict]:
    now, before = figures.by_channel(session, period), figures.by_channel(session, previous)
    return [
        {
            "channel": channel,
            "messages": now.get(channel, (0, 0.0))[0],
            "previous_messages": before.get(channel, (0, 0.0))[0],
            "cost": figure(now.get(channel, (0, 0.0))[1], before.get(channel, (0, 0.0))[1], 4),
        }
        for channel in sorted(set(now) | set(before))
    ]


#: The figures split by registration channel, and their rounding.
SOURCE_FIGURES = {
    "new_members": 0,
    "active_30": 0,
    "payers": 0,
    "repurchase_rate": 4,
    "paid_orders": 0,
    "paid_amount": 2,
}


def _sources(session: Session, period: Period, previous: Period) -> list[dict]:
    """Per registration channel (``None``: registered without one), each figure against
    the previous period; channels by paid amount, then name."""
    now, before = source_metrics(session, period), source_metrics(session, previous)

    def value(figures_of: dict, channel: str, name: str) -> float | None:
        if channel in figures_of:
            return figures_of[channel][name]
        return None if name == "repurchase_rate" else 0

    rows = [
        {
            "channel": None if channel == NO_CHANNEL else channel,
            **{
                name: figure(value(now, channel, name), value(before, channel, name), digits)
                for name, digits in SOURCE_FIGURES.items()
            },
        }
        for channel in set(now) | set(before)
    ]
    return sorted(rows, key=lambda r: (-(r["paid_amount"]["value"] or 0), r["channel"] or ""))
