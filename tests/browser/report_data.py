"""A journey with a report worth reading, built through the real paths: members enter a
published journey over five days (a random split with a holdout, a coupon, an in-app
message), the dispatcher delivers, and the demo shop posts orders before and after."""

from __future__ import annotations

import random
from datetime import timedelta

from app.demo.shop import shop_minute
from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates, run

KEY = "spring-welcome"
WINDOW = 7


def _labelled(node_id: str, type_: str, label: str, **config) -> dict:
    return node(node_id, type_, **config) | {"label": label}


def _document() -> dict:
    doc = document(
        KEY,
        [
            _labelled("start", "entry.api", "New members"),
            _labelled(
                "split",
                "split.random",
                "Offer or holdout",
                variants=[{"key": "offer", "weight": 80}],
                holdout_percent=20,
            ),
            _labelled("coupon", "action.coupon", "Spend ¥100, get ¥20", coupon_template="gift"),
            _labelled(
                "send", "action.send", "In-app: your gift", channel="inapp", template="hello-inapp"
            ),
            _labelled("done", "exit", "Done"),
            _labelled("held", "exit", "Held out"),
            _labelled("none", "exit", "Out of stock"),
        ],
        [
            ("start", "split"),
            ("split", "coupon", "offer"),
            ("split", "held", "holdout"),
            ("coupon", "send", "granted"),
            ("coupon", "none", "out_of_stock"),
            ("send", "done"),
        ],
        attribution_window_days=WINDOW,
    )
    doc["name"] = "Spring welcome offer"
    return doc


def build_report_journey(members: int = 400, days: int = 12) -> str:
    """The journey's key, after ``days`` days of entries, deliveries and shop orders."""
    ids = make_members(members)
    add_templates("inapp")
    version = publish(_document())
    rng = random.Random(12)
    clock = VirtualClock(START)

    # Earlier orders, so members differ: no first order yet, one order, or repurchasing.
    for back in range(40, 0, -4):
        shop_minute(db.session, START - timedelta(days=back), rng, orders=40)
        db.session.commit()

    batches = [ids[i::5] for i in range(5)]
    for day in range(days):
        clock.set(START + timedelta(days=day))
        if day < len(batches):
            enter_members(db.session, version, "start", batches[day], "api:1", clock.now())
            db.session.commit()
            run(clock)
            Dispatcher(db.session, clock=clock.now, batch_size=500).run(10)
            db.session.commit()
        for hour in (1, 4, 7, 10):
            shop_minute(db.session, clock.now() + timedelta(hours=hour), rng, orders=6)
            db.session.commit()
    return KEY
