"""Action nodes and exit end to end: coupons, points, tags, attributes, sends, webhooks.

Expectations come from the member DataFrame taken before the run (balances, attributes,
tags, coupons already held) and plain arithmetic; the engine's effects are read back from
the coupons, points ledger, tags, members and outbox tables.
"""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd
from sqlalchemy import insert, select

from app.coupons.grants import grant_coupons
from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import (
    Coupon,
    CouponTemplate,
    JourneyStep,
    Member,
    MemberTag,
    OutboxMessage,
    PointsEntry,
)
from tests.engine.factories import START, document, node, publish
from tests.engine.population import (
    add_templates,
    make_population,
    members_by,
    passed,
    run,
    steps,
)

STOCK = 150
PRE_HELD = 40


def _journey() -> dict:
    return document(
        "actions",
        [
            node("start", "entry.api"),
            node("coupon", "action.coupon", coupon_template="gift"),
            node("reward", "action.points", points=100, reason="welcome", expires_in_days=30),
            node("tag", "action.tag", tag="offer-sent"),
            node("count", "action.attribute", key="visits", operation="increment", value=2),
            node("stamp", "action.attribute", key="stage", operation="set", value="offered"),
            node("send", "action.send", channel="inapp", template="hello-inapp"),
            node("hook", "action.webhook", url="https://crm.example.com/hook", method="PUT"),
            node("done", "exit", reason="offered"),
            node("untag", "action.tag", tag="old", operation="remove"),
            node("forget", "action.attribute", key="score", operation="unset"),
            node("fee", "action.points", points=-60, reason="no stock fee"),
            node("bye", "exit"),
        ],
        [
            ("start", "coupon"),
            ("coupon", "reward", "granted"),
            ("reward", "tag"),
            ("tag", "count"),
            ("count", "stamp"),
            ("stamp", "send"),
            ("send", "hook"),
            ("hook", "done"),
            ("coupon", "untag", "out_of_stock"),
            ("untag", "forget"),
            ("forget", "fee"),
            ("fee", "bye"),
        ],
    )


def test_every_action_has_exactly_the_effects_the_member_data_predicts(app):
    people = make_population(300)
    add_templates("inapp")
    db.session.scalar(select(CouponTemplate)).stock_total = STOCK
    rng = random.Random(5)
    held_before = set(rng.sample(sorted(people.index), PRE_HELD))
    grant_coupons(db.session, "gift", sorted(held_before), START, source="manual")
    tagged_old = {m for m in people.index if rng.random() < 0.5}
    db.session.execute(
        insert(MemberTag),
        [
            {"member_id": m, "tag": "old", "source": "manual", "created_at": START}
            for m in tagged_old
        ],
    )
    db.session.commit()

    version = publish(_journey())
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", list(map(int, people.index)), "api:1", START)
    db.session.commit()
    run(clock)

    # Coupons: the pre-holders are over their limit; stock serves the first of the rest.
    eligible = len(people) - PRE_HELD
    granted_n = min(STOCK - PRE_HELD, eligible)
    granted = members_by("actions", "coupon", "granted")
    stock_out = set(people.index) - granted
    assert len(granted) == granted_n and not granted & held_before
    journey_coupons = dict(
        db.session.execute(
            select(Coupon.member_id, Coupon.code).where(Coupon.source.like("journey:%"))
        ).all()
    )
    assert set(journey_coupons) == granted
    assert Counter(db.session.scalars(select(Coupon.member_id))).most_common(1)[0][1] == 1
    # Each member's step at the coupon node names the coupon that member got.
    logged_codes = dict(
        db.session.execute(
            select(JourneyStep.member_id, JourneyStep.detail).where(
                JourneyStep.node_id == "coupon", JourneyStep.outcome == "passed"
            )
        ).all()
    )
    assert {m: d["coupon_code"] for m, d in logged_codes.items() if d} == journey_coupons
    assert all(logged_codes[m] is None for m in stock_out)

    g, o = len(granted), len(stock_out)
    expected = Counter({("start", "next"): len(people), ("coupon", "granted"): g})
    expected[("coupon", "out_of_stock")] = o
    for node_id in ("reward", "tag", "count", "stamp", "send", "hook"):
        expected[(node_id, "next")] = g
    for node_id in ("untag", "forget", "fee"):
        expected[(node_id, "next")] = o
    expected[("done", None)], expected[("bye", None)] = g, o
    assert passed("actions") == expected

    after = pd.DataFrame(
        db.session.execute(select(Member.id, Member.points_balance, Member.attributes)).all(),
        columns=["id", "points_balance", "attributes"],
    ).set_index("id")
    before = people.points_balance

    # Points: +100 for the granted; -60 for the rest who can afford it, refused otherwise.
    can_pay = {m for m in stock_out if before[m] >= 60}
    want = before.copy()
    for m in granted:
        want[m] += 100
    for m in can_pay:
        want[m] -= 60
    assert after.points_balance.sort_index().tolist() == want.sort_index().tolist()
    entries = Counter(
        (points, source.split(":")[-1])
        for points, source in db.session.execute(select(PointsEntry.points, PointsEntry.source))
        if source.startswith("journey:")
    )
    assert entries == Counter({(100, "reward"): g, (-60, "fee"): len(can_pay)})
    log = passed_details("actions", "fee")
    assert {m for m, d in log.items() if d and "points_refused" in d} == stock_out - can_pay

    # Tags: added to the granted; "old" removed from the rest only.
    tags = Counter()
    owners: dict[str, set] = {}
    for member_id, tag in db.session.execute(select(MemberTag.member_id, MemberTag.tag)):
        tags[tag] += 1
        owners.setdefault(tag, set()).add(member_id)
    assert owners.get("offer-sent", set()) == granted
    assert owners.get("old", set()) == tagged_old & granted

    # Attributes: visits + 2 and stage set for the granted; score cleared for the rest.
    for member_id, attributes in after.attributes.items():
        old = people.attributes[member_id]
        if member_id in granted:
            visits = old.get("visits")
            assert attributes["visits"] == (visits if isinstance(visits, int) else 0) + 2
            assert attributes["stage"] == "offered"
            assert attributes.get("score") == old.get("score")
        else:
            assert "score" not in attributes and "stage" not in attributes
            assert attributes.get("visits") == old.get("visits")

    # Outbox: one in-app message per granted member, carrying their coupon; one webhook each.
    messages = db.session.execute(
        select(OutboxMessage.member_id, OutboxMessage.channel, OutboxMessage.context)
    ).all()
    inapp = {m: c for m, ch, c in messages if ch == "inapp"}
    hooks = {m: c for m, ch, c in messages if ch == "webhook"}
    assert len(messages) == 2 * g and set(inapp) == set(hooks) == granted
    assert all(inapp[m]["coupon"]["code"] == journey_coupons[m] for m in granted)
    assert {c["target"]["method"] for c in hooks.values()} == {"PUT"}
    assert {c["payload"]["member_id"] for c in hooks.values()} == granted

    # Exit: the reason is on the step.
    assert set(passed_details("actions", "done", outcome="exited").values()) == {
        (("reason", "offered"),)
    }


def passed_details(key: str, node_id: str, outcome: str = "passed") -> dict:
    """``{member: detail}`` of the steps at ``node_id`` (detail as sorted items for exits)."""
    log = steps(key)
    rows = log[(log.node_id == node_id) & (log.outcome == outcome)]
    if outcome == "exited":
        return {
            m: tuple(sorted((d or {}).items()))
            for m, d in zip(rows.member_id, rows.detail, strict=True)
        }
    return dict(zip(rows.member_id, rows.detail, strict=True))
