"""Forecasting a shipped example on the demo, then running it: the helpers of the examples'
tests (``test_examples_forecast``, ``test_event_examples_forecast``).

As ``flask demo seed`` leaves it (demo members with their orders, events and predictions,
channels in the sandbox, the examples as drafts). Each example is forecast over a week, then
published through the API and run on the virtual clock for that week (entry jobs, the ticker
and the delivery dispatcher every six hours), and each node's arrivals are set beside the
forecast's interval. During the run members order at the rate their stored predictions give
(the demo shop's fixed few orders a minute would not scale with a 300-member base), so goals
and awaited orders are reached. The examples that enter on events get their entrants the
way the demo shop makes them (``abandon_carts``: a random member leaves a cart through event
ingestion; ``register_friends``: a friend signs up with a random member's invitation code
through member ingestion, and the referral programme emits ``referral_registered``), at the
daily rate of the demo's history (carts left; friends registered, over the days the history
of the type covers within the last 90): carts a Poisson count every six hours, friends at
exactly the rate (every node of that example counts the same friends). A 300-member demo has
too few invited members for a rate, so four weeks of friends registering come first. The
forecast, for its part, draws each member's events from that same history.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select

from app.demo.channels import configure_sandbox_channels
from app.demo.journeys import import_examples
from app.demo.seed import seed
from app.demo.shop import abandon_carts, register_friends
from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Event, Member
from app.models.predictions import MemberPrediction
from tests.engine.test_examples_run import _advance

DAYS = 7
HISTORY_DAYS = 28


def entry_events(path: Path) -> set[str]:
    nodes = json.loads(path.read_text())["journey"]["nodes"]
    return {n["config"]["event_type"] for n in nodes if n["type"] == "entry.event"}


def _demo_events(start: datetime, kinds: set[str]):
    """The step posting, every six hours, the carts left and friends registered the demo
    shop's way, at the daily rate of the demo's history over the last 90 days."""
    rng = np.random.default_rng(2026)
    shop_rng = random.Random(2026)
    events = pd.read_sql(
        select(Event.type, Event.occurred_at, Event.properties).where(
            Event.type.in_(("cart_abandoned", "referral_registered"))
        ),
        db.engine,
    )
    events["occurred_at"] = pd.to_datetime(events["occurred_at"], utc=True)
    events = events[events["occurred_at"] >= pd.Timestamp(start - timedelta(days=90))]

    def per_day(rows: pd.DataFrame) -> float:
        """Events a day over the days the history of the type covers (at least one)."""
        if rows.empty:
            return 0.0
        days = (pd.Timestamp(start) - rows["occurred_at"].min()).total_seconds() / 86400
        return len(rows) / min(max(days, 1.0), 90.0)

    carts = friends = 0.0
    if "cart_abandoned" in kinds:
        carts = per_day(events[events["type"] == "cart_abandoned"])
    if kinds & {"referral_registered", "referral_first_order"}:
        # One per friend: the invitee's own event (the inviter gets the other); the span is
        # the type's, both roles.
        referrals = events[events["type"] == "referral_registered"]
        roles = referrals["properties"].map(
            lambda p: (json.loads(p) if isinstance(p, str) else p or {}).get("role")
        )
        friends = per_day(referrals) * float((roles == "invitee").mean()) if len(roles) else 0.0

    due = [0.0]

    def step(now: datetime) -> None:
        abandon_carts(db.session, now, shop_rng, int(rng.poisson(carts / 4)))
        # Friends at exactly the rate: every node of the example counts the same friends,
        # so one unlucky count would move them all out together.
        due[0] += friends / 4
        register_friends(db.session, now, shop_rng, int(due[0]))
        due[0] -= int(due[0])
        db.session.commit()

    return step


def _empty_but_users() -> None:
    keep = {"users", "api_tokens"}
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in keep:
                conn.execute(table.delete())


def _shoppers(client, clock, start: datetime):
    """Each member's orders over the week, drawn from their predictions; the returned step
    posts those that fell in the last six hours."""
    rng = random.Random(2026)
    members = db.session.execute(
        select(
            Member.id,
            Member.external_id,
            Member.first_order_at,
            MemberPrediction.expected_purchases_90,
        ).outerjoin(MemberPrediction, MemberPrediction.member_id == Member.id)
    ).all()
    since = start - timedelta(days=90)
    new = sum(1 for m in members if m.first_order_at is not None and m.first_order_at >= since)
    never = sum(1 for m in members if m.first_order_at is None)
    newcomer = new / max(new + never, 1) / 90
    orders = []
    for m in members:
        rate = (m.expected_purchases_90 / 90) if m.expected_purchases_90 is not None else newcomer
        at = 0.0
        while True:
            at += rng.expovariate(rate) if rate > 0 else DAYS + 1
            if at >= DAYS:
                break
            orders.append((start + timedelta(days=at), m.external_id))
    orders.sort()
    posted = [0]

    def step():
        due = [o for o in orders[posted[0] :] if o[0] <= clock.now()]
        if not due:
            return
        posted[0] += len(due)
        records = [
            {
                "external_id": f"shop-{posted[0]}-{i}",
                "member_external_id": who,
                "type": "order_paid",
                "occurred_at": at.isoformat(),
                "properties": {"amount": 120},
            }
            for i, (at, who) in enumerate(due)
        ]
        answer = client.post("/api/events/bulk", json={"records": records})
        assert answer.status_code in (200, 201), answer.get_json()

    return step


def _friends_history(app, now: datetime) -> None:
    """Two friends a day registered with members' invitations over the four weeks before
    ``now`` (a 300-member demo has too few invited members for a rate)."""
    clock = VirtualClock(now - timedelta(days=HISTORY_DAYS))
    app.extensions["clock"] = clock
    rng = random.Random(7)
    for _ in range(HISTORY_DAYS):
        register_friends(db.session, clock.now(), rng, 2)
        db.session.commit()
        clock.advance(days=1)


def forecast_then_run(path: Path, app, admin_client) -> list[tuple]:
    """Seed the demo afresh, forecast the example, publish it and run the week; per node
    ``(key, node, actual arrivals, forecast interval)``."""
    _empty_but_users()
    now = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)
    seed(db.engine, 300, 7, now)
    configure_sandbox_channels(db.session)
    import_examples()
    db.session.commit()
    kinds = entry_events(path)
    if kinds & {"referral_registered", "referral_first_order"}:
        _friends_history(app, now)
    clock = VirtualClock(now)
    app.extensions["clock"] = clock
    key = json.loads(path.read_text())["journey"]["key"]
    answer = admin_client.post(f"/api/journeys/{key}/forecast", json={"days": DAYS, "draws": 10})
    assert answer.status_code == 200, (key, answer.get_json())
    published = admin_client.post(f"/api/journeys/{key}/publish", json={})
    assert published.status_code == 200, published.get_json()
    shop = _shoppers(admin_client, clock, now)
    if kinds:
        events = _demo_events(now, kinds)

        def step() -> None:
            shop()
            events(clock.now())

        _advance(clock, DAYS, step)
    else:
        _advance(clock, DAYS, shop)
    counters = admin_client.get(f"/api/journeys/{key}/counters").get_json()["nodes"]
    return [
        (key, node_id, counters.get(node_id, {}).get("entered", 0), figures["entered"])
        for node_id, figures in answer.get_json()["nodes"].items()
    ]


def share_inside(nodes: list[tuple]) -> tuple[float, list[tuple]]:
    """The share of ``(key, node, actual, interval)`` inside their interval, and those outside."""
    outside = [n for n in nodes if not n[3]["low"] <= n[2] <= n[3]["high"]]
    return 1 - len(outside) / len(nodes), outside
