"""RFM refresh stores scores on members; the RFM API and CLI read and trigger it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from app.audiences.rfm.facts import order_facts
from app.audiences.rfm.refresh import refresh_rfm
from app.audiences.rfm.segments import UNSCORED_SEGMENTS, segment_for
from app.engine.clock import VirtualClock
from app.extensions import db
from app.models import Member, RfmRefresh
from tests.audiences.factories import (
    NOW,
    Population,
    insert_population,
    member_row,
    population,
    purchase_amount,
)


def order_row(oid: int, mid: int, amount: str, paid_at: datetime, **extra) -> dict:
    row = {
        "id": oid,
        "external_id": f"o{oid}",
        "member_id": mid,
        "amount": Decimal(amount),
        "discount": Decimal("0"),
        "refunded": Decimal("0"),
        "status": "paid",
        "paid_at": paid_at,
    }
    return {**row, **extra}


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


AS_OF = datetime(2025, 1, 31, 23, 59, 59, 999999, tzinfo=UTC)


def test_cli_scores_as_of_a_past_date(app, runner):
    app.extensions["clock"] = VirtualClock(NOW)
    pop = population(n=300, seed=5)
    insert_population(db.session, pop)
    # A member whose first purchase comes after the date.
    newcomer = Population(
        members=[member_row(301)], orders=[order_row(10_000, 301, "35.00", NOW - timedelta(30))]
    )
    insert_population(db.session, newcomer)
    pop.members += newcomer.members
    pop.orders += newcomer.orders
    result = runner.invoke(args=["rfm", "refresh", "--as-of", "2025-01-31"])
    assert result.exit_code == 0, result.output
    assert "as of 2025-01-31T23:59:59.999999+00:00" in result.output
    # Orders after the date are ignored: the scores are pandas' scores at that moment.
    check_against_pandas(pop, AS_OF)
    then = stored(db.session)
    log = db.session.scalars(select(RfmRefresh)).one()
    assert (log.refreshed_at, log.as_of) == (NOW, AS_OF)

    later = NOW + timedelta(minutes=1)
    refresh_rfm(db.session, later, 365)
    check_against_pandas(pop, later)
    now = stored(db.session)
    moved = [mid for mid in now if now[mid][:4] != then[mid][:4]]
    assert len(moved) > len(now) // 4
    # Members whose first purchase came after the date had never bought as of it.
    first_after = bought(pop, until=NOW) - bought(pop, until=AS_OF)
    assert 301 in first_after
    assert {then[mid][3] for mid in first_after} == {"Never bought"}
    assert now[301][0] is not None and now[301][3] not in UNSCORED_SEGMENTS


def test_as_of_counts_the_whole_day_and_nothing_after(app, runner):
    app.extensions["clock"] = VirtualClock(NOW)
    last_second = datetime(2025, 1, 31, 23, 59, 59, tzinfo=UTC)
    next_day = datetime(2025, 2, 1, tzinfo=UTC)
    pop = Population(
        members=[member_row(1), member_row(2), member_row(3)],
        orders=[
            order_row(1, 1, "20.00", last_second),
            order_row(2, 2, "20.00", next_day),
            order_row(3, 3, "20.00", AS_OF - timedelta(days=365)),
            order_row(4, 3, "20.00", AS_OF - timedelta(days=365, microseconds=1)),
        ],
    )
    insert_population(db.session, pop)
    assert runner.invoke(args=["rfm", "refresh", "--as-of", "2025-01-31"]).exit_code == 0
    got = {mid: row[3] for mid, row in stored(db.session).items()}
    assert got[2] == "Never bought"
    assert got[1] not in UNSCORED_SEGMENTS and got[3] not in UNSCORED_SEGMENTS
    facts = order_facts(db.session, AS_OF, 365).set_index("member_id")
    assert facts.loc[3, "orders"] == 1  # the order one microsecond before the window is out


def test_as_of_refuses_the_future(app, runner):
    app.extensions["clock"] = VirtualClock(NOW)
    result = runner.invoke(args=["rfm", "refresh", "--as-of", "2025-06-16"])
    assert result.exit_code == 2
    assert "2025-06-16 is in the future" in result.output
    assert db.session.scalar(select(func.count()).select_from(RfmRefresh)) == 0
    today = runner.invoke(args=["rfm", "refresh", "--as-of", "2025-06-15"])
    assert today.exit_code == 0, today.output
    assert db.session.scalars(select(RfmRefresh)).one().as_of == NOW
    bad = runner.invoke(args=["rfm", "refresh", "--as-of", "15/06/2025"])
    assert bad.exit_code == 2 and "--as-of" in bad.output
