"""The demo shop posts orders through ingestion; members a journey touched buy, some with
the journey's coupons, and their orders are credited to the journey."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.demo.shop import shop_minute
from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import Coupon, Order, OrderAttribution
from app.scheduler import build_scheduler
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates, run


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
