"""RFM refresh stores scores on members; the RFM API and CLI read and trigger it."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
from sqlalchemy import select

from app.audiences.rfm.facts import order_facts
from app.audiences.rfm.refresh import refresh_rfm
from app.audiences.rfm.segments import UNSCORED_SEGMENTS, segment_for
from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Member
from tests.audiences.factories import NOW, insert_population, population, purchase_amount


def bought(pop, since=None, until=NOW) -> set[int]:
    """Members with a purchase (a paid order) from ``since`` (or ever) to ``until``."""
    return {
        o["member_id"]
        for o in pop.orders
        if purchase_amount(o) is not None
        and (since is None or since <= o["paid_at"])
        and o["paid_at"] <= until
    }


def test_refresh_scores_buyers_and_says_why_others_have_no_scores(app):
    pop = population(n=200)
    insert_population(db.session, pop)
    result = refresh_rfm(db.session, NOW, 365)
    in_window = bought(pop, NOW - timedelta(days=365))
    before_window = bought(pop) - in_window
    assert result["scored"] == len(in_window)
    assert before_window and len(pop.members) - len(in_window | before_window) > 0
    rows = db.session.execute(
        select(Member.id, Member.rfm_r, Member.rfm_segment, Member.rfm_updated_at)
    ).all()
    for mid, r, segment, updated in rows:
        assert updated == NOW
        if mid in in_window:
            assert 1 <= r <= 5 and segment not in (None, *UNSCORED_SEGMENTS)
        elif mid in before_window:
            assert (r, segment) == (None, "Lost"), mid
        else:
            assert (r, segment) == (None, "Never bought"), mid


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
    assert segments["Lost"]["members"] > 0 and segments["Never bought"]["members"] > 0
    assert "No orders" not in segments
    assert segments["Lost"]["description"] == "Bought before the last 365 days, not in them"
    assert segments["Hibernating"]["description"].endswith("R 1-2, FM 1-2")
    assert data["as_of"] == data["refreshed_at"]
    # A refresh that changes nobody still counts as the last refresh.
    app.extensions["clock"] = VirtualClock(NOW + timedelta(minutes=5))
    again = marketer_client.post("/api/rfm/refresh").get_json()
    assert again["changed"] == 0
    assert marketer_client.get("/api/rfm").get_json()["refreshed_at"] == again["refreshed_at"]


def test_viewer_cannot_refresh(viewer_client):
    assert viewer_client.post("/api/rfm/refresh").status_code == 403


def test_cli_refresh(app, runner):
    app.extensions["clock"] = VirtualClock(NOW)
    insert_population(db.session, population(n=40))
    result = runner.invoke(args=["rfm", "refresh", "--window-days", "180"])
    assert result.exit_code == 0, result.output
    assert "over 180 days" in result.output


def reference_scores(pop, now, days: int = 365) -> pd.DataFrame:
    """RFM scores by an independent pandas computation (ranks, then the segment table):
    purchases are paid orders, spend is amount less discount less refunds."""
    orders = pd.DataFrame(pop.orders)
    for column in ("amount", "discount", "refunded"):
        orders[column] = orders[column].astype(float)
    orders = orders[orders["status"] == "paid"]
    orders["net"] = orders["amount"] - orders["discount"] - orders["refunded"]
    window = orders[(orders["paid_at"] >= now - timedelta(days=days)) & (orders["paid_at"] <= now)]
    facts = window.groupby("member_id").agg(
        orders=("id", "count"), revenue=("net", "sum"), last=("paid_at", "max")
    )
    n = len(facts)

    def score(values: pd.Series) -> pd.Series:
        return (1 + (5 * (values.rank(method="min") - 1)) // n).clip(upper=5).astype(int)

    facts["r"] = score(facts["last"].map(lambda t: t.timestamp()))
    facts["f"] = score(facts["orders"].astype(float))
    facts["m"] = score(facts["revenue"].round(2))
    facts["segment"] = [
        segment_for(r, f, m) for r, f, m in zip(facts.r, facts.f, facts.m, strict=True)
    ]
    return facts


def stored(session) -> dict[int, tuple]:
    rows = session.execute(
        select(
            Member.id,
            Member.rfm_r,
            Member.rfm_f,
            Member.rfm_m,
            Member.rfm_segment,
            Member.rfm_updated_at,
        )
    ).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def test_order_facts_match_pandas(app):
    pop = population(n=200)
    insert_population(db.session, pop)
    facts = order_facts(db.session, NOW, 365).set_index("member_id")
    want = reference_scores(pop, NOW)
    assert list(facts.index) == sorted(want.index)
    assert len(facts) < len({o["member_id"] for o in pop.orders})
    assert (facts["orders"] == want["orders"]).all()
    assert np.allclose(facts["revenue"], want["revenue"])
    assert list(facts["last_paid_at"]) == list(want["last"])


def test_refresh_matches_pandas_scores(app):
    pop = population(n=300, seed=11)
    insert_population(db.session, pop)
    refresh_rfm(db.session, NOW, 365)
    check_against_pandas(pop, NOW)


def check_against_pandas(pop, as_of, days: int = 365) -> None:
    want = reference_scores(pop, as_of, days)
    ever = bought(pop, until=as_of)
    for mid, (r, f, m, segment, _) in stored(db.session).items():
        if mid in want.index:
            row = want.loc[mid]
            assert (r, f, m, segment) == (row.r, row.f, row.m, row.segment), mid
        else:
            unscored = "Lost" if mid in ever else "Never bought"
            assert (r, f, m, segment) == (None, None, None, unscored), mid


def test_refresh_writes_only_what_changed(app):
    insert_population(db.session, population(n=200))
    first = refresh_rfm(db.session, NOW, 365)
    assert first["changed"] == 200
    before = stored(db.session)
    again = refresh_rfm(db.session, NOW, 365)
    assert again["changed"] == 0
    assert stored(db.session) == before

    later = NOW + timedelta(days=40)
    result = refresh_rfm(db.session, later, 365)
    after = stored(db.session)
    moved = {mid for mid in after if after[mid][:4] != before[mid][:4]}
    assert result["changed"] == len(moved) > 0
    for mid, row in after.items():
        assert row[4] == (later if mid in moved else NOW)
