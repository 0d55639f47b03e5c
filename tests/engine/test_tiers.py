"""Tiers in journeys: an action.tier node moves members, and every tier change — by that
node or by points — is a tier_changed event another journey can enter on."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import Event, JourneyMember, Member, MemberTag, TierChange
from app.models.points import DEFAULT_TIER_THRESHOLDS
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import run


def _welcome_gold_journey() -> None:
    """Members who move up to gold get tagged."""
    publish(
        document(
            "gold-welcome",
            [
                node(
                    "start",
                    "entry.event",
                    event_type="tier_changed",
                    where=[
                        {"property": "to", "op": "eq", "value": "gold"},
                        {"property": "direction", "op": "eq", "value": "up"},
                    ],
                ),
                node("tag", "action.tag", tag="welcomed-to-gold"),
                node("done", "exit"),
            ],
            [("start", "tag"), ("tag", "done")],
        )
    )


@pytest.mark.parametrize("only_upgrade", [True, False])
def test_set_tier_moves_members_and_their_move_enters_another_journey(app, only_upgrade):
    ids = make_members(4)
    tiers = ["basic", "silver", "gold", "diamond"]
    for member_id, tier in zip(ids, tiers, strict=True):
        db.session.get(Member, member_id).tier = tier
    db.session.commit()
    _welcome_gold_journey()
    version = publish(
        document(
            "to-gold",
            [
                node("start", "entry.api"),
                node("tier", "action.tier", tier="gold", only_upgrade=only_upgrade),
                node("done", "exit"),
            ],
            [("start", "tier"), ("tier", "done")],
        )
    )
    enter_members(db.session, version, "start", ids, "api:1", START)
    db.session.commit()
    clock = VirtualClock(START)
    app.extensions["clock"] = clock  # the engine hears tier_changed events on this clock
    run(clock)
    db.session.expire_all()

    order = ["basic", "silver", "gold", "platinum", "diamond"]
    want = {
        m: "gold" if (order.index(t) < order.index("gold") or not only_upgrade) else t
        for m, t in zip(ids, tiers, strict=True)
    }
    assert dict(db.session.execute(select(Member.id, Member.tier)).all()) == want
    moved = {m for m, t in zip(ids, tiers, strict=True) if want[m] != t}
    changes = db.session.execute(
        select(TierChange.member_id, TierChange.from_tier, TierChange.to_tier, TierChange.direction)
    ).all()
    assert {c.member_id for c in changes} == moved
    events = db.session.execute(select(Event.member_id, Event.type, Event.properties)).all()
    assert {(m, p["to"], p["direction"]) for m, t, p in events if t == "tier_changed"} == {
        (c.member_id, c.to_tier, c.direction) for c in changes
    }
    ups = {c.member_id for c in changes if c.direction == "up"}
    tagged = set(
        db.session.scalars(select(MemberTag.member_id).where(MemberTag.tag == "welcomed-to-gold"))
    )
    assert tagged == ups


def test_points_that_cross_a_threshold_enter_the_tier_journey(app):
    ids = make_members(3, tier="silver")
    _welcome_gold_journey()
    version = publish(
        document(
            "bonus",
            [
                node("start", "entry.api"),
                node(
                    "points",
                    "action.points",
                    points=DEFAULT_TIER_THRESHOLDS["gold"],
                    reason="bonus",
                ),
                node("done", "exit"),
            ],
            [("start", "points"), ("points", "done")],
        )
    )
    enter_members(db.session, version, "start", ids[:2], "api:1", START)
    db.session.commit()
    clock = VirtualClock(START)
    app.extensions["clock"] = clock  # the engine hears tier_changed events on this clock
    run(clock)
    db.session.expire_all()
    runs = Counter(
        db.session.execute(select(JourneyMember.member_id, JourneyMember.journey_id)).all()
    )
    assert len(runs) == 4  # two in "bonus", the same two in "gold-welcome"
    tagged = set(
        db.session.scalars(select(MemberTag.member_id).where(MemberTag.tag == "welcomed-to-gold"))
    )
    assert tagged == set(ids[:2])
