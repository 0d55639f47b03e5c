"""Engine edge cases: one member reached twice in one batch, coupon limits apart from stock,
and what a webhook payload tells the receiving system."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import Coupon, CouponTemplate, JourneyStep, Member, OutboxMessage
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates, run


def _enter_twice(version, member_ids):
    """Two runs per member, due together, so one batch carries both."""
    for key in ("api:a", "api:b"):
        enter_members(db.session, version, "start", member_ids, key, START)
    db.session.commit()


def test_an_increment_reached_twice_in_one_batch_counts_twice(app):
    ids = make_members(6)
    starting = {ids[0]: 6, ids[1]: 2.5, ids[2]: "six", ids[3]: True}  # not numbers count as 0
    for member_id, value in starting.items():
        db.session.get(Member, member_id).attributes = {"visits": value, "keep": "me"}
    db.session.commit()
    version = publish(
        document(
            "count",
            [
                node("start", "entry.api"),
                node("count", "action.attribute", key="visits", operation="increment", value=1),
                node("done", "exit"),
            ],
            [("start", "count"), ("count", "done")],
            entry={"reentry": "always"},
        )
    )
    _enter_twice(version, ids[:5])  # the sixth never enters
    run(VirtualClock(START))
    db.session.expire_all()
    got = dict(db.session.execute(select(Member.id, Member.attributes)).all())
    want = {}
    for member_id in ids:
        before = starting.get(member_id)
        number = before if isinstance(before, int | float) and not isinstance(before, bool) else 0
        want[member_id] = number + 2 if member_id in ids[:5] else before
    assert {m: (got[m] or {}).get("visits") for m in ids} == want
    assert all(got[m]["keep"] == "me" for m in starting)


def _coupon_journey(limit_reached_branch: bool):
    add_templates()
    template = db.session.scalar(select(CouponTemplate))
    template.stock_total = 3
    db.session.commit()
    config = {"coupon_template": "gift"}
    if limit_reached_branch:
        config["limit_reached_branch"] = True
    nodes = [
        node("start", "entry.api"),
        node("coupon", "action.coupon", **config),
        node("got", "exit"),
        node("none_left", "exit"),
    ]
    edges = [("start", "coupon"), ("coupon", "got", "granted")]
    edges.append(("coupon", "none_left", "out_of_stock"))
    if limit_reached_branch:
        nodes.append(node("had_one", "exit"))
        edges.append(("coupon", "had_one", "limit_reached"))
    return publish(document("gift", nodes, edges, entry={"reentry": "always"}))


def _branches() -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for member_id, branch in db.session.execute(
        select(JourneyStep.member_id, JourneyStep.branch)
        .where(JourneyStep.node_id == "coupon")
        .order_by(JourneyStep.id)
    ):
        out.setdefault(member_id, []).append(branch)
    return out


def test_coupon_limit_reached_is_its_own_branch(app):
    ids = make_members(5)
    version = _coupon_journey(limit_reached_branch=True)
    # The first two already hold their one coupon of the template (limit 1).
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", ids[:2], "api:early", START)
    db.session.commit()
    run(clock)
    assert _branches() == {ids[0]: ["granted"], ids[1]: ["granted"]}
    # Then everyone: the two at their limit leave by limit_reached, one coupon is left in
    # stock for the other three, and the two it cannot serve leave by out_of_stock.
    enter_members(db.session, version, "start", ids, "api:later", clock.now())
    db.session.commit()
    run(clock)
    branches = _branches()
    assert branches[ids[0]] == branches[ids[1]] == ["granted", "limit_reached"]
    later = [branches[m] for m in ids[2:]]
    assert sorted(later) == [["granted"], ["out_of_stock"], ["out_of_stock"]]
    assert db.session.query(Coupon).count() == 3


def test_without_the_separate_branch_limits_still_leave_by_out_of_stock(app):
    ids = make_members(2)
    version = _coupon_journey(limit_reached_branch=False)
    _enter_twice(version, ids)
    run(VirtualClock(START))
    assert _branches() == {ids[0]: ["granted", "out_of_stock"], ids[1]: ["granted", "out_of_stock"]}
    assert db.session.query(Coupon).count() == 2


def test_a_reached_twice_member_is_granted_once_and_the_second_run_is_at_the_limit(app):
    ids = make_members(2)
    version = _coupon_journey(limit_reached_branch=True)
    _enter_twice(version, ids)
    run(VirtualClock(START))
    assert _branches() == {m: ["granted", "limit_reached"] for m in ids}
    codes = db.session.execute(select(JourneyStep.detail).where(JourneyStep.branch == "granted"))
    assert len({d["coupon_code"] for (d,) in codes}) == 2


def test_webhook_payload_names_the_member_by_external_id_and_carries_named_fields(app):
    ids = make_members(3, city="Hangzhou", tier="gold")
    db.session.get(Member, ids[0]).attributes = {"shoe_size": 42}
    db.session.commit()
    version = publish(
        document(
            "hook",
            [
                node("start", "entry.api"),
                node(
                    "hook",
                    "action.webhook",
                    url="https://crm.example.com/hook",
                    fields=["city", "tier", "registered_at", "attributes.shoe_size"],
                ),
                node("done", "exit"),
            ],
            [("start", "hook"), ("hook", "done")],
        )
    )
    enter_members(db.session, version, "start", ids, "api:1", START)
    db.session.commit()
    run(VirtualClock(START))
    external = dict(db.session.execute(select(Member.id, Member.external_id)).all())
    payloads = {
        c["payload"]["member_id"]: c["payload"]
        for (c,) in db.session.execute(select(OutboxMessage.context))
    }
    assert set(payloads) == set(ids)
    for member_id, payload in payloads.items():
        assert payload["member_external_id"] == external[member_id]
        assert payload["member"] == {
            "city": "Hangzhou",
            "tier": "gold",
            "registered_at": START.isoformat(),
            "attributes.shoe_size": 42 if member_id == ids[0] else None,
        }


@pytest.mark.parametrize("counts", [True, False])
def test_journey_points_count_towards_the_tier_unless_told_not_to(app, counts):
    from app.models import PointsEntry
    from app.models.points import DEFAULT_TIER_THRESHOLDS

    ids = make_members(3, tier="basic")
    silver = DEFAULT_TIER_THRESHOLDS["silver"]
    version = publish(
        document(
            "bonus",
            [
                node("start", "entry.api"),
                node(
                    "points",
                    "action.points",
                    points=silver + 500,
                    reason="welcome bonus",
                    counts_towards_tier=counts,
                ),
                node("done", "exit"),
            ],
            [("start", "points"), ("points", "done")],
        )
    )
    enter_members(db.session, version, "start", ids[:2], "api:1", START)
    db.session.commit()
    run(VirtualClock(START))
    db.session.expire_all()
    tiers = dict(db.session.execute(select(Member.id, Member.tier)).all())
    want = "silver" if counts else "basic"
    assert tiers == {ids[0]: want, ids[1]: want, ids[2]: "basic"}
    kinds = set(db.session.scalars(select(PointsEntry.kind)))
    assert kinds == {"earn" if counts else "adjust"}
