"""KPI alerts: the demo's 30-day active members drop, the monitor fires once, admins are
told, and the win-back journey enters exactly the members who stopped buying."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import delete, func, select, text

from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Alert, AlertMonitor, Journey, JourneyMember, Order
from tests.alerts import winback

MONITOR = {
    "key": winback.MONITOR,
    "name": "Monthly active members drop",
    "metric": "active_30",
    "comparison": "falls_by",
    "threshold": 5,
    "period_days": 30,
}


def _active(orders: pd.DataFrame, end, days: int) -> set[int]:
    start = end - timedelta(days=days - 1)
    inside = orders[(orders["day"] >= start) & (orders["day"] <= end)]
    return set(inside["member_id"])


def _paid_orders() -> pd.DataFrame:
    result = db.session.execute(text("SELECT member_id, status, paid_at FROM orders"))
    frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    frame = frame[frame["status"] == "paid"].copy()
    frame["day"] = pd.to_datetime(frame["paid_at"], utc=True).dt.date
    return frame


@pytest.fixture
def demo(app, runner, admin_client):
    """A fresh demo with the alert-started win-back published and a monitor on it."""
    now = datetime.now(UTC)
    app.extensions["clock"] = VirtualClock(now)
    assert runner.invoke(args=["demo", "seed", "--members", "400"]).exit_code == 0
    imported = admin_client.post("/api/journeys/import", json=winback.bundle())
    assert imported.status_code == 201, imported.get_json()
    published = admin_client.post(f"/api/journeys/{winback.KEY}/publish", json={})
    assert published.status_code == 200, published.get_json()
    assert admin_client.post("/api/alerts/monitors", json=MONITOR).status_code == 201
    return app.extensions["clock"]


def test_an_active_members_drop_fires_once_and_enters_those_who_stopped(demo, admin_client):
    yesterday = demo.now().date() - timedelta(days=1)
    window_start = datetime.combine(yesterday - timedelta(days=29), datetime.min.time(), UTC)
    # A third of the members stop buying: their orders of the last 30 days are gone.
    db.session.execute(delete(Order).where(Order.paid_at >= window_start, Order.member_id % 3 == 0))
    db.session.commit()

    orders = _paid_orders()
    now_set = _active(orders, yesterday, 30)
    before_set = _active(orders, yesterday - timedelta(days=30), 30)
    stopped = before_set - now_set
    assert len(now_set) < 0.95 * len(before_set) and stopped

    fired = admin_client.post("/api/alerts/check").get_json()["fired"]
    assert len(fired) == 1
    alert = fired[0]
    assert alert["value"] == len(now_set) and alert["previous"] == len(before_set)
    assert alert["members"] == len(stopped)
    assert alert["outcome"]["entered"] == {winback.KEY: len(stopped)}
    assert alert["outcome"]["emails"]["sent"] == 1  # the demo's email sandbox, one admin

    journey_id = db.session.scalar(select(Journey.id).where(Journey.key == winback.KEY))
    entered = db.session.execute(
        select(JourneyMember.member_id, JourneyMember.entry_key).where(
            JourneyMember.journey_id == journey_id
        )
    ).all()
    assert {m for m, _ in entered} == stopped
    assert {k for _, k in entered} == {f"alert:{alert['id']}"}

    # Once per period: checking again, the next day too, records nothing more.
    assert admin_client.post("/api/alerts/check").get_json()["fired"] == []
    demo.advance(days=1)
    assert admin_client.post("/api/alerts/check").get_json()["fired"] == []
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 1
    assert db.session.scalar(select(func.count()).select_from(JourneyMember)) == len(stopped)


def test_admins_see_it_unread_until_they_read_it(demo, admin_client, viewer_client, runner):
    db.session.execute(delete(Order).where(Order.member_id % 2 == 0))
    db.session.commit()
    result = runner.invoke(args=["alerts", "check"])
    assert result.exit_code == 0 and "1 alert(s) fired" in result.output, result.output
    listed = admin_client.get("/api/alerts").get_json()
    assert listed["unread"] == 1 and listed["alerts"][0]["monitor"] == winback.MONITOR
    assert admin_client.post("/api/alerts/read").get_json() == {"unread": 0}
    assert admin_client.get("/api/alerts").get_json()["unread"] == 0
    assert viewer_client.get("/api/alerts").get_json()["unread"] == 1


def test_a_demo_within_the_threshold_fires_nothing(demo, admin_client):
    """The demo's month-on-month swing is a few percent; a 50% fall is not there."""
    assert admin_client.delete(f"/api/alerts/monitors/{winback.MONITOR}").status_code == 204
    relaxed = MONITOR | {"threshold": 50}
    assert admin_client.post("/api/alerts/monitors", json=relaxed).status_code == 201
    assert admin_client.post("/api/alerts/check").get_json()["fired"] == []
    assert db.session.scalar(select(func.count()).select_from(JourneyMember)) == 0


@pytest.mark.parametrize(
    "change, field",
    [
        ({"metric": "happiness"}, "metric"),
        ({"comparison": "drops"}, "comparison"),
        ({"threshold": -1}, "threshold"),
        ({"period_days": 0}, "period_days"),
        ({"period_days": 400}, "period_days"),
        ({"key": "Not A Key"}, "key"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_monitor_is_named_and_writes_nothing(app, admin_client, change, field):
    response = admin_client.post("/api/alerts/monitors", json=MONITOR | change)
    assert response.status_code == 400, response.get_json()
    assert field in str(response.get_json()["errors"])
    assert db.session.scalar(select(func.count()).select_from(AlertMonitor)) == 0


def test_only_admins_write_monitors_and_keys_are_unique(app, admin_client, viewer_client):
    assert viewer_client.post("/api/alerts/monitors", json=MONITOR).status_code == 403
    assert admin_client.post("/api/alerts/monitors", json=MONITOR).status_code == 201
    again = admin_client.post("/api/alerts/monitors", json=MONITOR)
    assert again.status_code == 409 and again.get_json()["errors"][0]["field"] == "key"
    off = admin_client.patch(f"/api/alerts/monitors/{winback.MONITOR}", json={"active": False})
    assert off.get_json()["active"] is False
    assert viewer_client.get("/api/alerts/monitors").get_json()["monitors"][0]["active"] is False
    assert admin_client.delete("/api/alerts/monitors/nope").status_code == 404
