"""Every example journey in journeys/ imports, publishes and runs to the end on real data."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.demo.seed import seed
from app.engine.clock import VirtualClock
from app.engine.dates import run_date_entries
from app.engine.jobs import run_recurring_entries
from app.engine.ticker import tick
from app.extensions import db
from app.models import (
    Category,
    ChannelConfig,
    JourneyMember,
    JourneyStep,
    Member,
    Order,
    OrderItem,
    OutboxMessage,
)
from tests.engine.expectations import check_against_member_data
from tests.engine.rule_frames import MemberData

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "journeys").glob("*.json"))


def _advance(clock, days: int) -> list[datetime]:
    """Walk the clock in six-hour steps, running the entry jobs and the ticker; returns the
    moments the jobs ran."""
    moments = []
    for _ in range(days * 4):
        before = clock.now()
        clock.advance(hours=6)
        moments.append(clock.now())
        run_recurring_entries(clock.now(), before)
        run_date_entries(clock.now())
        tick(clock, max_seconds=60)
    db.session.rollback()
    return moments


def _predict_run_out(now) -> None:
    """Stand in for the replenishment prediction: formula buyers get ``formula_days_left``."""
    buyers = db.session.scalars(
        select(Order.member_id)
        .join(OrderItem, OrderItem.order_id == Order.id)
        .join(Category, Category.id == OrderItem.category_id)
        .where(Category.key == "infant_formula")
        .distinct()
    ).all()
    for i, member in enumerate(db.session.scalars(select(Member).where(Member.id.in_(buyers)))):
        member.attributes = {**(member.attributes or {}), "formula_days_left": i % 10}
    db.session.commit()


def _satisfying(where: list[dict]) -> dict:
    """Event properties that meet every condition of an entry's ``where`` list."""
    properties = {}
    for condition in where:
        value = condition.get("value")
        if condition["op"] in ("exists", "is_set"):
            value = "x"
        elif condition["op"] == "between":
            value = value[0]
        elif condition["op"] in ("gt",):
            value = value + 1
        elif condition["op"] in ("lt",):
            value = value - 1
        elif condition["op"] == "in":
            value = value[0]
        properties[condition["property"]] = value
    return properties


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_runs_end_to_end(path, app, admin_client, token_headers):
    bundle = json.loads(path.read_text())
    now = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)
    seed(db.engine, 400, 7, now)
    _predict_run_out(now)
    for channel in bundle.get("channels", []):
        db.session.merge(ChannelConfig(channel=channel, enabled=True, settings={}))
    db.session.commit()
    clock = VirtualClock(now)
    app.extensions["clock"] = clock

    imported = admin_client.post("/api/journeys/import", json=bundle)
    assert imported.status_code == 201, imported.get_json()
    key = bundle["journey"]["key"]
    published = admin_client.post(f"/api/journeys/{key}/publish", json={})
    assert published.status_code == 200, published.get_json()

    # Members of the demo population do what each event entry listens for.
    entries = [n for n in bundle["journey"]["nodes"] if n["type"] == "entry.event"]
    members = list(db.session.scalars(select(Member.external_id).order_by(Member.id).limit(30)))
    records = [
        {
            "external_id": f"{entry['id']}-{i}",
            "member_external_id": external_id,
            "type": entry["config"]["event_type"],
            "occurred_at": clock.now().isoformat(),
            "properties": _satisfying(entry["config"].get("where", [])),
        }
        for entry in entries
        for i, external_id in enumerate(members)
    ]
    if records:
        response = admin_client.post("/api/events/bulk", json={"records": records})
        assert response.status_code in (200, 201), response.get_json()

    # The member data as the journey found it (its own points grants may move tiers later).
    before = MemberData()
    ticks = _advance(clock, 40)

    runs = db.session.execute(select(JourneyMember.status, JourneyMember.last_error)).all()
    statuses = Counter(r.status for r in runs)
    assert runs, "nobody entered the journey"
    assert statuses.get("parked", 0) == 0, [r.last_error for r in runs if r.status == "parked"][:3]
    assert set(statuses) <= {"exited", "completed", "waiting", "waiting_event"}
    # The step log agrees with the runs, and every send step queued one outbox row.
    logged = db.session.scalar(select(func.count()).select_from(JourneyStep))
    assert logged == db.session.scalar(select(func.sum(JourneyMember.step_no)))
    send_nodes = [
        n["id"]
        for n in bundle["journey"]["nodes"]
        if n["type"] in ("action.send", "action.webhook")
    ]
    sends = db.session.scalar(
        select(func.count()).where(
            JourneyStep.node_id.in_(send_nodes), JourneyStep.outcome == "passed"
        )
    )
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == sends
    check_against_member_data(bundle, key, before, now, ticks, set(members))
