"""A member's best send time over the API, refreshed by the CLI and by the nightly job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import insert, select

from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Member, MemberSendTime, Order
from app.send_time import jobs
from app.send_time.refresh import refresh_send_times

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _member_who_orders_on_wednesday_evenings() -> int:
    db.session.execute(insert(Member), [{"external_id": "w", "timezone": "Asia/Shanghai"}])
    member_id = db.session.scalar(select(Member.id))
    db.session.execute(
        insert(Order),
        [
            {
                "external_id": f"o{week}",
                "member_id": member_id,
                "amount": Decimal("30"),
                # Wednesdays 13:10 UTC = 21:10 in Shanghai.
                "paid_at": datetime(2026, 4, 1, 13, 10, tzinfo=UTC) + timedelta(weeks=week),
            }
            for week in range(5)
        ],
    )
    db.session.commit()
    return member_id


def test_the_cli_refreshes_and_the_api_answers(app, admin_client, runner):
    app.extensions["clock"] = VirtualClock(NOW)
    member_id = _member_who_orders_on_wednesday_evenings()
    url = f"/api/members/{member_id}/send-time"
    assert admin_client.get(url).get_json()["error"] == "not_computed"
    assert admin_client.get("/api/members/999/send-time").status_code == 404
    result = runner.invoke(args=["send-times", "refresh"])
    assert result.exit_code == 0 and "of 1 members" in result.output
    body = admin_client.get(url).get_json()
    assert (body["day"], body["hour"], body["hour_of_week"]) == ("Wednesday", 21, 2 * 24 + 21)
    assert body["responses"] == 15.0  # five orders weighing 3 each


def test_the_nightly_job_is_registered_and_runs_on_the_app_clock(app):
    app.extensions["clock"] = VirtualClock(NOW)
    _member_who_orders_on_wednesday_evenings()
    scheduler = BackgroundScheduler(timezone="UTC")
    jobs.register_jobs(scheduler, run=lambda fn: fn)
    assert [j.id for j in scheduler.get_jobs()] == ["send_time.nightly"]
    assert jobs.nightly_send_times() == 1


def test_members_without_any_history_get_a_row_too(app):
    db.session.execute(insert(Member), [{"external_id": "quiet"}])
    db.session.commit()
    assert refresh_send_times(db.session, NOW) == 1
    db.session.commit()
    row = db.session.scalar(select(MemberSendTime))
    assert row.responses == 0.0 and 0 <= row.hour_of_week < 168
