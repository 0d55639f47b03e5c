"""The demo shop posts orders through ingestion; members a journey touched buy, some with
the journey's coupons, and their orders are credited to the journey."""

from __future__ import annotations

import json
import random
from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select

from app.demo.channels import configure_sandbox_channels
from app.demo.journeys import import_examples
from app.demo.seed import seed
from app.demo.shop import abandon_carts, register_friends, shop_minute
from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import Coupon, Order, OrderAttribution
from app.scheduler import build_scheduler
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates, run
from tests.reports import expected


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def touched(app) -> list[int]:
    """300 members; a published journey gave 60 of them a coupon and a message at START."""
    ids = make_members(300)
    add_templates("inapp")
    version = publish(
        document(
            "welcome",
            [
                node("start", "entry.api"),
                node("coupon", "action.coupon", coupon_template="gift"),
                node("send", "action.send", channel="inapp", template="hello-inapp"),
                node("done", "exit"),
                node("none", "exit"),
            ],
            [
                ("start", "coupon"),
                ("coupon", "send", "granted"),
                ("coupon", "none", "out_of_stock"),
                ("send", "done"),
            ],
            attribution_window_days=7,
        )
    )
    enter_members(db.session, version, "start", ids[:60], "api:1", START)
    db.session.commit()
    run(VirtualClock(START))
    assert _count(Coupon) == 60
    return ids[:60]


def test_the_scheduled_job_posts_orders_only_when_the_demo_shop_is_on(app):
    make_members(20)
    assert build_scheduler(app).get_job("demo.shop") is None

    app.config.update(DEMO_SHOP=True, DEMO_SHOP_ORDERS=4)
    app.extensions["clock"] = VirtualClock(START)
    job = build_scheduler(app).get_job("demo.shop")
    assert job.trigger.interval == timedelta(minutes=1)
    job.func()
    job.func()
    orders = db.session.scalars(select(Order)).all()
    assert len(orders) == 8
    assert all(o.paid_at == START and o.status == "paid" and o.amount > 0 for o in orders)
    assert all(o.net_amount == o.amount for o in orders)  # nobody holds a coupon
    assert len({o.external_id for o in orders}) == 8


def test_orders_of_touched_members_are_attributed_and_use_their_coupons(touched):
    rng = random.Random(3)
    now = START + timedelta(hours=2)
    used = []
    for minute in range(5):
        result = shop_minute(db.session, now + timedelta(minutes=minute), rng, orders=6)
        db.session.commit()
        assert len(result.orders) == 6
        used += result.coupons_used

    orders = db.session.scalars(select(Order)).all()
    assert len(orders) == 30
    credited = set(db.session.scalars(select(OrderAttribution.order_id)))
    by_touched = {o.id for o in orders if o.member_id in touched}
    assert len(by_touched) >= 15  # half of every minute's buyers were touched
    assert credited == by_touched

    # Each touched buyer's first order used the coupon the journey gave them.
    assert used and len(used) == len(set(used))
    redeemed = db.session.scalars(select(Coupon).where(Coupon.code.in_(used))).all()
    assert {c.status for c in redeemed} == {"redeemed"}
    with_coupon = [o for o in orders if o.coupon_code]
    assert {o.coupon_code for o in with_coupon} == set(used)
    assert all(o.amount >= 100 and o.discount == 20 for o in with_coupon)


def test_the_report_of_the_journey_is_not_empty_after_a_few_minutes(touched, viewer_client):
    rng = random.Random(5)
    for minute in range(3):
        shop_minute(db.session, START + timedelta(minutes=30 + minute), rng)
        db.session.commit()
    report = viewer_client.get("/api/journeys/welcome/report").get_json()
    assert report["member"]["paid_orders"] >= 6
    assert report["coupons"]["used"] > 0
    assert report["daily"][-1]["paid_orders"] == report["member"]["paid_orders"]


def test_carts_the_shop_leaves_enter_the_abandoned_cart_example(app, admin_client):
    """On a fresh demo, the shipped abandoned-cart journey gets entrants from the carts the
    demo shop leaves: one run per member (it re-enters only after exiting, with a 3-day
    cooldown, so a second cart within the hour adds none), and an hour later the push for
    each member who consents to push."""
    seed(db.engine, 300, 42, START)
    configure_sandbox_channels(db.session)
    db.session.commit()
    import_examples()
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    assert admin_client.post("/api/journeys/abandoned-cart/publish", json={}).status_code == 200
    rng = random.Random(4)
    for _ in range(20):
        clock.advance(minutes=1)
        assert len(abandon_carts(db.session, clock.now(), rng, 2)) == 2
        db.session.commit()
    run(clock)

    # Independently: the cart events of at least 50 posted since the journey went live.
    events = expected.table(
        "SELECT member_id, occurred_at, properties FROM events WHERE type = 'cart_abandoned'"
    )
    events["occurred_at"] = pd.to_datetime(events["occurred_at"], utc=True)
    amounts = [(json.loads(p) if isinstance(p, str) else p)["amount"] for p in events["properties"]]
    fresh = events[(events["occurred_at"] > START) & (pd.Series(amounts) >= 50).to_numpy()]
    assert len(fresh) == 40
    fresh = fresh.drop_duplicates("member_id")
    runs = expected.table(
        "SELECT jm.member_id FROM journey_members jm JOIN journeys j ON j.id = jm.journey_id "
        "WHERE j.key = 'abandoned-cart'"
    )
    assert sorted(runs["member_id"]) == sorted(fresh["member_id"])

    # Its exit criteria let go at once those without push consent; the rest get the push.
    consent = expected.table("SELECT id, consent_push FROM members")
    consenting = set(consent.loc[consent["consent_push"].astype(bool), "id"])
    acting = sorted(set(fresh["member_id"]) & consenting)
    assert 0 < len(acting) < len(fresh)
    run(clock, hours=1, minutes=1)
    pushed = expected.table(
        "SELECT s.member_id FROM journey_steps s JOIN journeys j ON j.id = s.journey_id "
        "WHERE j.key = 'abandoned-cart' AND s.node_id = 'push'"
    )
    assert sorted(pushed["member_id"]) == acting


def test_friends_the_shop_registers_enter_the_invite_a_friend_example(app, admin_client):
    """On a fresh demo, each friend who registers with an invitation code enters the shipped
    invite-a-friend journey once as the friend, and their inviter once as the inviter."""
    seed(db.engine, 300, 42, START)
    configure_sandbox_channels(db.session)
    db.session.commit()
    import_examples()
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    assert admin_client.post("/api/journeys/invite-a-friend/publish", json={}).status_code == 200
    rng = random.Random(8)
    friends = []
    for _ in range(6):
        clock.advance(minutes=5)
        friends += register_friends(db.session, clock.now(), rng, 2)
        db.session.commit()
    run(clock)

    # Independently: the new members, who invited them (from the raw tables), and the runs.
    linked = expected.table(
        "SELECT f.external_id AS friend, i.id AS inviter, f.id AS friend_id FROM referrals r "
        "JOIN members f ON f.id = r.invitee_id JOIN members i ON i.id = r.inviter_id "
        "WHERE f.external_id LIKE 'FRIEND-%'"
    )
    assert sorted(linked["friend"]) == sorted(friends) and len(friends) == 12
    runs = expected.table(
        "SELECT jm.member_id, jm.entry_key FROM journey_members jm "
        "JOIN journeys j ON j.id = jm.journey_id WHERE j.key = 'invite-a-friend'"
    )
    entered = runs.groupby("member_id").size().to_dict()
    want: dict[int, int] = {}
    for member in [*linked["friend_id"], *linked["inviter"]]:
        want[member] = want.get(member, 0) + 1
    assert entered == want
