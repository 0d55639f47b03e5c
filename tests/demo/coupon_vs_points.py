"""The shipped ``coupon-vs-points`` example run on the demo: the demo is seeded, the example
published as a marketer would (sandbox channels, the example's own audience), the demo shop
posts orders every half hour of the 48-hour test, and the engine then decides."""

from __future__ import annotations

import random
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from app.demo.channels import configure_sandbox_channels
from app.demo.journeys import import_examples
from app.demo.seed import seed
from app.demo.shop import shop_minute
from app.engine.clock import VirtualClock
from app.extensions import db
from tests.engine.factories import START
from tests.engine.population import run

KEY = "coupon-vs-points"
MEMBERS = 4000


def run_coupon_vs_points(app: Flask, admin_client: FlaskClient) -> VirtualClock:
    """Seed, publish the example at ``START``, shop for 48 hours, let the engine decide."""
    seed(db.engine, MEMBERS, 42, START)
    configure_sandbox_channels(db.session)
    db.session.commit()
    import_examples()
    clock = VirtualClock(START)
    app.extensions["clock"] = clock
    response = admin_client.post(f"/api/journeys/{KEY}/publish", json={})
    assert response.status_code == 200, response.get_json()
    run(clock)
    rng = random.Random(7)
    for _ in range(2 * 48):
        clock.advance(minutes=30)
        shop_minute(db.session, clock.now(), rng, orders=4)
        db.session.commit()
        run(clock)
    run(clock, seconds=1)
    return clock


def after_decision(clock: VirtualClock) -> None:
    """Let the members waiting for the decision move on (a few minutes later)."""
    run(clock, minutes=5)
    assert clock.now() > START + timedelta(hours=48)
