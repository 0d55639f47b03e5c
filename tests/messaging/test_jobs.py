from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler

from app.coupons import jobs as coupon_jobs
from app.engine.clock import VirtualClock
from app.extensions import db
from app.messaging import jobs as messaging_jobs
from app.messaging.outbox import enqueue_messages
from app.points import jobs as points_jobs

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


def test_each_package_registers_its_jobs(app):
    scheduler = BackgroundScheduler(timezone="UTC")
    for module in (coupon_jobs, points_jobs, messaging_jobs):
        module.register_jobs(scheduler, run=lambda fn: fn)
    assert {j.id for j in scheduler.get_jobs()} == {
        "coupons.expire",
        "points.nightly",
        "messaging.dispatch",
    }


def test_jobs_run_on_the_app_clock(app, members, message_template):
    app.extensions["clock"] = VirtualClock(NOW)
    message_template("hi", "inapp", body="Hi {{ member.name }}")
    (m,) = members(1)
    enqueue_messages(db.session, [(m, "inapp", "hi", {}, "k")], NOW)
    db.session.commit()
    assert messaging_jobs.dispatch_job() == {"claimed": 1, "sent": 1}
    assert coupon_jobs.expire_job() == 0
    assert points_jobs.nightly_points() == {"expired_points": 0, "tier_changes": 0}
