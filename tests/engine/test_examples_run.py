"""Every example journey in journeys/ publishes on a fresh demo install and does what its
description says.

As ``flask demo seed`` leaves it: the demo population, its channels in the sandbox and the
examples as drafts. Each example is published through the API, the shop replays the demo's
own events of the kinds its entries listen for, and the clock runs 40 days (entry jobs,
ticker and the delivery dispatcher every six hours). The expected entries, branches, grants
and messages are worked out from the member data by ``tests/engine/expectations.py`` (pandas),
and the journey's counters per branch are compared with them.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.demo.channels import configure_sandbox_channels
from app.demo.journeys import import_examples
from app.demo.seed import seed
from app.engine.clock import VirtualClock
from app.engine.dates import run_date_entries
from app.engine.jobs import run_recurring_entries
from app.engine.ticker import tick
from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.models import Event, JourneyMember, JourneyStep, Member, MemberTag, OutboxMessage
from tests.engine.expectations import check_against_member_data
from tests.engine.rule_frames import MemberData

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "journeys").glob("*.json"))


#: Examples whose story has members order while a wait listens for it: the node they wait
#: at and the order's properties. One member in three waiting there orders (chosen by the
#: test by member id).
ORDERS_WHILE_WAITING = {
    "dormant-winback": ("wait_order", {"amount": 120}),
    "abandoned-cart": ("wait_order", {"amount": 160}),
    "formula-replenishment": ("wait_order", {"amount": 328, "category": "infant_formula"}),
}


def _advance(clock, days: int, on_step=None) -> list[datetime]:
    """Walk the clock in six-hour steps, running the entry jobs, the ticker and the delivery
    dispatcher; returns the moments the jobs ran."""
    moments = []
    for _ in range(days * 4):
        before = clock.now()
        clock.advance(hours=6)
        moments.append(clock.now())
        run_recurring_entries(clock.now(), before)
        run_date_entries(clock.now())
        tick(clock, max_seconds=60)
        db.session.rollback()
        if on_step is not None:
            on_step()
        Dispatcher(db.session, clock=clock.now).run()
    db.session.rollback()
    return moments


def _meets(properties: dict, where: list[dict]) -> bool:
    """Whether event ``properties`` meet an entry's conditions (the ops the examples use)."""
    for condition in where:
        value = properties.get(condition["property"])
        op = condition["op"]
        if op in ("exists", "is_set"):
            ok = value is not None
        elif op == "eq":
            ok = value == condition["value"]
        elif op == "gte":
            ok = isinstance(value, int | float) and value >= condition["value"]
        else:
            raise AssertionError(f"the test does not know the op {op!r}")
        if not ok:
            return False
    return True


def _replay_demo_events(client, entries: list[dict], now: datetime) -> dict[str, set[str]]:
    """The shop posts the demo's events of the kinds the entries listen for, as new events;
    returns, per entry node, the external ids of the members whose events meet it."""
    types = {entry["config"]["event_type"] for entry in entries}
    rows = db.session.execute(
        select(Event.id, Member.external_id, Event.type, Event.properties)
        .join(Member, Member.id == Event.member_id)
        .where(Event.type.in_(types))
        .order_by(Event.id)
    ).all()
    records = [
        {
            "external_id": f"replay-{event_id}",
            "member_external_id": external_id,
            "type": kind,
            "occurred_at": now.isoformat(),
            "properties": properties or {},
        }
        for event_id, external_id, kind, properties in rows
    ]
    for i in range(0, len(records), 1000):
        response = client.post("/api/events/bulk", json={"records": records[i : i + 1000]})
        assert response.status_code in (200, 201), response.get_json()
    return {
        entry["id"]: {
            external_id
            for _, external_id, kind, properties in rows
            if kind == entry["config"]["event_type"]
            and _meets(properties or {}, entry["config"].get("where", []))
        }
        for entry in entries
    }


def _orders_while_waiting(client, node_id: str, properties: dict, clock, ordered: set[int]):
    """Of the members who come to wait at ``node_id``, every third (by member id, the first
    of each three) orders, once."""
    seen: set[int] = set()

    def step():
        waiting = db.session.execute(
            select(JourneyMember.member_id, Member.external_id)
            .join(Member, Member.id == JourneyMember.member_id)
            .where(JourneyMember.node_id == node_id, JourneyMember.status == "waiting_event")
        ).all()
        new = sorted((m, x) for m, x in waiting if m not in seen)
        seen.update(m for m, _ in new)
        buyers = new[::3]
        if not buyers:
            return
        records = [
            {
                "external_id": f"order-{m}",
                "member_external_id": x,
                "type": "order_paid",
                "occurred_at": clock.now().isoformat(),
                "properties": properties,
            }
            for m, x in buyers
        ]
        response = client.post("/api/events/bulk", json={"records": records})
        assert response.status_code in (200, 201), response.get_json()
        ordered.update(m for m, _ in buyers)

    return step


@dataclass
class ExampleRun:
    """An example published on a fresh demo and run for 40 days, and what it needs to check."""

    bundle: dict
    key: str
    start: datetime
    clock: VirtualClock
    before: MemberData
    ticks: list[datetime]
    posters: dict[str, set[str]]
    ordered: set[int] = field(default_factory=set)


def run_example(path: Path, app, admin_client) -> ExampleRun:
    """Seed the demo as `flask demo seed` leaves it (demo data, channels in the sandbox,
    examples as drafts), publish the example through the API, replay the demo's events its
    entries listen for, and walk the clock 40 days."""
    bundle = json.loads(path.read_text())
    key = bundle["journey"]["key"]
    now = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)
    seed(db.engine, 400, 7, now)
    configure_sandbox_channels(db.session)
    assert key in import_examples()
    clock = VirtualClock(now)
    app.extensions["clock"] = clock

    published = admin_client.post(f"/api/journeys/{key}/publish", json={})
    assert published.status_code == 200, published.get_json()

    entries = [n for n in bundle["journey"]["nodes"] if n["type"] == "entry.event"]
    posters = _replay_demo_events(admin_client, entries, clock.now()) if entries else {}
    for node_id, who in posters.items():
        assert who, f"the demo data has no events that enter {key}/{node_id}"

    # The member data as the journey found it (its own points grants may move tiers later).
    before = MemberData()
    ordered: set[int] = set()
    on_step = None
    if key in ORDERS_WHILE_WAITING:
        node_id, properties = ORDERS_WHILE_WAITING[key]
        on_step = _orders_while_waiting(admin_client, node_id, properties, clock, ordered)
    ticks = _advance(clock, 40, on_step)
    return ExampleRun(bundle, key, now, clock, before, ticks, posters, ordered)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_runs_end_to_end(path, app, admin_client):
    done = run_example(path, app, admin_client)
    bundle, key, now, ticks = done.bundle, done.key, done.start, done.ticks
    before, posters, ordered = done.before, done.posters, done.ordered

    runs = db.session.execute(select(JourneyMember.status, JourneyMember.last_error)).all()
    statuses = Counter(r.status for r in runs)
    assert runs, "nobody entered the journey"
    assert statuses.get("parked", 0) == 0, [r.last_error for r in runs if r.status == "parked"][:3]
    assert set(statuses) <= {"exited", "completed", "waiting", "waiting_event"}
    # The step log agrees with the runs, and every send step queued one outbox row.
    logged = db.session.scalar(select(func.count()).select_from(JourneyStep))
    assert logged == db.session.scalar(select(func.sum(JourneyMember.step_no)))
    nodes = {n["id"]: n for n in bundle["journey"]["nodes"]}
    send_nodes = [i for i, n in nodes.items() if n["type"] in ("action.send", "action.webhook")]
    sends = db.session.scalar(
        select(func.count()).where(
            JourneyStep.node_id.in_(send_nodes), JourneyStep.outcome == "passed"
        )
    )
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == sends
    # Every message was rendered: none failed, none is still waiting for a channel.
    outcomes = Counter(
        (status, reason.split(":")[0])
        for status, reason in db.session.execute(select(OutboxMessage.status, OutboxMessage.reason))
    )
    assert not [o for o in outcomes if o[0] == "failed"], outcomes
    assert not [o for o in outcomes if o[1] == "channel_not_configured"], outcomes
    check_against_member_data(bundle, key, before, now, ticks, posters)

    # The counters the canvas shows per branch are the branches the log recorded.
    log = Counter(
        (node_id, branch)
        for node_id, branch in db.session.execute(
            select(JourneyStep.node_id, JourneyStep.branch).where(JourneyStep.outcome == "passed")
        )
    )
    edges = admin_client.get(f"/api/journeys/{key}/counters").get_json()["edges"]
    for (node_id, branch), count in log.items():
        assert edges.get(node_id, {}).get(branch or "next", 0) == count, (node_id, branch)
    if key in ORDERS_WHILE_WAITING:
        _check_orders_while_waiting(bundle, ORDERS_WHILE_WAITING[key][0], ordered)
    for node_id, node in nodes.items():
        if node["type"].startswith("entry."):
            assert log[(node_id, "next")] or log[(node_id, None)], f"nobody entered {node_id}"
    if len([n for n in nodes.values() if n["type"] == "entry.date"]) > 1:
        # Several date entries each enter a member once: day 1 and then day 30.
        by_entry = _by_branch_of_entries([i for i, n in nodes.items() if n["type"] == "entry.date"])
        firsts, *later = by_entry.values()
        assert firsts and all(set(firsts) <= set(more) for more in later), by_entry


def _check_orders_while_waiting(bundle: dict, node_id: str, ordered: set[int]) -> None:
    """Who ordered left the wait by its event branch (and, in dormant-winback, was tagged
    won back); the others left by the timeout."""
    assert ordered, "nobody was waiting to order"
    left = {branch: set(members) for branch, members in _by_branch(node_id).items()}
    assert left.get("event", set()) == ordered
    edges = [e for e in bundle["journey"]["edges"] if e["source"] == node_id]
    after_event = next(e["target"] for e in edges if e["branch"] == "event")
    tag = bundle["journey"]["nodes"]
    tag_node = next(n for n in tag if n["id"] == after_event)
    if tag_node["type"] == "action.tag":
        tagged = set(
            db.session.scalars(
                select(MemberTag.member_id).where(MemberTag.tag == tag_node["config"]["tag"])
            )
        )
        assert tagged == ordered


def _by_branch(node_id: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for member_id, branch in db.session.execute(
        select(JourneyStep.member_id, JourneyStep.branch).where(
            JourneyStep.node_id == node_id, JourneyStep.outcome == "passed"
        )
    ):
        out.setdefault(branch, []).append(member_id)
    return out


def _by_branch_of_entries(entry_ids: list[str]) -> dict[str, list[int]]:
    """Members who entered by each entry node, in ``entry_ids`` order."""
    out: dict[str, list[int]] = {node_id: [] for node_id in entry_ids}
    for member_id, node_id in db.session.execute(
        select(JourneyStep.member_id, JourneyStep.node_id).where(
            JourneyStep.node_id.in_(entry_ids), JourneyStep.step_no == 1
        )
    ):
        out[node_id].append(member_id)
    return out
