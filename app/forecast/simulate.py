"""Running the journey in the sandbox on a virtual clock: the engine's own code throughout.

The journey is published in the box (``app.engine.lifecycle.publish``: one-off audience
entries enter then), and the clock jumps from one moment something is due to the next:
runs falling due (``advance_due``, the runner every batch of the ticker uses), messages due
at the delivery dispatcher (quiet hours and caps defer them), drawn orders and events
(stored and handed to ``handle_events``, as ingestion does: entries, waits, goals, exits),
and, for journeys that have them, the entry jobs (recurring audiences, date entries, the
exit sweep) every hour. Every channel of the box captures its messages: nothing is sent.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, datetime, timedelta

from croniter import croniter
from sqlalchemy import func, insert, select

from app.engine import lifecycle
from app.engine.claims import next_due_at
from app.engine.dates import run_date_entries
from app.engine.events import handle_events
from app.engine.exits import sweep_exit_criteria
from app.engine.jobs import run_recurring_entries
from app.engine.runner import advance_due
from app.engine.webhook_answers import wake_runs
from app.forecast.draws import Drawn
from app.forecast.sandbox import Sandbox
from app.messaging.dispatcher import Dispatcher
from app.models.events import Event
from app.models.journeys import Journey
from app.models.orders import Order
from app.models.outbox import DUE_STATUSES, OutboxMessage
from app.timezones import zone as zone_named

BATCH = 20_000
#: Drawn activity is stored at the end of each such slice of the horizon.
EVENT_SLICE = timedelta(hours=12)
#: How often date entries and the exit sweep run for journeys that have them (each local day
#: is seen four times; entry keys make the repeats enter nobody twice). Recurring audiences
#: run when their cron fires.
JOB_PERIOD = timedelta(hours=6)
#: Orders drawn for the forecast carry this external id prefix.
ORDER_PREFIX = "forecast-"


class SandboxDispatcher(Dispatcher):
    """The delivery dispatcher as it is, telling no live listener about the box's messages."""

    def _commit(self, claim, results):
        recorded = self._record(claim, results)
        if recorded and claim.rows[0].channel == "webhook":
            wake_runs(claim.conn, [claim.by_id[r.id] for r in recorded], recorded, claim.now)
        claim.conn.commit()
        if recorded:
            claim.stats.outcomes.update(r.status for r in recorded)


def _needs_jobs(document: dict) -> bool:
    """Whether the journey has date entries or rule exit criteria (the periodic jobs)."""
    if any(n["type"] == "entry.date" for n in document.get("nodes", [])):
        return True
    criteria = (document.get("settings") or {}).get("exit_criteria") or []
    return any(c.get("kind") == "rules" for c in criteria)


def _next_fire(document: dict, after: datetime) -> datetime | None:
    """The next moment a recurring audience entry's cron fires (journey timezone)."""
    timezone = (document.get("settings") or {}).get("timezone", "UTC")
    fires = [
        croniter((n.get("config") or {})["cron"], after.astimezone(zone_named(timezone)))
        .get_next(datetime)
        .astimezone(UTC)
        for n in document.get("nodes", [])
        if n["type"] == "entry.audience" and (n.get("config") or {}).get("schedule") == "recurring"
    ]
    return min(fires) if fires else None


def _keeps_entering(document: dict) -> bool:
    """Whether members may enter after publishing (events, dates, recurring audiences)."""
    for node in document.get("nodes", []):
        config = node.get("config") or {}
        if node["type"].startswith("entry.") and not (
            node["type"] == "entry.audience" and config.get("schedule", "once") == "once"
        ):
            return True
    return False


def _tail_days(document: dict) -> int:
    """How long drawn orders still count once nobody is inside: the goal's window and the
    attribution window."""
    settings = document.get("settings") or {}
    goal = (settings.get("goal") or {}).get("conversion_window_days") or 0
    return max(int(goal), int(settings.get("attribution_window_days") or 7))


def _live_runs(session) -> bool:
    from app.models.runs import LIVE_STATUSES, JourneyMember

    found = session.scalar(
        select(JourneyMember.id).where(JourneyMember.status.in_(LIVE_STATUSES)).limit(1)
    )
    return found is not None


def _store(session, drawn: list[Drawn], now: datetime, serial: list[int]) -> list[int]:
    """Store drawn orders (with their ``order_paid`` event) and events; their event ids."""
    orders, events = [], []
    for d in drawn:
        serial[0] += 1
        key = f"{ORDER_PREFIX}{serial[0]}"
        if d.type == "order_paid":
            amount = d.properties.get("amount", 0)
            orders.append(
                {
                    "external_id": key,
                    "member_id": d.member_id,
                    "amount": amount,
                    "discount": 0,
                    "net_amount": amount,
                    "paid_at": d.at,
                    "channel": d.properties.get("channel") or "online",
                    "status": "paid",
                    "created_at": now,
                }
            )
            d.properties["order_id"] = key
        events.append(
            {
                "external_id": key,
                "member_id": d.member_id,
                "type": d.type,
                "name": d.name,
                "occurred_at": d.at,
                "properties": d.properties,
                "created_at": now,
            }
        )
    if orders:
        session.execute(insert(Order), orders)
    if not events:
        return []
    session.execute(insert(Event), events)
    keys = [e["external_id"] for e in events]
    return list(session.scalars(select(Event.id).where(Event.external_id.in_(keys))))


def _messages_due(session, now: datetime) -> bool:
    return (
        session.scalar(
            select(OutboxMessage.id)
            .where(OutboxMessage.status.in_(DUE_STATUSES), OutboxMessage.next_attempt_at <= now)
            .limit(1)
        )
        is not None
    )


def _next_message(session, now: datetime) -> datetime | None:
    return session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(
            OutboxMessage.status.in_(DUE_STATUSES), OutboxMessage.next_attempt_at > now
        )
    )


def run_in_box(box: Sandbox, start: datetime, days: int, drawn: list[Drawn]) -> datetime:
    """Publish the journey in ``box`` at ``start`` and run it to ``start + days``; returns
    the end of the horizon."""
    end = start + timedelta(days=days)
    with box.session() as session:
        journey = session.get(Journey, box.journey_id)
        version, _ = lifecycle.publish(session, journey, start)
        document = version.document
        session.commit()
    jobs = _needs_jobs(document)
    # Once nobody is inside a journey no one can enter any more, drawn orders matter only
    # within the goal and attribution windows of the last step.
    closes = not _keeps_entering(document)
    tail = timedelta(days=_tail_days(document))
    closed = False
    # Drawn events reach the engine while someone is inside (or was, within the goal and
    # attribution windows) or when events enter members; otherwise they are only stored, as
    # history later conditions read: handing them over would find no run to act on.
    on_events = any(n["type"] == "entry.event" for n in document.get("nodes", []))
    busy_until = start + tail
    dispatcher = SandboxDispatcher(None, clock=lambda: now, batch_size=BATCH)  # type: ignore[arg-type]
    pending, taken = list(drawn), 0
    serial = [0]
    now, last_jobs, last_fire = start, start, start
    fire = _next_fire(document, start)
    while True:
        with box.session() as session:
            dispatcher.session = session
            while advance_due(session, now, BATCH).runs >= BATCH:
                session.commit()
            session.commit()
            due_messages = _messages_due(session, now)
            session.commit()  # the dispatcher takes the write lock on its own connection
            if due_messages:
                dispatcher.run()
                session.commit()
                while advance_due(session, now, BATCH).runs >= BATCH:
                    session.commit()
                session.commit()
            moments = [next_due_at(session, now), _next_message(session, now)]
            if _live_runs(session):
                busy_until = now + tail
            if closes and not closed and moments == [None, None] and not _live_runs(session):
                closed = True
                pending = pending[: bisect_right([d.at for d in pending], now + tail)]
        if taken < len(pending):
            at = pending[taken].at
            moments.append(start + EVENT_SLICE * (int((at - start) / EVENT_SLICE) + 1))
        if jobs:
            moments.append(last_jobs + JOB_PERIOD)
        if fire is not None:
            moments.append(fire)
        upcoming = [m for m in moments if m is not None]
        if not upcoming:
            break
        now = min(upcoming)
        if now > end:
            break
        with box.session() as session:
            until = taken
            while until < len(pending) and pending[until].at <= now:
                until += 1
            if until > taken:
                ids = _store(session, pending[taken:until], now, serial)
                taken = until
                if on_events or now <= busy_until:
                    handle_events(session, ids, now)
            if fire is not None and now >= fire:
                run_recurring_entries(now, last_fire, session)
                last_fire, fire = now, _next_fire(document, now)
            if jobs and now >= last_jobs + JOB_PERIOD:
                run_date_entries(now, session)
                sweep_exit_criteria(now, session)
                last_jobs = now
            session.commit()
    return end
