"""RFM refresh stores scores on members; the RFM API and CLI read and trigger it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.audiences.rfm.refresh import refresh_rfm
from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Member
from tests.audiences.factories import NOW, insert_population, population


def test_refresh_scores_buyers_and_marks_others(app):
    pop = population(n=200)
    insert_population(db.session, pop)
    result = refresh_rfm(db.session, NOW, 365)
    in_window = {
        o["member_id"] for o in pop.orders if NOW - timedelta(days=365) <= o["paid_at"] <= NOW
    }
    assert result["scored"] == len(in_window)
    rows = db.session.execute(
        select(Member.id, Member.rfm_r, Member.rfm_segment, Member.rfm_updated_at)
    ).all()
    for mid, r, segment, updated in rows:
        assert updated == NOW
        if mid in in_window:
            assert 1 <= r <= 5 and segment not in (None, "No orders")
        else:
            assert r is None and segment == "No orders"


def test_rfm_api_gives_shares_and_refresh_time(app, marketer_client):
    app.extensions["clock"] = VirtualClock(NOW)
    insert_population(db.session, population(n=150))
    before = marketer_client.get("/api/rfm").get_json()
    assert before["refreshed_at"] is None
    refreshed = marketer_client.post("/api/rfm/refresh").get_json()
    assert refreshed["refreshed_at"].startswith("2025-06-15")
    data = marketer_client.get("/api/rfm").get_json()
    assert data["window_days"] == 365
    assert data["refreshed_at"].startswith("2025-06-15")
    segments = {s["segment"]: s for s in data["segments"]}
    assert sum(s["members"] for s in data["segments"]) == 150
    assert abs(sum(s["member_share"] for s in data["segments"]) - 1) < 0.01
    assert abs(sum(s["revenue_share"] for s in data["segments"]) - 1) < 0.01
    assert segments["No orders"]["members"] > 0


def test_viewer_cannot_refresh(viewer_client):
    assert viewer_client.post("/api/rfm/refresh").status_code == 403


def test_cli_refresh(app, runner):
    app.extensions["clock"] = VirtualClock(NOW)
    insert_population(db.session, population(n=40))
    result = runner.invoke(args=["rfm", "refresh", "--window-days", "180"])
    assert result.exit_code == 0, result.output
    assert "over 180 days" in result.output
